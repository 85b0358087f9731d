package de.kommunalpakt.forum.search.index;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCheck;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The search index after a crash that lost the last writes of the database but not their
 * indexing (the stand-in's H2 kept them in memory only): the index holds a newer version
 * of a thread than the database, and a thread the database no longer has. The start-up
 * checks (thread check, then index check) leave no ghost hit. Real Elasticsearch node
 * (shared test services), stand-in MongoDB through the real driver.
 */
@ExtendWith(OutputCaptureExtension.class)
class IndexCheckTests {

	static final Actor LAND = new Actor(new MemberId("check-hessen"), "check-hessen", "Petra Schulz",
			new OrganisationId("land-he"), OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));

	MongoServer server;

	MongoClient client;

	String database;

	AnnotationConfigApplicationContext app;

	@BeforeEach
	void startStore() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
		this.database = "indexcheck" + System.nanoTime();
	}

	@AfterEach
	void stopStore() {
		if (this.app != null) {
			this.app.close();
		}
		this.client.close();
		this.server.shutdown();
	}

	@Test
	void afterTheStartUpCheckNoHitPointsAtTextTheDatabaseLost(CapturedOutput output) throws Exception {
		this.app = start();
		this.app.getBean(SpaceRepository.class)
			.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		ThreadService threads = this.app.getBean(ThreadService.class);
		SearchIndexer indexer = this.app.getBean(SearchIndexer.class);
		ThreadId kept = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Kormoran-Verfahren beim Wohngeld",
							"Wie läuft das Kormoran-Verfahren?", Set.of(), Set.of(), null))
			.thread();
		ThreadId vanished = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Pelikan-Verfahren", "Nur im Index.", Set.of(),
							Set.of(), null))
			.thread();
		indexer.catchUp();
		MongoDatabase db = this.client.getDatabase(this.database);
		long before = db.getCollection("threads").find(Filters.eq("_id", kept.value())).first().getLong("version");
		PostId lost = threads.reply(LAND, new Reply(kept.value(), "Der Albatros-Bescheid kam nie an.", null, null));
		// Each write also wakes the indexer in the background; wait until it is through.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			indexer.catchUp();
			this.app.getBean(ThreadIndex.class).refresh();
			assertThat(hits("Albatros")).containsExactly(kept.value());
			assertThat(hits("Pelikan")).containsExactly(vanished.value());
		});
		this.app.close();

		// The crash: the database lost the reply (post, counter, version) and the whole
		// second thread; the index had them already.
		db.getCollection("posts").deleteOne(Filters.eq("_id", lost.toString()));
		db.getCollection("threads")
			.updateOne(Filters.eq("_id", kept.value()),
					Updates.combine(Updates.set("postCount", 1), Updates.set("version", before)));
		db.getCollection("threads").deleteOne(Filters.eq("_id", vanished.value()));
		db.getCollection("posts").deleteOne(Filters.eq("_id", vanished + "-1"));

		// The next start, with the start-up checks in their order.
		this.app = start();
		this.app.getBean(ThreadCheck.class).run(new DefaultApplicationArguments());
		this.app.getBean(IndexCheck.class).run(new DefaultApplicationArguments());

		assertThat(hits("Albatros")).isEmpty();
		assertThat(hits("Pelikan")).isEmpty();
		assertThat(hits("Kormoran")).containsExactly(kept.value());
		assertThat(output).contains("Thema " + kept.value() + " war im Index mit Version")
			.contains("Thema " + vanished.value() + " gibt es in der Datenbank nicht");
		// Versions only go up: the database's is now above the one indexed before (the
		// lost reply's, one above "before").
		Map<String, Long> indexed = this.app.getBean(ThreadIndex.class).versions();
		assertThat(indexed).containsOnlyKeys(kept.value());
		assertThat(this.app.getBean(ThreadRepository.class).findById(kept).orElseThrow().version())
			.isEqualTo(indexed.get(kept.value()))
			.isGreaterThan(before + 1);
		// A second start finds nothing to correct.
		assertThat(this.app.getBean(IndexCheck.class).checkAll()).isEmpty();
	}

	/**
	 * A first start: the threads are in the database, the index not yet. The indexer
	 * creates it and fills it from the database; the check of the start waits for that
	 * instead of comparing the half-filled index (until 06.12.2026 it wrote every thread
	 * a second time and logged each as behind the database).
	 */
	@Test
	void theStartUpCheckWaitsForTheIndexerToBuildTheIndex(CapturedOutput output) throws Exception {
		int count = 300;
		this.app = IndexTestContexts.start(this.client, this.database);
		this.app.getBean(SpaceRepository.class)
			.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		ThreadService threads = this.app.getBean(ThreadService.class);
		for (int i = 0; i < count; i++) {
			threads.start(LAND, new StartThread("fragen", ThreadType.QUESTION, "Frage " + i + " zum Wohngeld",
					"Wie läuft das Verfahren in Fall " + i + "?", Set.of(), Set.of(), null));
		}
		this.app.close();

		this.app = start();
		SearchIndexer indexer = this.app.getBean(SearchIndexer.class);
		ThreadIndex index = this.app.getBean(ThreadIndex.class);
		assertThat(index.exists()).isFalse();
		Thread building = new Thread(indexer::catchUp, "first-catch-up");
		building.start();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(index::exists);
		this.app.getBean(IndexCheck.class).run(new DefaultApplicationArguments());
		building.join(Duration.ofSeconds(60).toMillis());
		// If the build took longer than the start waits, the scheduled retry checks.
		this.app.getBean(IndexCheck.class).retry();

		assertThat(output).contains("Reindex: " + count + " Themen kopiert")
			.contains("Start-Prüfung des Suchindex: " + count + " Themen in ")
			.doesNotContain("war nicht auf dem Stand der Datenbank");
		assertThat(output.toString().indexOf("Start-Prüfung des Suchindex: " + count))
			.isGreaterThan(output.toString().indexOf("Reindex: " + count + " Themen kopiert"));
		assertThat(index.versions()).hasSize(count);
	}

	private List<String> hits(String text) {
		return IndexTestContexts.hits(this.app, text);
	}

	private AnnotationConfigApplicationContext start() {
		return IndexTestContexts.start(this.client, this.database, IndexTestContexts.SEARCH);
	}

}
