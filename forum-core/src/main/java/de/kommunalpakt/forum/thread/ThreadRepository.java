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

	List<Thread> findAllById(Collection<ThreadId> ids);

	void insert(Thread thread);

	/**
	 * Takes the next post number if the thread still accepts replies, in one atomic step.
	 * @return the thread after the step, or empty if it does not accept replies (or is
	 * gone)
	 */
	Optional<Thread> reservePostNumber(ThreadId id);

	/** Records that post {@code number} was written: last activity, poster, version. */
	void recordActivity(ThreadId id, int number, String posterName, Instant at);

	/** Marks a change of one of the thread's posts, so derived data (search) follows. */
	long touch(ThreadId id);

	/**
	 * Stores the moves of {@code after} if the thread is still at {@code before}'s
	 * version.
	 * @return false if someone changed it meanwhile
	 */
	boolean update(Thread before, Thread after);

	Page<Thread> find(ThreadQuery query, int page, int size);

	/** Number of threads per space. */
	Map<SpaceId, Long> countBySpace();

	/** Every thread, in batches, for rebuilding derived data. */
	void forEach(Consumer<Thread> action);

	long count();

}
