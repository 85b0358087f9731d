package de.kommunalpakt.forum.changes;

import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the change log at least once for one durable reader, from a checkpoint in the
 * database, so that a restart, a crash or another instance continues where it stood.
 *
 * <p>
 * Log ids are made by the writing instance before the insert lands, so with concurrent
 * writers a change with a lower id can become visible just after a higher one was read. A
 * checkpoint moved at once past the higher one would skip it for good. So the reader
 * hands each change on as soon as it sees it, but moves the stored checkpoint only past
 * changes it saw at least {@code settle} ago (every insert that was then in flight has
 * landed, and every pass re-reads from the checkpoint); changes handled since are
 * remembered here and not handed on twice. After a restart the changes of the last
 * {@code settle} come again, so the handler must be idempotent.
 *
 * <p>
 * Not thread-safe: one thread reads. Several instances may read under the same name; the
 * checkpoint only moves forward, and the handler's idempotence absorbs the overlap.
 */
public final class ChangeReader {

	private static final Logger log = LoggerFactory.getLogger(ChangeReader.class);

	private static final int BATCH = 500;

	private final String name;

	private final ChangeLog changes;

	private final ChangeCheckpoints checkpoints;

	private final long settleNanos;

	/** Changes handled after the stored checkpoint, with when they were (nanoTime). */
	private final NavigableMap<String, Long> handled = new TreeMap<>();

	private boolean warnedPruned;

	/**
	 * The newest change handed on, or the checkpoint before the first: read by other
	 * threads for {@link #backlog}.
	 */
	private volatile String position;

	private volatile boolean positioned;

	public ChangeReader(String name, ChangeLog changes, ChangeCheckpoints checkpoints, Duration settle) {
		this.name = name;
		this.changes = changes;
		this.checkpoints = checkpoints;
		this.settleNanos = settle.toNanos();
	}

	/**
	 * A reader without a checkpoint starts at the end of the log: it is new, and what was
	 * written before it existed is not its business.
	 */
	public void open() {
		if (this.checkpoints.find(this.name).isEmpty()) {
			this.checkpoints.create(this.name, this.changes.latestId());
		}
	}

	/**
	 * One pass: hands every change after the checkpoint that this reader has not handled
	 * yet to {@code handler}, oldest first, then moves the checkpoint as far as is safe.
	 * Stops when {@code running} turns false or the handler throws; that change comes
	 * again in the next pass, and the exception is passed on.
	 * @return how many changes were handed on
	 */
	public int read(Consumer<ForumChange> handler, BooleanSupplier running) {
		long pass = System.nanoTime();
		String from = this.checkpoints.find(this.name)
			.orElseGet(() -> this.checkpoints.create(this.name, this.changes.latestId()))
			.changeId();
		if (from != null) {
			// Another instance may have moved the checkpoint past what this one holds.
			this.handled.headMap(from, true).clear();
		}
		if (!this.positioned || (from != null && (this.position == null || from.compareTo(this.position) > 0))) {
			this.position = from;
			this.positioned = true;
		}
		if (!this.warnedPruned && this.changes.prunedPast(from)) {
			this.warnedPruned = true;
			log.warn("{}: Das Änderungsprotokoll wurde über den Prüfpunkt {} hinaus gekürzt; "
					+ "ältere Änderungen werden nicht mehr verarbeitet", this.name, from);
		}
		String safe = null;
		int count = 0;
		RuntimeException failure = null;
		String cursor = from;
		List<ForumChange> batch = this.changes.after(cursor, BATCH);
		reading: while (!batch.isEmpty()) {
			for (ForumChange change : batch) {
				if (!running.getAsBoolean()) {
					break reading;
				}
				Long seen = this.handled.get(change.id());
				if (seen == null) {
					try {
						handler.accept(change);
					}
					catch (RuntimeException ex) {
						failure = ex;
						break reading;
					}
					seen = System.nanoTime();
					this.handled.put(change.id(), seen);
					this.position = change.id();
					count++;
				}
				if (pass - seen >= this.settleNanos) {
					safe = change.id();
				}
				cursor = change.id();
			}
			batch = (batch.size() < BATCH) ? List.of() : this.changes.after(cursor, BATCH);
		}
		if (safe != null) {
			this.checkpoints.advance(this.name, safe);
			this.handled.headMap(safe, true).clear();
		}
		if (failure != null) {
			throw failure;
		}
		return count;
	}

	/**
	 * How many changes in the log this reader has not handed on yet, counted up to
	 * {@code cap} (an operational figure; before the first pass: since the checkpoint).
	 */
	public int backlog(int cap) {
		String from = this.positioned ? this.position
				: this.checkpoints.find(this.name).map(ChangeCheckpoints.Position::changeId).orElse(null);
		return this.changes.after(from, cap).size();
	}

}
