package de.kommunalpakt.forum.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.oplog.Oplog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Change streams over the stand-in's in-memory oplog, through the real driver. */
class RecentOplogTests {

	@TempDir
	Path dataDir;

	@Test
	void everyWriteOfManyWritersReachesAStreamOnceAndInOrder() throws Exception {
		try (EmbeddedMongo mongo = EmbeddedMongo.file(this.dataDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var changes = client.getDatabase("forum").getCollection("changes");
			var other = client.getDatabase("forum").getCollection("posts");
			try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = changes.watch()
				.maxAwaitTime(50, TimeUnit.MILLISECONDS)
				.cursor()) {
				ExecutorService pool = Executors.newFixedThreadPool(4);
				List<Future<?>> writers = new ArrayList<>();
				for (int w = 0; w < 4; w++) {
					int writer = w;
					writers.add(pool.submit(() -> {
						for (int i = 0; i < 250; i++) {
							changes.insertOne(
									new Document("_id", writer + "-" + i).append("writer", writer).append("n", i));
							other.insertOne(new Document("_id", writer + "-" + i));
						}
					}));
				}
				Set<String> seen = new HashSet<>();
				int[] lastOfWriter = { -1, -1, -1, -1 };
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (seen.size() < 1000 && System.nanoTime() < deadline) {
					ChangeStreamDocument<Document> event = cursor.tryNext();
					if (event == null) {
						continue;
					}
					assertThat(event.getNamespace().getCollectionName()).isEqualTo("changes");
					assertThat(seen.add(event.getDocumentKey().getString("_id").getValue())).isTrue();
					int writer = event.getFullDocument().getInteger("writer");
					int n = event.getFullDocument().getInteger("n");
					assertThat(n).isEqualTo(lastOfWriter[writer] + 1);
					lastOfWriter[writer] = n;
				}
				for (Future<?> w : writers) {
					w.get();
				}
				pool.shutdown();
				assertThat(seen).hasSize(1000);
				assertThat(cursor.tryNext()).isNull();
			}
		}
	}

