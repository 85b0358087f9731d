package de.kommunalpakt.forum.notification;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification in a member's inbox.
 *
 * @param id unique within the inbox
 * @param kind why
 * @param threadId the thread
 * @param postNumber the post the notification points to (1 for the opening post)
 * @param threadTitle the thread's title at the time
 * @param actorName who caused it
 * @param detail a short extra text (e.g. the moderator action), may be empty
 * @param at when
 * @param read whether the member has seen it
 */
public record Notification(String id, NotificationKind kind, String threadId, int postNumber, String threadTitle,
		String actorName, String detail, Instant at, boolean read) {

	public Notification {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(at, "at");
		detail = (detail != null) ? detail : "";
	}

	/** The post id in its text form {@code <thread>-<number>}. */
	public String postId() {
		return this.threadId + "-" + Math.max(1, this.postNumber);
	}

	Notification asRead() {
		return this.read ? this : new Notification(this.id, this.kind, this.threadId, this.postNumber, this.threadTitle,
				this.actorName, this.detail, this.at, true);
	}

}
