package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.space.SpaceId;

/**
 * Threads. Counters change atomically in the store; state changes are version-checked.
 */
public interface ThreadRepository {

	Optional<Thread> findById(ThreadId id);

	/**
	 * The thread as a page shows it: may come from a cache that this instance's own
	 * writes clear at once and other instances' writes within a fraction of a second
	 * (their change stream). Commands read with {@link #findById}.
	 */
	default Optional<Thread> findShown(ThreadId id) {
		return findById(id);
	}

	List<Thread> findAllById(Collection<ThreadId> ids);

	void insert(Thread thread);

	/**
	 * Takes the next post number if the thread still accepts replies and records the
	 * reply's activity (last activity, poster, version), in one atomic step. A crash
	 * before the post is written leaves a number and an activity without a post, which
	 * {@link ThreadCheck} gives back on the next start.
	 * @return the thread after the step, or empty if it does not accept replies (or is
	 * gone)
	 */
	Optional<Thread> reservePostNumber(ThreadId id, String posterName, Instant at);

	/**
	 * Marks the thread hidden (its opening post is hidden by the moderation) or shown
	 * again, and increments the version so that derived data (search) follows.
	 * @return the version after the step (0 if the thread is gone)
	 */
	long setHidden(ThreadId id, boolean hidden);

	/** Marks a change of one of the thread's posts, so derived data (search) follows. */
	long touch(ThreadId id);

	/**
	 * Stores the moves of {@code after} if the thread is still at {@code before}'s
	 * version.
	 * @return false if someone changed it meanwhile
	 */
	boolean update(Thread before, Thread after);

	/**
	 * Stores corrected counters of a thread (postCount, accepted answer and the state
	 * that follows from it, last activity) if it is still at {@code before}'s version,
	 * and increments the version so that derived data follows.
	 * @return the version after the step, or empty if someone changed the thread
	 * meanwhile
	 */
	java.util.OptionalLong repair(Thread before, Thread corrected);

	/**
	 * Raises the post counter to at least {@code postCount} (a post beyond it exists).
	 */
	void raisePostCount(ThreadId id, int postCount);

	/**
	 * Raises the version above {@code version} if it is not already; derived data (the
	 * search index) may hold that version of a state the database lost in a crash.
	 * @return the version after the step, or 0 if the thread is gone
	 */
	long raiseVersionAbove(ThreadId id, long version);

	Page<Thread> find(ThreadQuery query, int page, int size);

	/** Number of threads per space, hidden threads not counted. */
	Map<SpaceId, Long> countBySpace();

	/** Every thread, in batches, for rebuilding derived data. */
	void forEach(Consumer<Thread> action);

	long count();

	/**
	 * Removes a thread for good (only the demo's reset does this; the forum itself never
	 * deletes).
	 */
	void delete(ThreadId id);

}
