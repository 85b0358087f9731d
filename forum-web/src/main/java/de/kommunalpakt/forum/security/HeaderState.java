package de.kommunalpakt.forum.security;

import de.kommunalpakt.forum.member.Actor;
import org.springframework.stereotype.Component;

/**
 * The signed-in person for the page header where no controller put it into the model:
 * error pages rendered by an exception handler keep name, counter and search like every
 * other page (the counter is then filled by the live script).
 */
@Component("headerState")
public class HeaderState {

	public Actor actor() {
		try {
			return CurrentActor.get().orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
