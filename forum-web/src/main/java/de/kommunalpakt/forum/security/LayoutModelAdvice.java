package de.kommunalpakt.forum.security;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the layout of every page needs: the signed-in person and the Länder list. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModelAdvice {

	@ModelAttribute("actor")
	Actor actor() {
		try {
			return CurrentActor.get().orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@ModelAttribute("laender")
	LandCode[] laender() {
		return LandCode.values();
	}

}
