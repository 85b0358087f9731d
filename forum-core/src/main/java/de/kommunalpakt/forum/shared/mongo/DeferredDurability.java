package de.kommunalpakt.forum.shared.mongo;

import java.util.function.Supplier;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;

/**
 * The writes of one action before its last: they need not wait for the journal, because
 * the action's last write does, and the journal (the stand-in's commit) is one sequence
 * in which a later write on disk means every earlier one is too. A reply makes six
 * writes; only the last (the change entry) waits, five commits fewer per reply. A
 * repeated submission that finds the claim of the first makes a journaled write before it
 * answers, so what it names is on disk too. A crash in between leaves a prefix of the
 * writes, as it could before, and nothing acknowledged is lost: the answer comes after
 * the last write.
 * <p>
 * Inside {@link #run}, repositories write through {@link #collection}, which asks for
 * write concern {@code j: false}; outside, the collection as configured.
 */
public final class DeferredDurability {

	static final WriteConcern NOT_JOURNALED = WriteConcern.W1.withJournal(false);

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private DeferredDurability() {
	}

	/**
	 * Runs writes whose durability the caller's next acknowledged write provides; the
	 * caller must make one before it answers.
	 */
	public static <T> T run(Supplier<T> writes) {
		Boolean outer = ACTIVE.get();
		ACTIVE.set(Boolean.TRUE);
		try {
			return writes.get();
		}
		finally {
			if (outer == null) {
				ACTIVE.remove();
			}
		}
	}

	/**
	 * The collection to write to: without waiting for the journal inside {@link #run}.
	 */
	public static <D> MongoCollection<D> collection(MongoCollection<D> collection) {
		return Boolean.TRUE.equals(ACTIVE.get()) ? collection.withWriteConcern(NOT_JOURNALED) : collection;
	}

}
