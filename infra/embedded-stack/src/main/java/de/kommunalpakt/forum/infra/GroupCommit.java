package de.kommunalpakt.forum.infra;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * Makes the stand-in's writes durable before they are acknowledged: each write command
 * runs, then waits until an {@link MVStore#commit()} has written it to the file and, for
 * {@link EmbeddedMongo.Durability#FSYNC}, until a {@link MVStore#sync()} has forced it to
 * disk.
 * <p>
 * Commits and fsyncs are shared (group commit): a commit or fsync covers every write
 * finished before it started, so writers that finish while one runs wait for the next one
 * together, which one of them runs. A write command holds the read side of a lock, a
 * commit the write side: H2 writes a command's changes to several maps one after the
 * other (document, index keys, size, oplog entry), and a commit in the middle of a
 * command would put half of it on disk, for example an {@code _id} key without its
 * document. For the same reason MVStore's own commits (in the background and when its
 * write buffer fills) are switched off (see {@link StandInH2Backend#open}).
 */
final class GroupCommit {

	private final MVStore store;

	private final EmbeddedMongo.Durability durability;

	/** Read side: a write command changing maps. Write side: a commit. */
	private final ReentrantReadWriteLock changes = new ReentrantReadWriteLock();

	private final Object monitor = new Object();

	/**
	 * Numbers the finished write commands; one is taken under the read lock, so a commit
	 * (under the write lock) covers every number taken before it.
	 */
	private long finished;

	/** The highest write command number written to the file by a commit. */
	private long committed;

	/**
	 * The highest write command number whose commit actually wrote something: a commit
	 * that finds nothing to write leaves no need to force the file.
	 */
	private long written;

	/** The highest write command number forced to disk. */
	private long synced;

	private boolean committing;

	private boolean syncing;

	GroupCommit(MVStore store, EmbeddedMongo.Durability durability) {
		this.store = store;
		this.durability = durability;
	}

	/**
	 * Runs a command that changes data; returns its result once the change is committed
	 * (and forced to disk, as the durability says). A failed command's partial changes
	 * are committed too before its error is returned, as MongoDB keeps the documents an
	 * ordered insert wrote before its error.
	 */
	<T> T write(Supplier<T> command) {
		T result = null;
		RuntimeException failure = null;
		long ticket;
		this.changes.readLock().lock();
		try {
			result = command.get();
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			// Also after an Error: a read lock left behind would stop every commit.
			ticket = finish();
		}
		try {
			awaitDurable(ticket);
		}
		catch (RuntimeException notDurable) {
			if (failure == null) {
				throw notDurable;
			}
			failure.addSuppressed(notDurable);
		}
		if (failure != null) {
			throw failure;
		}
		return result;
	}

	/**
	 * Runs a command whose client asked not to wait for the journal (write concern
	 * {@code j: false}): answered once applied, committed by the next commit, which a
	 * later acknowledged write waits for or {@link #commitDeferred} runs within a few
	 * milliseconds. A commit covers every command finished before it, so a client that
	 * ends a series of such writes with an acknowledged one has the whole series on disk
	 * when that answer comes, and a crash leaves a prefix of the commands, as before.
	 */
	<T> T writeDeferred(Supplier<T> command) {
		this.changes.readLock().lock();
		try {
			return command.get();
		}
		finally {
			finish();
		}
	}

	/** Commits the deferred writes, if any are not committed yet. */
	void commitDeferred() {
		long pending;
		synchronized (this.monitor) {
			pending = this.finished;
			if (this.committed >= pending) {
				return;
			}
		}
		awaitDurable(pending);
	}

	/** How many write commands have finished so far. */
	long finishedWrites() {
		synchronized (this.monitor) {
			return this.finished;
		}
	}

	/** Takes the number of a write command; the read lock is held until here. */
	private long finish() {
		try {
			synchronized (this.monitor) {
				return ++this.finished;
			}
		}
		finally {
			this.changes.readLock().unlock();
		}
	}

	private void awaitDurable(long ticket) {
		awaitCommitted(ticket);
		if (this.durability == EmbeddedMongo.Durability.FSYNC) {
			awaitSynced(ticket);
		}
	}

	/**
	 * Returns once a commit covers {@code ticket}: runs one unless one is running, else
	 * waits for it and, if it started before {@code ticket} was taken, for the next.
	 */
	private void awaitCommitted(long ticket) {
		synchronized (this.monitor) {
			while (this.committed < ticket) {
				if (!this.committing) {
					this.committing = true;
					break;
				}
				waitOnMonitor();
			}
			if (this.committed >= ticket) {
				return;
			}
		}
		long upTo = 0;
		boolean wrote = false;
		boolean done = false;
		try {
			this.changes.writeLock().lock();
			try {
				synchronized (this.monitor) {
					upTo = this.finished;
				}
				wrote = this.store.commit() >= 0;
				checkOpen();
			}
			finally {
				this.changes.writeLock().unlock();
			}
			done = true;
		}
		finally {
			synchronized (this.monitor) {
				this.committing = false;
				if (done) {
					this.committed = upTo;
					if (wrote) {
						this.written = upTo;
					}
				}
				this.monitor.notifyAll();
			}
		}
	}

	/**
	 * Returns once what the commit of {@code ticket} wrote is forced to disk, running an
	 * fsync or sharing one as {@link #awaitCommitted} does.
	 */
	private void awaitSynced(long ticket) {
		long upTo;
		synchronized (this.monitor) {
			// Nothing written after the last commit that wrote: that one is what counts.
			long needed = Math.min(ticket, this.written);
			while (this.synced < needed) {
				if (!this.syncing) {
					this.syncing = true;
					break;
				}
				waitOnMonitor();
			}
			if (this.synced >= needed) {
				return;
			}
			upTo = this.written;
		}
		sync(upTo);
	}

	/**
	 * Forces what was written up to now to disk unless that is done already
	 * ({@code COMMIT} mode calls this every few milliseconds).
	 */
	void syncIfWritten() {
		long upTo;
		synchronized (this.monitor) {
			if (this.syncing || this.synced >= this.written) {
				return;
			}
			this.syncing = true;
			upTo = this.written;
		}
		sync(upTo);
	}

	/** Runs an fsync covering {@code upTo}; the caller has set {@link #syncing}. */
	private void sync(long upTo) {
		boolean done = false;
		try {
			checkOpen();
			this.store.sync();
			done = true;
		}
		finally {
			synchronized (this.monitor) {
				this.syncing = false;
				if (done) {
					this.synced = Math.max(this.synced, upTo);
				}
				this.monitor.notifyAll();
			}
		}
	}

	/**
	 * Runs {@code work} while no write command changes maps, for work that commits itself
	 * (moving chunks to shrink the file) and closing the store.
	 */
	void exclusive(Runnable work) {
		this.changes.writeLock().lock();
		try {
			work.run();
		}
		finally {
			this.changes.writeLock().unlock();
		}
	}

	/**
	 * A store closed after a failed write (H2 closes it on an I/O error such as a full
	 * disk) ignores commits: no write may be acknowledged after that.
	 */
	private void checkOpen() {
		if (this.store.isClosed()) {
			throw new MongoServerException("Der Datenspeicher ist geschlossen; Schreiben ist nicht möglich");
		}
	}

	private void waitOnMonitor() {
		try {
			this.monitor.wait();
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
			throw new MongoServerException("Unterbrochen beim Warten auf das Schreiben");
		}
	}

}
