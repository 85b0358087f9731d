package de.kommunalpakt.forum.search.index;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.types.ObjectId;
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
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two writers whose change-log inserts land out of order: the last reply of a thread
 * whose log id was made before a newer change the indexer had already indexed, but whose
 * insert lands only afterwards. The indexer still indexes it, and search finds the reply.
 * The writes come from a second instance (its own context, no search), so only what the
 * test calls indexes. Real Elasticsearch node (shared test services), stand-in MongoDB
 * through the real driver. An existing data folder keeps its checkpoint.
 */
@ExtendWith(OutputCaptureExtension.class)
class LateChangeIndexingTests {

	static final Actor LAND = new Actor(new MemberId("spaet-hessen"), "spaet-hessen", "Petra Schulz",
			new OrganisationId("land-he"), OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));

	MongoServer server;

	MongoClient client;

	String database;

	AnnotationConfigApplicationContext writer;

	AnnotationConfigApplicationContext search;

	@BeforeEach
	void start() {
		this.server = new MongoServer(new MemoryBackend());
		this.server.bind("127.0.0.1", 0);
		this.client = MongoClients.create("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort());
		this.database = "latechange" + System.nanoTime();
		this.writer = context(false);
		this.search = context(true);
	}

	@AfterEach
	void stop() {
		this.search.close();
		this.writer.close();
		this.client.close();
		this.server.shutdown();
	}

	@Test
	void aReplyWhoseChangeLandsAfterANewerOneWasIndexedIsFound() {
		this.writer.getBean(SpaceRepository.class)
			.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		ThreadService threads = this.writer.getBean(ThreadService.class);
		SearchIndexer indexer = this.search.getBean(SearchIndexer.class);
		indexer.catchUp();
		ThreadId thread = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Kormoran-Verfahren beim Wohngeld",
							"Wie läuft das Kormoran-Verfahren?", Set.of(), Set.of(), null))
			.thread();
		awaitHits("Kormoran", thread.value());

		// Writer A makes the id of its change, then stalls; writer B's change (a newer
		// id) lands and is indexed meanwhile.
		ObjectId early = new ObjectId();
		ThreadId other = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Pelikan-Verfahren", "Eine andere Frage.", Set.of(),
							Set.of(), null))
			.thread();
		threads.reply(LAND, new Reply(thread.value(), "Der Albatros-Bescheid kam nie an.", null, null));
		MongoCollection<Document> changes = this.client.getDatabase(this.database).getCollection("changes");
		Document reply = changes.find().sort(Sorts.descending("_id")).first();
		assertThat(reply.getString("kind")).isEqualTo("REPLY_POSTED");
		changes.deleteOne(Filters.eq("_id", reply.getObjectId("_id")));
		awaitHits("Pelikan", other.value());
		assertThat(hits("Albatros")).isEmpty();

		// Now A's insert lands, with its older id: below the newest change indexed.
		reply.put("_id", early);
		changes.insertOne(reply);
		awaitHits("Albatros", thread.value());
	}

	@Test
	void aReplyWhoseChangeLandsLateAfterARebuildIsFound() throws Exception {
		this.writer.getBean(SpaceRepository.class)
			.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		ThreadService threads = this.writer.getBean(ThreadService.class);
		SearchIndexer indexer = this.search.getBean(SearchIndexer.class);
		indexer.catchUp();
		ThreadId thread = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Kormoran-Verfahren beim Wohngeld",
							"Wie läuft das Kormoran-Verfahren?", Set.of(), Set.of(), null))
			.thread();
		ObjectId early = new ObjectId();
		ThreadId other = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Pelikan-Verfahren", "Eine andere Frage.", Set.of(),
							Set.of(), null))
			.thread();
		awaitHits("Pelikan", other.value());

		// A rebuild copies the threads before writer A's reply is written; the reply's
		// change, with the id made before, lands after the alias switch.
		assertThat(indexer.rebuild()).isEqualTo(2);
		threads.reply(LAND, new Reply(thread.value(), "Der Albatros-Bescheid kam nie an.", null, null));
		MongoCollection<Document> changes = this.client.getDatabase(this.database).getCollection("changes");
		Document reply = changes.find().sort(Sorts.descending("_id")).first();
		changes.deleteOne(Filters.eq("_id", reply.getObjectId("_id")));
		reply.put("_id", early);
		changes.insertOne(reply);
		awaitHits("Albatros", thread.value());
		awaitHits("Kormoran", thread.value());
	}

	@Test
	void aCheckpointStoredByThePreviousIndexerIsTakenOverWithoutARebuild(CapturedOutput output) {
		this.writer.getBean(SpaceRepository.class)
			.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		ThreadService threads = this.writer.getBean(ThreadService.class);
		this.search.getBean(SearchIndexer.class).catchUp();
		ThreadId indexed = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Kormoran-Verfahren beim Wohngeld",
							"Wie läuft das Kormoran-Verfahren?", Set.of(), Set.of(), null))
			.thread();
		awaitHits("Kormoran", indexed.value());
		this.search.close();

		// The data folder as the indexer before the change reader left it: its
		// checkpoint in search_state, at the newest change it had indexed.
		MongoDatabase db = this.client.getDatabase(this.database);
		String position = db.getCollection("changes")
			.find()
			.sort(Sorts.descending("_id"))
			.first()
			.getObjectId("_id")
			.toHexString();
		db.getCollection("change_checkpoints").deleteMany(Filters.empty());
		db.getCollection("search_state").insertOne(new Document("_id", this.database).append("change", position));
		ThreadId later = threads
			.start(LAND,
					new StartThread("fragen", ThreadType.QUESTION, "Pelikan-Verfahren", "Nach dem Update.", Set.of(),
							Set.of(), null))
			.thread();

		this.search = context(true);
		awaitHits("Pelikan", later.value());
		awaitHits("Kormoran", indexed.value());
		assertThat(db.getCollection("change_checkpoints").find(Filters.eq("_id", "search:" + this.database)).first())
			.isNotNull();
		// Built once on the first start; the second start continued from the checkpoint.
		assertThat(output.getAll().split("Alias umgeschaltet", -1)).hasSize(2);
	}

	private void awaitHits(String text, String threadId) {
		await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> {
			this.search.getBean(SearchIndexer.class).catchUp();
			this.search.getBean(ThreadIndex.class).refresh();
			assertThat(hits(text)).containsExactly(threadId);
		});
	}

	private List<String> hits(String text) {
		return IndexTestContexts.hits(this.search, text);
	}

	/** forum-core (and forum-search if {@code withSearch}); no scheduler. */
	private AnnotationConfigApplicationContext context(boolean withSearch) {
		return withSearch ? IndexTestContexts.start(this.client, this.database, IndexTestContexts.SEARCH)
				: IndexTestContexts.start(this.client, this.database);
	}

}
