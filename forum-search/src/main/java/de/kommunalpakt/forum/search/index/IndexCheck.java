package de.kommunalpakt.forum.search.index;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.search.SearchProperties;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadCheck;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Compares the search index with the database on every start, after the thread check
 * ({@link ThreadCheck}) and before the indexer resumes from its checkpoint. A crash can
 * leave the index ahead of the database: the index was written from a state the store
 * lost (a "ghost hit": the search finds text the thread does not contain). It can also
 * leave it behind (a change never logged) or holding a thread that is gone.
 * <ul>
 * <li>indexed version greater than the database's: the database version is raised above
 * the indexed one ({@link ThreadRepository#raiseVersionAbove}) and the thread is indexed
 * again from the database. Documents carry the thread version as external version, so
 * indexing the lower database version would be refused; a delete first would not help
 * either, as Elasticsearch keeps the deleted version for {@code index.gc_deletes} (60 s)
 * and refuses lower external versions meanwhile. Raising the version also keeps it
 * monotonic for every other reader (caches, live pages) that saw the lost state;</li>
 * <li>indexed version lower, or not indexed: indexed at the database version;</li>
 * <li>indexed but no longer in the database: removed from the index.</li>
 * </ul>
 * Cost: one scroll over the index (ids and versions, no sources) and one pass over the
 * threads; only differing threads are loaded with their posts. If Elasticsearch is not
 * reachable at start, the check runs again every 30 s until it succeeds (the forum starts
 * anyway: search is derived). It runs only while the indexer writes nothing
 * ({@link SearchIndexer#whileIdle}): at a start it waits up to 10 s for a pass of the
 * indexer to end, later 1 s, and it waits for a rebuild to end rather than compare a
 * half-filled index. Several instances may run it at once: every write is an
 * external-version write or a delete of a thread that does not exist.
 */
@Component
@Order(IndexCheck.ORDER)
public class IndexCheck implements ApplicationRunner {

	static final int ORDER = ThreadCheck.ORDER + 10;

	/** How long the check at start waits for a pass of the indexer to end. */
	static final Duration START_PATIENCE = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(IndexCheck.class);

	private final ThreadIndex index;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final ChangePublisher changes;

	private final SearchProperties properties;

	private final Clock clock;

	private final SearchIndexer indexer;

	private volatile boolean pending;

	/** Whether the wait for the indexer was logged (once a start). */
	private volatile boolean waitLogged;

	IndexCheck(ThreadIndex index, SearchIndexer indexer, ThreadRepository threads, PostRepository posts,
			ChangePublisher changes, SearchProperties properties, Clock clock) {
		this.index = index;
		this.indexer = indexer;
		this.threads = threads;
		this.posts = posts;
		this.changes = changes;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		this.pending = this.properties.enabled();
		// The indexer's scheduled passes begin before the runners: a pass of catch-up
		// ends within seconds; a rebuild does not, and the check waits for it below.
		attempt(START_PATIENCE);
	}

	/** Runs the check left over from the start, once Elasticsearch answers. */
	@Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
	public void retry() {
		attempt(Duration.ofSeconds(1));
	}

	private void attempt(Duration patience) {
		if (!this.pending) {
			return;
		}
		try {
			if (this.indexer.whileIdle(this::checkAll, patience).isEmpty()) {
				// The indexer writes (a rebuild from the database takes minutes on a
				// large forum): the check waits for it rather than compare a half-filled
				// index.
				if (!this.waitLogged) {
					this.waitLogged = true;
					log.info("Start-Prüfung des Suchindex wartet, bis der Indexer fertig ist; neuer Versuch in 30 s");
				}
				return;
			}
			this.pending = false;
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Start-Prüfung des Suchindex nicht möglich, neuer Versuch in 30 s: {}", ex.toString());
		}
	}

	/** Compares and corrects; returns one line per correction, as logged. */
	public List<String> checkAll() throws IOException {
		long started = System.nanoTime();
		if (!this.index.exists()) {
			// No index yet: the indexer builds it from the database.
			return List.of();
		}
		// What the indexer wrote last (a rebuild's final documents) becomes visible to
		// the
		// scroll; else the check would take it for missing and write it again.
		this.index.refresh();
		Map<String, Long> indexed = this.index.versions();
		Map<String, Long> ahead = new LinkedHashMap<>();
		List<Thread> behind = new ArrayList<>();
		int[] checked = { 0 };
		Map<Thread, Long> hidden = new LinkedHashMap<>();
		this.threads.forEach((thread) -> {
			checked[0]++;
			Long version = indexed.remove(thread.id().value());
			if (thread.hidden()) {
				// Hidden by the moderation: must not be in the index at all.
				if (version != null) {
					hidden.put(thread, version);
				}
			}
			else if (version == null || version < thread.version()) {
				behind.add(thread);
			}
			else if (version > thread.version()) {
				ahead.put(thread.id().value(), version);
			}
		});
		List<String> lines = new ArrayList<>();
		String alias = this.index.alias();
		for (var entry : ahead.entrySet()) {
			ThreadId id = new ThreadId(entry.getKey());
			long raised = this.threads.raiseVersionAbove(id, entry.getValue());
			Thread thread = this.threads.findById(id).orElse(null);
			if (thread == null) {
				continue;
			}
			put(alias, thread);
			this.changes.publish(new ForumChange(null, ChangeKind.THREAD_REPAIRED, id.value(), thread.postCount(),
					thread.space().value(), null, thread.version(), this.clock.instant()));
			warn(lines, String.format(
					"Suchindex: Thema %s war im Index mit Version %d, die Datenbank hat einen älteren Stand; neu indexiert als Version %d",
					id.value(), entry.getValue(), raised));
		}
		for (Thread thread : behind) {
			put(alias, thread);
			String line = String.format(
					"Suchindex: Thema %s war nicht auf dem Stand der Datenbank (Version %d); neu indexiert",
					thread.id().value(), thread.version());
			// An indexer that was merely behind: worth a line, not a warning.
			log.info(line);
			lines.add(line);
		}
		for (var entry : hidden.entrySet()) {
			Thread thread = entry.getKey();
			// The delete carries a version at least the indexed one, or it is refused.
			long version = (entry.getValue() > thread.version())
					? this.threads.raiseVersionAbove(thread.id(), entry.getValue()) : thread.version();
			this.index.withdraw(alias, thread.id().value(), version);
			warn(lines,
					String.format("Suchindex: Thema %s ist ausgeblendet; aus dem Index entfernt", thread.id().value()));
		}
		for (String gone : indexed.keySet()) {
			// Gone from the database, unless it was written since the pass above.
			if (!isThread(gone)) {
				this.index.delete(alias, gone);
				warn(lines, String.format("Suchindex: Thema %s gibt es in der Datenbank nicht; aus dem Index entfernt",
						gone));
			}
		}
		if (!lines.isEmpty()) {
			this.index.refresh();
		}
		log.info("Start-Prüfung des Suchindex: {} Themen in {} ms verglichen, {} Korrekturen", checked[0],
				(System.nanoTime() - started) / 1_000_000, lines.size());
		return lines;
	}

	private boolean isThread(String id) {
		try {
			return this.threads.findById(new ThreadId(id)).isPresent();
		}
		catch (RuntimeException ex) {
			// Not a thread id at all: nothing the forum can show.
			return false;
		}
	}

	private static void warn(List<String> lines, String line) {
		log.warn(line);
		lines.add(line);
	}

	private void put(String target, Thread thread) throws IOException {
		if (thread.hidden()) {
			this.index.withdraw(target, thread.id().value(), thread.version());
			return;
		}
		this.index.put(target, thread.id().value(), thread.version(),
				ThreadDocument.of(thread, this.posts.findAll(thread.id(), thread.postCount())));
	}

}
