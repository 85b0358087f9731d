package de.kommunalpakt.forum.search.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.search.index.SearchIndexer;
import de.kommunalpakt.forum.search.index.ThreadIndex;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reindex while members keep posting loses nothing: every reply acknowledged during the
 * rebuild is found after the alias switched, against the real Elasticsearch node.
 */
class ReindexUnderWritesTests {

	private static final int THREADS = 60;

	private static final int WRITERS = 4;

	@Test
	void everyReplyAcknowledgedDuringARebuildIsFoundAfterTheSwitch() throws Exception {
		String database = "reindex-" + System.nanoTime();
		try (ConfigurableApplicationContext forum = IndexingRestartTests.start(database, true)) {
			forum.getBean(SpaceRepository.class)
				.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
			ThreadService threads = forum.getBean(ThreadService.class);
			ThreadSearch search = forum.getBean(ThreadSearch.class);
			List<String> threadIds = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				threadIds.add(
						threads
							.start(IndexingRestartTests.LAND,
									new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, "Umstieg Nummer " + i,
											"Wie gehen wir vor? " + "Ausführliche Begründung. ".repeat(40), Set.of(),
											Set.of(), null))
							.thread()
							.value());
			}
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(300))
				.ignoreExceptionsInstanceOf(ThreadSearch.SearchUnavailableException.class)
				.until(() -> search.search(request("Umstieg", 1)).total() >= THREADS);

			// Writers reply to random threads, each reply with a word of its own, for as
			// long as the rebuild runs.
			Map<String, String> acknowledged = new ConcurrentHashMap<>();
			AtomicBoolean writing = new AtomicBoolean(true);
			List<java.lang.Thread> writers = new ArrayList<>();
			for (int w = 0; w < WRITERS; w++) {
				writers.add(java.lang.Thread.ofPlatform().start(() -> {
					while (writing.get()) {
						String thread = threadIds.get(ThreadLocalRandom.current().nextInt(threadIds.size()));
						String word = uniqueWord();
						threads.reply(IndexingRestartTests.LAND,
								new ThreadCommands.Reply(thread, "Ergänzung " + word, null, null));
						acknowledged.put(word, thread);
						// About ten replies a second each: spread over the whole rebuild,
						// and few
						// enough to search for each one afterwards.
						pause(100);
					}
				}));
			}
			java.lang.Thread.sleep(200);
			int before = acknowledged.size();
			long rebuilt = forum.getBean(SearchIndexer.class).rebuild();
			int during = acknowledged.size() - before;
			writing.set(false);
			for (java.lang.Thread writer : writers) {
				writer.join();
			}
			assertThat(rebuilt).isEqualTo(THREADS);
			assertThat(during).as("replies acknowledged while the rebuild ran").isPositive();

			// A thread written after the writers stopped: once search finds it, catch-up
			// has passed every reply before it.
			String last = threads
				.start(IndexingRestartTests.LAND,
						new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, "Schlusspunkt nach dem Neuaufbau",
								"Zuletzt.", Set.of(), Set.of(), null))
				.thread()
				.value();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(300))
				.until(() -> search.search(request("Schlusspunkt", 10))
					.hits()
					.stream()
					.anyMatch((h) -> h.threadId().equals(last)));
			forum.getBean(ThreadIndex.class).refresh();
			List<String> missing = new ArrayList<>();
			acknowledged.forEach((word, thread) -> {
				if (search.search(request(word, 10)).hits().stream().noneMatch((h) -> h.threadId().equals(thread))) {
					missing.add(word + " in " + thread);
				}
			});
			assertThat(missing)
				.as("of %d acknowledged replies (%d during the rebuild), not found", acknowledged.size(), during)
				.isEmpty();
		}
	}

	private static void pause(long millis) {
		try {
			java.lang.Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
	}

	private static SearchRequest request(String text, int size) {
		return new SearchRequest(text, Set.of("fragen"), null, null, null, null, null, false, 0, size);
	}

	/** Ten consonants: no German word, nothing to split or stem, far from any other. */
	private static String uniqueWord() {
		String letters = "bcdfghjklmnpqrstvwxz";
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			word.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
		}
		return word.toString();
	}

}
