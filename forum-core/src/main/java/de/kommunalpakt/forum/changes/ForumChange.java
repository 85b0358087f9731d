package de.kommunalpakt.forum.changes;

import java.time.Instant;
import java.util.Objects;

/**
 * An accepted write, by id only: listeners reload what they need and are safe to repeat.
 *
 * @param id position in the change log (set by the log; null before appending)
 * @param kind what happened
 * @param threadId the thread, if any
 * @param postNumber the post number in the thread, or 0
 * @param spaceId the space of the thread at the time
 * @param actorId who did it
 * @param threadVersion version of the thread (or of the subject) after the change
 * @param at when
 * @param subjectId what a change without a thread is about (e.g. the First Mover
 * application), or null; with {@code threadVersion} its readers reload the step it made
 */
public record ForumChange(String id, ChangeKind kind, String threadId, int postNumber, String spaceId, String actorId,
		long threadVersion, Instant at, String subjectId) {

	public ForumChange {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(at, "at");
	}

	/** A change with no subject besides its thread. */
	public ForumChange(String id, ChangeKind kind, String threadId, int postNumber, String spaceId, String actorId,
			long threadVersion, Instant at) {
		this(id, kind, threadId, postNumber, spaceId, actorId, threadVersion, at, null);
	}

	public ForumChange withId(String newId) {
		return new ForumChange(newId, this.kind, this.threadId, this.postNumber, this.spaceId, this.actorId,
				this.threadVersion, this.at, this.subjectId);
	}

	/** The post id in its text form {@code <thread>-<number>}, or null. */
	public String postId() {
		return (this.threadId != null && this.postNumber > 0) ? this.threadId + "-" + this.postNumber : null;
	}

}
