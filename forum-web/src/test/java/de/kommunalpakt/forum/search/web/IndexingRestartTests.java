package de.kommunalpakt.forum.search.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.TestMongo;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thread acknowledged by an application that goes away before it indexed it is
 * searchable once the application runs again, with no manual step: the write is in the
 * change log, and the indexer resumes from its checkpoint in MongoDB.
 */
class IndexingRestartTests {

	static final Actor LAND = new Actor(new MemberId("restart-hessen"), "restart-hessen", "Petra Schulz",
			new OrganisationId("land-he"), OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));

	static ConfigurableApplicationContext start(String database, boolean indexing) {
		return new SpringApplicationBuilder(ForumApplication.class).run("--spring.mongodb.uri=" + TestMongo.uri(),
				"--forum.core.database=" + database, "--forum.auth.issuer-uri=http://localhost:9/realms/kommunalpakt",
				"--forum.search.uris=" + SharedTestServices.elasticsearchUrl(), "--forum.search.index=" + database,
				"--forum.search.enabled=" + indexing, "--server.port=0");
	}

	@Test
	void aThreadAcknowledgedJustBeforeTheApplicationWentAwayIsFoundAfterItsRestart() {
		String database = "restart-" + System.nanoTime();
		PostId written;
		// A first run sets up the space and the index checkpoint. Then an instance
		// acknowledges a thread and goes away before anything indexed it (its indexer is
		// off, as if it had been killed first).
		try (ConfigurableApplicationContext first = start(database, true)) {
			first.getBean(SpaceRepository.class)
				.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		}
		try (ConfigurableApplicationContext writer = start(database, false)) {
			written = writer.getBean(ThreadService.class)
				.start(LAND, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
						"Neustart ohne Verlust: Pelikan-Verfahren", "Bestätigt, dann weg.", Set.of(), Set.of(), null));
		}
		// Second run: nobody reindexes by hand.
		try (ConfigurableApplicationContext again = start(database, true)) {
			ThreadSearch search = again.getBean(ThreadSearch.class);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(search
					.search(new SearchRequest("Pelikan", Set.of("fragen"), null, null, null, null, null, false, 0, 10))
					.hits()).anySatisfy((h) -> assertThat(h.threadId()).isEqualTo(written.thread().value())));
		}
	}

	@Test
	void aThreadWhoseChangeWasPrunedBeforeAnyIndexerSawItIsFoundAfterARebuild() {
		String database = "pruned-" + System.nanoTime();
		SearchRequest reiher = new SearchRequest("Reiher", Set.of("fragen"), null, null, null, null, null, false, 0,
				10);
		// A first run indexes one thread: the checkpoint is at its change.
		try (ConfigurableApplicationContext first = start(database, true)) {
			first.getBean(SpaceRepository.class)
				.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
			PostId indexed = first.getBean(ThreadService.class)
				.start(LAND, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
						"Schon im Index: Kranich-Verfahren", "Gefunden.", Set.of(), Set.of(), null));
			ThreadSearch search = first.getBean(ThreadSearch.class);
			// The index appears once the indexer has built it.
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptionsInstanceOf(ThreadSearch.SearchUnavailableException.class)
				.untilAsserted(() -> assertThat(search
					.search(new SearchRequest("Kranich", Set.of("fragen"), null, null, null, null, null, false, 0, 10))
					.hits()).anySatisfy((h) -> assertThat(h.threadId()).isEqualTo(indexed.thread().value())));
		}
		// With no indexer running, two threads are written and the log is pruned up to
		// the newest change, as the retention does once changes are old enough.
		PostId pruned;
		try (ConfigurableApplicationContext writer = start(database, false)) {
			ThreadService threads = writer.getBean(ThreadService.class);
			pruned = threads.start(LAND, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
					"Nur noch im Thema: Reiher-Verfahren", "Der Eintrag ist weg.", Set.of(), Set.of(), null));
			threads.start(LAND, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
					"Der neueste Eintrag: Storch-Verfahren", "Bleibt im Protokoll.", Set.of(), Set.of(), null));
			assertThat(writer.getBean(ChangeLog.class).pruneBefore(Instant.now().plusSeconds(60)))
				.isGreaterThanOrEqualTo(2);
		}
		// The indexer finds its checkpoint pruned and rebuilds: nothing is lost.
		try (ConfigurableApplicationContext again = start(database, true)) {
			ThreadSearch search = again.getBean(ThreadSearch.class);
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.untilAsserted(() -> assertThat(search.search(reiher).hits())
					.anySatisfy((h) -> assertThat(h.threadId()).isEqualTo(pruned.thread().value())));
		}
	}

}
