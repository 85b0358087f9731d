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
 * Re-reading from the checkpoint is a <em>full</em> pass, and runs at most every
 * {@code fullEvery} (default {@link #FULL_EVERY}); the passes between only read what came
 * after the newest change seen. A change that lands late is handed on by the next full
 * pass. Readers are woken by every write: with a full pass each time, one connection
 * posting back to back made the mail reader read the last five seconds of the log (some
 * 750 changes) over and over, 0.15 of a core and 213 MB/s of garbage, and the stand-in
 * about as much again to serve it (JFR, ./forum bench-mail, 04.12.2026).
 *
 * <p>
 * Not thread-safe: one thread reads. Several instances may read under the same name; the
 * checkpoint only moves forward, and the handler's idempotence absorbs the overlap.
 */
public final class ChangeReader {

	private static final Logger log = LoggerFactory.getLogger(ChangeReader.class);

	private static final int BATCH = 500;

	/**
	 * How often a pass re-reads from the checkpoint, at most: a change that lands after a
	 * newer one was read waits this long at most (plus the pass) to be handed on.
	 */
	public static final Duration FULL_EVERY = Duration.ofMillis(500);

	private final String name;

	private final ChangeLog changes;

	private final ChangeCheckpoints checkpoints;

	private final long settleNanos;

	private final long fullEveryNanos;

	/**
	 * Where the passes between full ones read from: the newest change id seen or the
	 * stored checkpoint, whichever is further (null: the start of the log). Another
	 * instance may move the checkpoint past what this one saw.
	 */
	private String newest;

	/** When the last full pass began (nanoTime). */
	private long lastFull;

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
		this(name, changes, checkpoints, settle, FULL_EVERY);
	}

	/**
	 * With its own interval of full passes ({@link Duration#ZERO}: every pass is one).
	 */
	public ChangeReader(String name, ChangeLog changes, ChangeCheckpoints checkpoints, Duration settle,
			Duration fullEvery) {
		this.name = name;
		this.changes = changes;
		this.checkpoints = checkpoints;
		this.settleNanos = settle.toNanos();
		this.fullEveryNanos = fullEvery.toNanos();
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
	 * yet to {@code handler}, oldest first, then moves the checkpoint as far as is safe;
	 * or, within {@code fullEvery} of the last such full pass, every change after the
	 * newest one seen. Stops when {@code running} turns false or the handler throws; that
	 * change comes again in the next pass, and the exception is passed on.
	 * @return how many changes were handed on
	 */
	public int read(Consumer<ForumChange> handler, BooleanSupplier running) {
		long pass = System.nanoTime();
		boolean full = !this.positioned || pass - this.lastFull >= this.fullEveryNanos;
		String cursor = this.newest;
		if (full) {
			this.lastFull = pass;
			cursor = positionAtCheckpoint();
			if (cursor != null && (this.newest == null || cursor.compareTo(this.newest) > 0)) {
				this.newest = cursor;
			}
		}
		String safe = null;
		int count = 0;
		RuntimeException failure = null;
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
				if (full && pass - seen >= this.settleNanos) {
					safe = change.id();
				}
				cursor = change.id();
				if (this.newest == null || cursor.compareTo(this.newest) > 0) {
					this.newest = cursor;
				}
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
	 * The start of a full pass: the stored checkpoint (created at the end of the log if
	 * there is none), which the handed-on changes and the position follow if another
	 * instance moved it further.
	 */
	private String positionAtCheckpoint() {
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
		return from;
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
