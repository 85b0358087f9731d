package de.kommunalpakt.forum.search.index;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thread whose opening post the moderation hides leaves the search index through the
 * change log (title, replies, similar titles: nothing points at it), and comes back when
 * the post is shown again; the start-up check takes out a hidden thread the index still
 * holds. Real Elasticsearch node (shared test services), stand-in MongoDB through the
 * real driver, forum-core's moderation.
 */
class HiddenThreadIndexingTests {

	static final Actor KOMMUNE = new Actor(new MemberId("hidden-kommune"), "hidden-kommune", "Karla Kommunal",
			new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE, LandCode.HE, Set.of(Role.MEMBER));

	static final Actor MODERATOR = new Actor(new MemberId("hidden-moderator"), "hidden-moderator", "Moritz Moderat",
			new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null, Set.of(Role.MEMBER, Role.MODERATOR));

	MongoServer server;

	MongoClient client;

	String database;

	AnnotationConfigApplicationContext app;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
		this.database = "hiddenthreads" + System.nanoTime();
		this.app = context();
		this.app.getBean(SpaceRepository.class)
			.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		this.client.close();
		this.server.shutdown();
	}

	@Test
	void hidingTheOpeningPostTakesTheThreadOutOfTheIndexAndShowingItBringsItBack() throws Exception {
		ThreadService threads = this.app.getBean(ThreadService.class);
		ModerationService moderation = this.app.getBean(ModerationService.class);
		PostId opening = threads.start(KOMMUNE,
				new StartThread("fragen", ThreadType.QUESTION, "Seeadler-Schnittstelle im Meldewesen",
						"Wer kennt die Seeadler-Schnittstelle?", Set.of(), Set.of(), null));
		threads.reply(MODERATOR, new Reply(opening.thread().value(), "Die Kranich-Dokumentation hilft.", null, null));
		PostId other = threads.start(KOMMUNE, new StartThread("fragen", ThreadType.QUESTION,
				"Seeadler-Anbindung beim Wohngeld", "Eine zweite Frage.", Set.of(), Set.of(), null));
		awaitHits("Seeadler", opening.thread(), other.thread());
		awaitHits("Kranich", opening.thread());

		moderation.hide(MODERATOR, opening.toString(), "Werbung");

		// Neither its title nor its replies find it; the other thread is untouched.
		awaitHits("Seeadler", other.thread());
		awaitHits("Kranich");
		assertThat(this.app.getBean(ThreadIndex.class).versions()).doesNotContainKey(opening.thread().value());
		assertThat(this.app.getBean(ThreadSearch.class)
			.similar("Seeadler-Schnittstelle im Meldewesen", Set.of("fragen"), null, 5)
			.stream()
			.map(SearchResult.Hit::threadId)).doesNotContain(opening.thread().value());

		moderation.restore(MODERATOR, opening.toString(), "Doch keine Werbung");

		awaitHits("Kranich", opening.thread());
		awaitHits("Seeadler", opening.thread(), other.thread());
	}

	@Test
	void startUpCheckTakesOutAHiddenThreadTheIndexStillHolds() throws Exception {
		ThreadService threads = this.app.getBean(ThreadService.class);
		PostId opening = threads.start(KOMMUNE, new StartThread("fragen", ThreadType.QUESTION, "Fischotter-Verfahren",
				"Wer kennt das Fischotter-Verfahren?", Set.of(), Set.of(), null));
		awaitHits("Fischotter", opening.thread());
		this.app.close();
		this.app = null;
		// A hide whose change never reached the indexer (written, then the crash).
		var db = this.client.getDatabase(this.database);
		db.getCollection("posts")
			.updateOne(Filters.eq("_id", opening.toString()),
					Updates.set("mod",
							new org.bson.Document("state", "HIDDEN").append("reason", "Werbung")
								.append("by", "Moritz Moderat")
								.append("byAuthor", false)
								.append("at", new java.util.Date())));
		db.getCollection("threads")
			.updateOne(Filters.eq("_id", opening.thread().value()),
					Updates.combine(Updates.set("hidden", true), Updates.inc("version", 1L)));

		this.app = context();
		List<String> lines = this.app.getBean(IndexCheck.class).checkAll();

		assertThat(lines).anySatisfy((line) -> assertThat(line).contains(opening.thread().value(), "ausgeblendet"));
		assertThat(hits("Fischotter")).isEmpty();
		// A second check finds nothing to correct.
		assertThat(this.app.getBean(IndexCheck.class).checkAll()).isEmpty();
	}

	private void awaitHits(String text, ThreadId... expected) {
		SearchIndexer indexer = this.app.getBean(SearchIndexer.class);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			indexer.catchUp();
			this.app.getBean(ThreadIndex.class).refresh();
			assertThat(hits(text))
				.containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(expected).map(ThreadId::value).toList());
		});
	}

	private List<String> hits(String text) {
		return IndexTestContexts.hits(this.app, text);
	}

	private AnnotationConfigApplicationContext context() {
		return IndexTestContexts.start(this.client, this.database, IndexTestContexts.SEARCH,
				"de.kommunalpakt.forum.moderation", "de.kommunalpakt.forum.audit");
	}

}
