package de.kommunalpakt.forum.changes;

import java.util.List;

/** Durable, ordered log of accepted writes. */
public interface ChangeLog {

	/** Appends and returns the change with its log id. */
	ForumChange append(ForumChange change);

	/** Changes after the given log id (null: from the start), oldest first. */
	List<ForumChange> after(String changeId, int limit);

	/** The newest log id, or null when the log is empty. */
	String latestId();

}
