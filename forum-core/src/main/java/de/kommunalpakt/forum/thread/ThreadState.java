package de.kommunalpakt.forum.thread;

/**
 * Life of a thread. Open and answered threads take replies; closed ones can be reopened;
 * locked ones are frozen by a moderator (no replies, no edits by members).
 */
public enum ThreadState {

	OPEN, ANSWERED, CLOSED, LOCKED;

	public boolean acceptsReplies() {
		return this == OPEN || this == ANSWERED;
	}

}