	@Test
	void aStreamResumesAfterItsTokenWithUpdatesAndDeletes() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var threads = client.getDatabase("forum").getCollection("threads");
			BsonDocument token;
			try (var cursor = threads.watch().cursor()) {
				threads.insertOne(new Document("_id", "t1").append("title", "Wohngeld"));
				ChangeStreamDocument<Document> inserted = cursor.next();
				assertThat(inserted.getOperationType()).isEqualTo(OperationType.INSERT);
				token = inserted.getResumeToken();
			}
			threads.updateOne(Filters.eq("_id", "t1"), Updates.set("title", "Wohngeld digital"));
			threads.deleteOne(Filters.eq("_id", "t1"));
			try (var cursor = threads.watch().resumeAfter(token).cursor()) {
				ChangeStreamDocument<Document> updated = cursor.next();
				assertThat(updated.getOperationType()).isEqualTo(OperationType.UPDATE);
				assertThat(updated.getDocumentKey().getString("_id").getValue()).isEqualTo("t1");
				ChangeStreamDocument<Document> deleted = cursor.next();
				assertThat(deleted.getOperationType()).isEqualTo(OperationType.DELETE);
				assertThat(deleted.getDocumentKey().getString("_id").getValue()).isEqualTo("t1");
			}
		}
	}

	@Test
	void aPipelineFiltersTheEventsAndTheStreamGoesOnAfterThem() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var changes = client.getDatabase("forum").getCollection("changes");
			try (var cursor = changes.watch(List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
				.cursor()) {
				changes.insertOne(new Document("_id", "a"));
				changes.updateOne(Filters.eq("_id", "a"), Updates.set("x", 1));
				changes.insertOne(new Document("_id", "b"));
				assertThat(cursor.next().getDocumentKey().getString("_id").getValue()).isEqualTo("a");
				assertThat(cursor.next().getDocumentKey().getString("_id").getValue()).isEqualTo("b");
				assertThat(cursor.tryNext()).isNull();
			}
		}
	}

	@Test
	void aStreamThatFellBehindTheKeptEntriesIsToldSoAndANewOneWorks() {
		MongoServer server = serverWithOplog(10, RecentOplog.MAX_BYTES);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
			var posts = client.getDatabase("forum").getCollection("posts");
			try (var cursor = posts.watch().cursor()) {
				for (int i = 0; i < 11; i++) {
					posts.insertOne(new Document("_id", "p" + i));
				}
				assertThatThrownBy(cursor::tryNext).isInstanceOfSatisfying(MongoCommandException.class,
						(ex) -> assertThat(ex.getErrorCode()).isEqualTo(RecentOplog.HISTORY_LOST));
			}
			try (var cursor = posts.watch().cursor()) {
				posts.insertOne(new Document("_id", "neu"));
				assertThat(cursor.next().getDocumentKey().getString("_id").getValue()).isEqualTo("neu");
			}
		}
		finally {
			server.shutdownNow();
		}
	}

	/**
	 * A whole document written again and again (as a notification inbox of 200 entries
	 * is) fills the window by size long before its count: the oldest entries go, and a
	 * stream that stayed behind them is told so.
	 */
	@Test
	void largeEntriesAreBoundedByTheirSizeNotOnlyTheirCount() {
		long maxBytes = 1L << 20;
		MongoServer server = serverWithOplog(10_000, maxBytes);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
			var inboxes = client.getDatabase("forum").getCollection("notification_inbox");
			List<Document> items = new java.util.ArrayList<>();
			for (int i = 0; i < 200; i++) {
				items.add(new Document("id", "n" + i).append("kind", "WATCHED_REPLY")
					.append("title", "Antwort im Thema Wohngeld-Antrag Nummer " + i)
					.append("read", false));
			}
			Document inbox = new Document("_id", "darmstadt").append("version", 0).append("items", items);
			assertThat(RecentOplog.heapBytes(inbox)).as("estimated heap of one inbox").isBetween(50_000L, 200_000L);
			inboxes.insertOne(inbox);
			try (var behind = inboxes.watch().cursor()) {
				// Far fewer than the 10,000 entries, far more than 1 MB.
				for (int version = 1; version <= 40; version++) {
					inboxes.replaceOne(Filters.eq("_id", "darmstadt"), inbox.append("version", version));
				}
				assertThatThrownBy(behind::tryNext).isInstanceOfSatisfying(MongoCommandException.class,
						(ex) -> assertThat(ex.getErrorCode()).isEqualTo(RecentOplog.HISTORY_LOST));
			}
			try (var cursor = inboxes.watch().cursor()) {
				inboxes.replaceOne(Filters.eq("_id", "darmstadt"), inbox.append("version", 41));
				assertThat(cursor.next().getDocumentKey().getString("_id").getValue()).isEqualTo("darmstadt");
			}
		}
		finally {
			server.shutdownNow();
		}
	}

	/**
	 * Large writes to a collection no stream watches (a morning's digest mails) are not
	 * kept, so they neither fill the heap nor push out the entries a stream still needs.
	 */
	@Test
	void writesToACollectionNoStreamWatchesAreNotKept() {
		long maxBytes = 1L << 20;
		MongoServer server = serverWithOplog(10_000, maxBytes);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
			var changes = client.getDatabase("forum").getCollection("changes");
			var outbox = client.getDatabase("forum").getCollection("mail_outbox");
			String text = "Guten Morgen, hier Ihre Zusammenfassung. ".repeat(500);
			try (var behind = changes.watch().cursor()) {
				changes.insertOne(new Document("_id", "c1"));
				// About 20 KB each, 4 MB in all: four times the window.
				for (int i = 0; i < 200; i++) {
					outbox.insertOne(new Document("_id", "m" + i).append("text", text));
					outbox.updateOne(Filters.eq("_id", "m" + i), Updates.set("status", "SENT"));
				}
				assertThat(behind.next().getDocumentKey().getString("_id").getValue()).isEqualTo("c1");
			}
			assertThat(outbox.countDocuments()).isEqualTo(200);
		}
		finally {
			server.shutdownNow();
		}
	}

	/**
	 * Writes from before the first stream on a collection were not kept: a stream asking
	 * for them is told so instead of silently missing them.
	 */
	@Test
	void aStreamAskingForWritesFromBeforeItsCollectionWasWatchedIsToldSo() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var changes = client.getDatabase("forum").getCollection("changes");
			var posts = client.getDatabase("forum").getCollection("posts");
			org.bson.BsonTimestamp before;
			try (var cursor = changes.watch().cursor()) {
				changes.insertOne(new Document("_id", "c1"));
				before = cursor.next().getClusterTime();
			}
			posts.insertOne(new Document("_id", "p1"));
			assertThatThrownBy(() -> posts.watch().startAtOperationTime(before).cursor()).isInstanceOfSatisfying(
					MongoCommandException.class,
					(ex) -> assertThat(ex.getErrorCode()).isEqualTo(RecentOplog.HISTORY_LOST));
			BsonDocument token;
			try (var cursor = posts.watch().cursor()) {
				posts.insertOne(new Document("_id", "p2"));
				ChangeStreamDocument<Document> p2 = cursor.next();
				assertThat(p2.getDocumentKey().getString("_id").getValue()).isEqualTo("p2");
				token = p2.getResumeToken();
			}
			// Kept from the first stream on: one resuming after p2 gets p3.
			posts.insertOne(new Document("_id", "p3"));
			try (var cursor = posts.watch().resumeAfter(token).cursor()) {
				assertThat(cursor.next().getDocumentKey().getString("_id").getValue()).isEqualTo("p3");
			}
		}
	}

	@Test
	void theOplogCollectionOfAnOlderFileIsDropped() {
		String file = this.dataDir.resolve("forum.mv").toString();
		MongoServer older = new MongoServer(new de.bwaldvogel.mongo.backend.h2.H2Backend(file));
		older.enableOplog();
		older.bind("127.0.0.1", 0);
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + older.getLocalAddress().getPort())) {
			client.getDatabase("forum").getCollection("posts").insertOne(new Document("_id", "p1"));
			assertThat(client.getDatabase("local").getCollection("oplog.rs").countDocuments()).isEqualTo(1);
		}
		finally {
			older.shutdownNow();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.file(this.dataDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertThat(client.getDatabase("local").listCollectionNames()).doesNotContain("oplog.rs");
			assertThat(client.getDatabase("forum").getCollection("posts").countDocuments()).isEqualTo(1);
		}
	}

	@Test
	void theOplogStaysOutOfTheFile() {
		try (EmbeddedMongo mongo = EmbeddedMongo.file(this.dataDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var posts = client.getDatabase("forum").getCollection("posts");
			for (int i = 0; i < 100; i++) {
				posts.insertOne(new Document("_id", "p" + i));
			}
			assertThat(client.getDatabase("local").listCollectionNames()).doesNotContain("oplog.rs");
			assertThat(posts.countDocuments()).isEqualTo(100);
		}
	}

	/**
	 * A stand-in in memory with an oplog of the given bounds, listening on a free port.
	 */
	private static MongoServer serverWithOplog(int maxEntries, long maxBytes) {
		MongoServer server = new MongoServer(new MemoryBackend() {

			@Override
			protected Oplog createOplog() {
				return new RecentOplog(this, getCursorRegistry(), java.time.Clock.systemUTC(), maxEntries, maxBytes);
			}

		});
		server.enableOplog();
		server.bind("127.0.0.1", 0);
		return server;
	}

}
