package de.kommunalpakt.forum.notification.web;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.stereotype.Component;

/**
 * What a member reads for something they watch: a space's name, a thread's title, a
 * Land's name, a tag; not an id. A space or thread the member may no longer open has no
 * name (its name is not shown to them any more).
 */
@Component
public class WatchTargetNames {

	private final SpaceService spaces;

	private final ThreadService threads;

	WatchTargetNames(SpaceService spaces, ThreadService threads) {
		this.spaces = spaces;
		this.threads = threads;
	}

	/**
	 * A target's name and page.
	 *
	 * @param name what the member reads, {@code null} for a space or thread they may no
	 * longer open (or one that is gone)
	 * @param path its page in the forum, or {@code null}
	 */
	public record Named(String name, String path) {
	}

	public Named name(Actor actor, WatchTarget target) {
		try {
			return switch (target.type()) {
				case SPACE -> new Named(this.spaces.get(actor, target.value()).name(), "/bereiche/" + target.value());
				case THREAD ->
					new Named(this.threads.get(actor, new ThreadId(target.value())).title(), "/t/" + target.value());
				case LAND -> new Named(LandCode.valueOf(target.value()).displayName(), null);
				case TAG -> new Named(target.value(), null);
			};
		}
		catch (ForumException ex) {
			return new Named(null, null);
		}
		catch (IllegalArgumentException ex) {
			// A Land code no longer known: its code.
			return new Named(target.value(), null);
		}
	}

}
