package de.kommunalpakt.forum.infra;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire-protocol server through the real driver. */
class EmbeddedMongoTests {

	@TempDir
	Path dataDir;

	@Test
	void fileBackendKeepsDocumentsAcrossRestarts() {
		try (EmbeddedMongo mongo = EmbeddedMongo.file(this.dataDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			client.getDatabase("forum")
				.getCollection("threads")
				.insertOne(new Document("_id", "t1").append("title", "Wohngeld"));
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.file(this.dataDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertThat(client.getDatabase("forum").getCollection("threads").find(new Document("_id", "t1")).first())
				.containsEntry("title", "Wohngeld");
		}
	}

	@Test
	void changeStreamsSeeInsertsBecauseTheOplogIsOn() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var changes = client.getDatabase("forum").getCollection("changes");
			try (var cursor = changes.watch().cursor()) {
				changes.insertOne(new Document("kind", "REPLY_POSTED"));
				var event = cursor.next();
				assertThat(event.getFullDocument()).containsEntry("kind", "REPLY_POSTED");
			}
		}
	}

	@Test
	void trimmingTheOplogKeepsChangeStreamsWorking() throws InterruptedException {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var posts = client.getDatabase("forum").getCollection("posts");
			for (int i = 0; i < 100; i++) {
				posts.insertOne(new Document("_id", "p" + i));
			}
			var oplog = client.getDatabase("local").getCollection("oplog.rs");
			assertThat(oplog.countDocuments()).isGreaterThanOrEqualTo(100);
			Thread.sleep(1100);
			assertThat(mongo.trimOplog(java.time.Duration.ZERO)).isGreaterThanOrEqualTo(100);
			assertThat(oplog.countDocuments()).isLessThan(100);
			assertThat(posts.countDocuments()).isEqualTo(100);
			try (var cursor = posts.watch().cursor()) {
				posts.insertOne(new Document("_id", "neu"));
				assertThat(cursor.next().getDocumentKey().getString("_id").getValue()).isEqualTo("neu");
			}
		}
	}

}
