package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.Objects;

/**
 * What the moderation (or the author) did to a post: hidden with a reason, or deleted. A
 * post without one is visible.
 *
 * @param state hidden or deleted
 * @param reason why, as the moderator wrote it (shown with the post and to its author)
 * @param byName display name of who did it
 * @param byAuthor the author deleted it themselves
 * @param at when
 */
public record PostModeration(State state, String reason, String byName, boolean byAuthor, Instant at) {

	/** The longest reason a moderator may give. */
	public static final int MAX_REASON = 500;

	public PostModeration {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(at, "at");
		reason = (reason != null) ? reason : "";
	}

	/** The two states a post can be put into. */
	public enum State {

		/** The text is withheld from everyone but moderators and the author. */
		HIDDEN,
		/** The text, its revisions and its search entry are gone; a tombstone stays. */
		DELETED

	}

	public boolean isHidden() {
		return this.state == State.HIDDEN;
	}

	public boolean isDeleted() {
		return this.state == State.DELETED;
	}

}
