package de.kommunalpakt.forum.search.index;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.search.SearchProperties;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the thread index in step with MongoDB, at least once. The durable source is the
 * change log: the indexer reads it from its checkpoint (stored in MongoDB, collection
 * {@code search_state}), reloads each changed thread by id, writes it with its version
 * and only then moves the checkpoint. An application event only wakes it early. While
 * Elasticsearch is down the checkpoint stays, and everything is caught up later; after a
 * crash the next start continues from the checkpoint.
 */
@Component
public class SearchIndexer {

	private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);

	private static final int BATCH = 500;

	private final ThreadIndex index;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final ChangeLog changes;

	private final MongoCollection<Document> state;

	private final SearchProperties properties;

	/**
	 * Fair, and taken by catch-up only when nobody waits: a rebuild waiting to switch the
	 * alias is not overtaken by the catch-up that every write starts.
	 */
	private final ReentrantLock running = new ReentrantLock(true);

	private volatile boolean ready;

	private volatile long backoffUntil;

	public SearchIndexer(ThreadIndex index, ThreadRepository threads, PostRepository posts, ChangeLog changes,
			MongoDatabase database, SearchProperties properties) {
		this.index = index;
		this.threads = threads;
		this.posts = posts;
		this.changes = changes;
		this.state = database.getCollection("search_state");
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		catchUp();
	}

	/** A write in this instance: index it now rather than at the next poll. */
	@EventListener
	public void changed(ForumChange change) {
		java.lang.Thread.ofVirtual().start(this::catchUp);
	}

	@Scheduled(fixedDelay = 1000)
	public void poll() {
		catchUp();
	}

	/**
	 * Indexes everything the change log holds after the checkpoint; safe to call at any
	 * time.
	 */
	public void catchUp() {
		if (!this.properties.enabled() || System.currentTimeMillis() < this.backoffUntil) {
			return;
		}
		if (!tryLock()) {
			return;
		}
		try {
			if (!this.ready) {
				// Take the log position first: writes during the rebuild are replayed
				// after it.
				String position = this.changes.latestId();
				if (this.index.ensureExists() || checkpoint().isEmpty()) {
					rebuild();
					saveCheckpoint(position);
				}
				this.ready = true;
			}
			if (checkpointPruned()) {
				// The index is further behind than the change log reaches back: changes
				// it
				// never saw may be gone. Start over from the threads themselves.
				log.warn("Suchindex liegt vor dem ältesten Eintrag des Änderungsprotokolls; baue ihn neu auf");
				String position = this.changes.latestId();
				rebuild();
				saveCheckpoint(position);
			}
			List<ForumChange> batch;
			do {
				batch = this.changes.after(checkpoint().orElse(null), BATCH);
				Set<String> threadIds = new LinkedHashSet<>();
				batch.stream().map(ForumChange::threadId).filter((id) -> id != null).forEach(threadIds::add);
				for (String id : threadIds) {
					indexThread(this.index.alias(), id);
				}
				if (!batch.isEmpty()) {
					saveCheckpoint(batch.get(batch.size() - 1).id());
				}
			}
			while (batch.size() == BATCH);
			this.backoffUntil = 0;
		}
		catch (IOException | RuntimeException ex) {
			// Elasticsearch unreachable or refusing: keep the checkpoint and try again
			// shortly.
			this.backoffUntil = System.currentTimeMillis() + Duration.ofSeconds(2).toMillis();
			log.warn("Indexing paused, will retry: {}", ex.toString());
		}
		finally {
			this.running.unlock();
		}
	}

	/** The lock if it is free and nobody waits for it (a plain tryLock would barge). */
	private boolean tryLock() {
		try {
			return this.running.tryLock(0, TimeUnit.NANOSECONDS);
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
	 * that reply at the switch, so the log position is taken before the copy, and the
	 * threads changed since are written into the new index again: first while catch-up
	 * goes on, then, for what catch-up put into the old index meanwhile, under the
	 * indexer's lock, up to its checkpoint (which stands still while the lock is held, so
	 * this step is short even while writes go on). Then the alias moves, and catch-up
	 * continues from its checkpoint into the new index. Catch-up waits only for that last
	 * step, never for the copy.
	 */
	public long rebuild() throws IOException {
		// Before the copy: a change logged after this point may have missed the copy.
		String from = this.changes.latestId();
		String target = this.index.createConcreteIndex();
		long copied = copyAll(target);
		// Each round writes what changed during the one before; once that is little, the
		// step under the lock is short too. Writes faster than indexing never get there,
		// hence the bound.
		String position = from;
		int early = 0;
		for (int round = 0; round < 3; round++) {
			Replay replayed = replay(target, position, this.changes.latestId());
			position = replayed.position();
			early += replayed.threads();
			if (replayed.threads() <= 10) {
				break;
			}
		}
		this.running.lock();
		try {
			Replay late = replay(target, position, checkpoint().orElse(null));
			this.index.switchAlias(target);
			log.info("Reindex: {} Themen kopiert, {} + {} seitdem geänderte nachgetragen, Alias umgeschaltet", copied,
					early, late.threads());
		}
		finally {
			this.running.unlock();
		}
		return copied;
	}

	/**
	 * Writes the threads changed after {@code from} up to {@code upTo} (inclusive) into
	 * {@code target} again.
	 */
	private Replay replay(String target, String from, String upTo) throws IOException {
		if (upTo == null || (from != null && upTo.compareTo(from) <= 0)) {
			return new Replay(from, 0);
		}
		int count = 0;
		String position = from;
		while (position == null || position.compareTo(upTo) < 0) {
			List<ForumChange> batch = this.changes.after(position, BATCH);
			if (batch.isEmpty()) {
				break;
			}
			Set<String> threadIds = new LinkedHashSet<>();
			for (ForumChange change : batch) {
				if (change.id().compareTo(upTo) > 0) {
					break;
				}
				position = change.id();
				if (change.threadId() != null) {
					threadIds.add(change.threadId());
				}
			}
			for (String id : threadIds) {
				indexThread(target, id);
			}
			count += threadIds.size();
			if (batch.get(batch.size() - 1).id().compareTo(upTo) >= 0) {
				break;
			}
		}
		return new Replay(position, count);
	}

	/** Where a replay ended, and how many threads it wrote. */
	private record Replay(String position, int threads) {
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

	private void indexThread(String target, String threadId) throws IOException {
		Optional<Thread> thread = this.threads.findById(new ThreadId(threadId));
		if (thread.isEmpty()) {
			this.index.delete(target, threadId);
			return;
		}
		put(target, thread.get());
	}

	private void put(String target, Thread thread) throws IOException {
		this.index.put(target, thread.id().value(), thread.version(),
				ThreadDocument.of(thread, this.posts.findAll(thread.id(), thread.postCount())));
	}

	/**
	 * True when the change log was pruned past the checkpoint (one lookup by key). An
	 * index built on an empty log has no checkpoint id; then any pruning counts.
	 */
	private boolean checkpointPruned() {
		return this.changes.prunedPast(checkpoint().orElse(null));
	}

	private Optional<String> checkpoint() {
		Document doc = this.state.find(Filters.eq("_id", this.index.alias())).first();
		return Optional.ofNullable(doc).map((d) -> d.getString("change"));
	}

	private void saveCheckpoint(String changeId) {
		this.state.replaceOne(Filters.eq("_id", this.index.alias()),
				new Document("_id", this.index.alias()).append("change", changeId), new ReplaceOptions().upsert(true));
	}

}
