package de.kommunalpakt.forum.search.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeCheckpoints;
import de.kommunalpakt.forum.changes.ChangeCheckpoints.Position;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangeReader;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.search.SearchProperties;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import jakarta.annotation.PreDestroy;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the thread index in step with MongoDB, at least once. The durable source is the
 * change log: the indexer reads it through a {@link ChangeReader} from its checkpoint
 * (collection {@code change_checkpoints}, reader {@code search:<alias>}), reloads each
 * changed thread by id and writes it with its version. The reader indexes a change as
 * soon as it sees it but moves the checkpoint past it only {@code forum.search.settle}
 * later, so a change whose insert lands after a newer one was indexed is not skipped. An
 * application event only wakes it early. While Elasticsearch is down the checkpoint
 * stays, and everything is caught up later; after a crash the next start continues from
 * the checkpoint (the last settle time is indexed again, harmless with external
 * versions).
 */
@Component
public class SearchIndexer {

	private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);

	private final ThreadIndex index;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final ChangeLog changes;

	private final ChangeCheckpoints checkpoints;

	/**
	 * Where versions before the change reader kept the checkpoint; read once to migrate.
	 */
	private final MongoCollection<Document> legacyState;

	private final SearchProperties properties;

	/**
	 * Fair, and taken by catch-up only when nobody waits: a rebuild waiting to switch the
	 * alias is not overtaken by the catch-up that every write starts.
	 */
	private final ReentrantLock running = new ReentrantLock(true);

	/** The thread that indexes a write of this instance right after it. */
	private final ExecutorService prompt = Executors
		.newSingleThreadExecutor(java.lang.Thread.ofPlatform().daemon().name("search-prompt").factory());

	/** Whether a pass for writes of this instance waits on {@link #prompt} already. */
	private final AtomicBoolean promptQueued = new AtomicBoolean();

	/**
	 * Used under {@link #running} only. Replaced after a rebuild: what it remembers as
	 * indexed went into the old index.
	 */
	/** Replaced by a rebuild; read by the metrics' thread too. */
	private volatile ChangeReader reader;

	private volatile boolean ready;

	private volatile long backoffUntil;

	/** Since when indexing fails (0: it does not); under {@link #running}. */
	private long pausedSince;

	/** When that was last logged. */
	private long pauseLogged;

	/** How often a pause is logged again while it lasts. */
	private static final Duration PAUSE_REMIND = Duration.ofMinutes(1);

	public SearchIndexer(ThreadIndex index, ThreadRepository threads, PostRepository posts, ChangeLog changes,
			ChangeCheckpoints checkpoints, MongoDatabase database, SearchProperties properties) {
		this.index = index;
		this.threads = threads;
		this.posts = posts;
		this.changes = changes;
		this.checkpoints = checkpoints;
		this.legacyState = database.getCollection("search_state");
		this.properties = properties;
		this.reader = newReader();
	}

	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		catchUp();
	}

	/**
	 * A write in this instance: index it now rather than at the next poll, on the
	 * indexer's own thread; writes arriving meanwhile share one further pass. Until
	 * 06.12.2026 every write started a virtual thread of its own: on two cores virtual
	 * threads loading classes can take both carriers and hang the JVM (see
	 * {@code spring.threads.virtual} in application.yml).
	 */
	@EventListener
	public void changed(ForumChange change) {
		if (this.promptQueued.compareAndSet(false, true)) {
			try {
				this.prompt.execute(() -> {
					this.promptQueued.set(false);
					catchUp();
				});
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// Stopping: the change is in the log, the next start indexes it.
			}
		}
	}

	@PreDestroy
	void stopPrompt() {
		this.prompt.shutdown();
	}

	@Scheduled(fixedDelay = 1000)
	public void poll() {
		catchUp();
	}

	/**
	 * Indexes everything the change log holds after the checkpoint that was not indexed
	 * yet; safe to call at any time.
	 */
	public void catchUp() {
		if (!this.properties.enabled() || System.currentTimeMillis() < this.backoffUntil) {
			return;
		}
		if (!tryLock(Duration.ZERO)) {
			return;
		}
		try {
			if (!this.ready) {
				migrateCheckpoint();
				if (this.index.ensureExists() || checkpoint().isEmpty()) {
					rebuild();
				}
				this.ready = true;
			}
			if (checkpointPruned()) {
				// The index is further behind than the change log reaches back: changes
				// it never saw may be gone. Start over from the threads themselves.
				log.warn("Suchindex liegt vor dem ältesten Eintrag des Änderungsprotokolls; baue ihn neu auf");
				rebuild();
			}
			this.reader.read(writer(this.index.alias(), new HashMap<>()), () -> true);
			this.backoffUntil = 0;
			if (this.pausedSince != 0) {
				log.info("Suchindex: Indexieren läuft wieder (pausiert seit {} s)",
						(System.currentTimeMillis() - this.pausedSince) / 1000);
				this.pausedSince = 0;
			}
		}
		catch (IOException | RuntimeException ex) {
			// Elasticsearch unreachable or refusing: the checkpoint stays behind every
			// change not indexed; try again shortly.
			this.backoffUntil = System.currentTimeMillis() + Duration.ofSeconds(2).toMillis();
			Throwable cause = (ex instanceof UncheckedIOException unchecked) ? unchecked.getCause() : ex;
			// Once, then once a minute: a first start waits about a minute for
			// Elasticsearch, which was a line every 2 s.
			long now = System.currentTimeMillis();
			if (this.pausedSince == 0) {
				this.pausedSince = now;
				this.pauseLogged = now;
				log.warn("Suchindex: Indexieren pausiert, neuer Versuch alle 2 s: {}", cause.toString());
			}
			else if (now - this.pauseLogged >= PAUSE_REMIND.toMillis()) {
				this.pauseLogged = now;
				log.warn("Suchindex: Indexieren pausiert seit {} s: {}", (now - this.pausedSince) / 1000,
						cause.toString());
			}
		}
		finally {
			this.running.unlock();
		}
	}

	/** What {@link #whileIdle} runs. */
	@FunctionalInterface
	public interface IndexWork<T> {

		T run() throws IOException;

	}

	/**
	 * Runs {@code work} while the indexer writes nothing, and returns its result; empty,
	 * without running it, if the indexer works on for longer than {@code patience} (above
	 * all while it builds the index from the database, as on a first start once
	 * Elasticsearch answers). While {@code work} waits or runs, catch-up does not start.
	 * The index check of a start runs so: next to a rebuild it compared the database with
	 * the half-filled new index and wrote every thread a second time (on 06.12.2026 a
	 * first start logged all 30 demo threads as "nicht auf dem Stand der Datenbank").
	 */
	public <T> Optional<T> whileIdle(IndexWork<T> work, Duration patience) throws IOException {
		if (!tryLock(patience)) {
			return Optional.empty();
		}
		try {
			return Optional.of(work.run());
		}
		finally {
			this.running.unlock();
		}
	}

	/**
	 * The lock if it is free and nobody waits for it, or becomes so within
	 * {@code patience} (a plain tryLock would barge).
	 */
	private boolean tryLock(Duration patience) {
		try {
			return this.running.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Writes every thread into a new index and switches the alias; returns the number of
	 * threads.
	 *
	 * <p>
	 * Writes go on meanwhile, and catch-up keeps putting them into the old index (search
	 * stays current during the copy). A thread copied before its latest reply would lose
	 * that reply at the switch, so the rebuild replays the change log into the new index
	 * with a reader of its own, from a position every change up to which the copy is sure
	 * to contain (see {@link #replayStart()}). That reader follows the same settle rule
	 * as catch-up, so a change landing late is replayed too. Its passes run first while
	 * catch-up goes on, then one last pass under the indexer's lock, which writes
	 * everything the log holds at that moment. Then the alias moves, catch-up's
	 * checkpoint moves to the replay's (never back), and catch-up starts with a fresh
	 * reader: the changes it had indexed into the old index after its checkpoint are
	 * indexed again, now into the new one. A change that lands after the last pass has an
	 * id above catch-up's checkpoint (that checkpoint moved past an id only after every
	 * insert below it had landed), so catch-up indexes it. Catch-up waits only for the
	 * last pass, never for the copy.
	 */
	public long rebuild() throws IOException {
		String start = replayStart();
		String target = this.index.createConcreteIndex();
		long copied = copyAll(target);
		MemoryCheckpoint replayed = new MemoryCheckpoint(start);
		// Every pass a full one: the last pass must find every change landed by then.
		ChangeReader replay = new ChangeReader("search-rebuild", this.changes, replayed, this.properties.settle(),
				Duration.ZERO);
		// Each pass writes what changed during the one before; once that is little, the
		// pass under the lock is short too. Writes faster than indexing never get there,
		// hence the bound.
		int early = 0;
		for (int round = 0; round < 3; round++) {
			int written = replay(replay, target);
			early += written;
			if (written <= 10) {
				break;
			}
		}
		this.running.lock();
		try {
			int late = replay(replay, target);
			this.index.switchAlias(target);
			if (checkpoint().isEmpty()) {
				this.checkpoints.create(readerName(), replayed.changeId());
			}
			else if (replayed.changeId() != null) {
				this.checkpoints.advance(readerName(), replayed.changeId());
			}
			this.reader = newReader();
			log.info("Reindex: {} Themen kopiert, {} + {} seitdem geänderte nachgetragen, Alias umgeschaltet", copied,
					early, late);
		}
		finally {
			this.running.unlock();
		}
		return copied;
	}

	/**
	 * Where the rebuild's replay starts: catch-up's checkpoint if the log still reaches
	 * back to it (every change up to it had landed when it was stored, so the copy holds
	 * them); otherwise the newest id now, after waiting the settle time, so that every
	 * change below it has landed, with its thread, before the copy reads the threads.
	 */
	private String replayStart() throws IOException {
		Optional<Position> checkpoint = checkpoint();
		if (checkpoint.isPresent() && !checkpointPruned()) {
			return checkpoint.get().changeId();
		}
		String latest = this.changes.latestId();
		if (latest != null) {
			try {
				java.lang.Thread.sleep(this.properties.settle());
			}
			catch (InterruptedException ex) {
				java.lang.Thread.currentThread().interrupt();
				throw new IOException("Neuaufbau unterbrochen", ex);
			}
		}
		return latest;
	}

	/**
	 * One pass of the rebuild's reader into {@code target}; how many threads it wrote.
	 */
	private int replay(ChangeReader replay, String target) throws IOException {
		Map<String, Long> written = new HashMap<>();
		try {
			replay.read(writer(target, written), () -> true);
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return written.size();
	}

	/**
	 * Indexes the thread of each change into {@code target}. A thread already written in
	 * this pass at a version at least the change's is skipped: what was written holds
	 * that change already (a burst on one thread costs one write, not one per reply).
	 */
	private Consumer<ForumChange> writer(String target, Map<String, Long> written) {
		return (change) -> {
			String id = change.threadId();
			if (id == null) {
				return;
			}
			Long version = written.get(id);
			if (version != null && change.threadVersion() > 0 && change.threadVersion() <= version) {
				return;
			}
			try {
				written.put(id, indexThread(target, id));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private long copyAll(String target) throws IOException {
		long total = this.threads.count();
		long[] done = { 0 };
		long started = System.nanoTime();
		IOException[] failure = { null };
		this.threads.forEach((thread) -> {
			if (failure[0] != null) {
				return;
			}
			try {
				put(target, thread);
			}
			catch (IOException ex) {
				failure[0] = ex;
			}
			done[0]++;
			if (done[0] % 500 == 0 || done[0] == total) {
				double seconds = (System.nanoTime() - started) / 1e9;
				double rate = done[0] / Math.max(seconds, 0.001);
				log.info("Reindex: {}/{} Themen, {} je s, noch etwa {} s", done[0], total, Math.round(rate),
						Math.round((total - done[0]) / Math.max(rate, 0.001)));
			}
		});
		if (failure[0] != null) {
			throw failure[0];
		}
		return done[0];
	}

	/** Writes the thread as it is now; returns its version (deleted: the highest). */
	private long indexThread(String target, String threadId) throws IOException {
		Optional<Thread> thread = this.threads.findById(new ThreadId(threadId));
		if (thread.isEmpty()) {
			this.index.delete(target, threadId);
			return Long.MAX_VALUE;
		}
		put(target, thread.get());
		return thread.get().version();
	}

	/**
	 * Writes the thread; a thread whose opening post the moderation hid is taken out of
	 * the index instead, so no search shows its title (it comes back with the change that
	 * shows it again).
	 */
	private void put(String target, Thread thread) throws IOException {
		if (thread.hidden()) {
			this.index.withdraw(target, thread.id().value(), thread.version());
			return;
		}
		this.index.put(target, thread.id().value(), thread.version(),
				ThreadDocument.of(thread, this.posts.findAll(thread.id(), thread.postCount())));
	}

	/**
	 * True when the change log was pruned past the checkpoint (one lookup by key). An
	 * index built on an empty log has no checkpoint id; then any pruning counts.
	 */
	private boolean checkpointPruned() {
		return this.changes.prunedPast(checkpoint().map(Position::changeId).orElse(null));
	}

	/**
	 * Catch-up's position; empty when none was ever stored, null id: before the first.
	 */
	private Optional<Position> checkpoint() {
		return this.checkpoints.find(readerName());
	}

	/**
	 * Takes over a checkpoint stored by a version before the change reader
	 * ({@code search_state {_id: alias, change}}), so that an existing data folder
	 * neither indexes everything again nor skips changes. The old document stays; it is
	 * read only while the new one is missing.
	 */
	private void migrateCheckpoint() {
		if (checkpoint().isPresent()) {
			return;
		}
		Document legacy = this.legacyState.find(Filters.eq("_id", this.index.alias())).first();
		if (legacy != null && legacy.getString("change") != null) {
			this.checkpoints.create(readerName(), legacy.getString("change"));
			log.info("Prüfpunkt des Suchindex aus search_state übernommen: {}", legacy.getString("change"));
		}
	}

	/**
	 * Changes not yet in the search index, counted up to {@code cap} (for the operations
	 * metrics).
	 */
	public int backlog(int cap) {
		return this.reader.backlog(cap);
	}

	private String readerName() {
		return "search:" + this.index.alias();
	}

	private ChangeReader newReader() {
		return new ChangeReader(readerName(), this.changes, this.checkpoints, this.properties.settle());
	}

	/**
	 * The rebuild reader's checkpoint: in memory, as the rebuild does not outlive the
	 * process (after a crash the next start rebuilds or catches up from catch-up's own).
	 */
	private static final class MemoryCheckpoint implements ChangeCheckpoints {

		private String changeId;

		MemoryCheckpoint(String changeId) {
			this.changeId = changeId;
		}

		String changeId() {
			return this.changeId;
		}

		@Override
		public Optional<Position> find(String reader) {
			return Optional.of(new Position(this.changeId));
		}

		@Override
		public Position create(String reader, String changeId) {
			return new Position(this.changeId);
		}

		@Override
		public void advance(String reader, String changeId) {
			if (this.changeId == null || this.changeId.compareTo(changeId) < 0) {
				this.changeId = changeId;
			}
		}

	}

}
