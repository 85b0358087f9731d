package de.kommunalpakt.forum.changes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Durable, ordered log of accepted writes. */
public interface ChangeLog {

	/** Appends and returns the change with its log id. */
	ForumChange append(ForumChange change);

	/** Changes after the given log id (null: from the start), oldest first. */
	List<ForumChange> after(String changeId, int limit);

	/**
	 * The changes written since {@code from} per thread (an {@code _id} range: the
	 * start-up check reads only the tail).
	 */
	Tail tailSince(Instant from);

	/**
	 * What the tail of the log says per thread id.
	 *
	 * @param newestVersions the highest thread version logged
	 * @param writtenPosts the numbers of the posts whose writing is logged (a thread
	 * started, a reply posted)
	 */
	record Tail(Map<String, Long> newestVersions, Map<String, Set<Integer>> writtenPosts) {
	}

	/** When the start-up check of the threads last completed, if ever. */
	Optional<Instant> threadCheckAt();

	/**
	 * Records that the start-up check of the threads completed for the state at
	 * {@code at}.
	 */
	void recordThreadCheck(Instant at);

	/**
	 * Whether a change about {@code subjectId} is logged (a scan: for the rare repair of
	 * a decision a crash interrupted).
	 */
	boolean hasSubject(String subjectId);

	/** The newest log id, or null when the log is empty. */
	String latestId();

	/**
	 * Removes the changes written before {@code cutoff}, never the newest one (a reader
	 * that is up to date keeps its position). Returns how many were removed.
	 */
	long pruneBefore(Instant cutoff);

	/**
	 * The log id below which changes may have been removed, or null if none ever were. A
	 * reader whose position is below it may have missed changes and must start over.
	 */
	String prunedBelow();

	/**
	 * True when changes after {@code position} (null: the start) may have been removed
	 * before a reader there saw them (one lookup by key). Ids compare in log order as
	 * strings.
	 */
	default boolean prunedPast(String position) {
		String below = prunedBelow();
		return below != null && (position == null || position.compareTo(below) < 0);
	}

}
