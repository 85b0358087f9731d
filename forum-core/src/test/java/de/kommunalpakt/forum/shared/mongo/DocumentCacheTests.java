package de.kommunalpakt.forum.shared.mongo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.MongoTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cache behind the header counter and watch levels, against a wire-protocol server
 * with change streams: values stay until their document is written, by anyone.
 */
class DocumentCacheTests {

	private final AtomicInteger loads = new AtomicInteger();

	private MongoTestDatabase mongo;

	private DocumentCache<String> cache;

	private MongoCollection<Document> documents;

	private void start(boolean changeStreams) {
		this.mongo = new MongoTestDatabase(changeStreams);
		this.documents = this.mongo.database("cache").getCollection("documents");
		this.documents.insertOne(new Document("_id", "a").append("v", "eins"));
		this.cache = new DocumentCache<>("test-cache", this.documents, 100);
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.cache.close();
		this.mongo.close();
	}

	private String read(String id) {
		this.loads.incrementAndGet();
		Document d = this.documents.find(Filters.eq("_id", id)).first();
		return (d != null) ? d.getString("v") : null;
	}

	private void writeElsewhere(String value) {
		// Not through the cache: as another instance of the forum writes.
		this.documents.updateOne(Filters.eq("_id", "a"), Updates.set("v", value));
	}

	@Test
	void aValueIsKeptUntilAnyoneWritesItsDocument() {
		start(true);
		await().atMost(Duration.ofSeconds(5)).until(this.cache::isActive);

		assertThat(this.cache.get("a", this::read)).isEqualTo("eins");
		assertThat(this.cache.get("a", this::read)).isEqualTo("eins");
		assertThat(this.loads).hasValue(1);

		writeElsewhere("zwei");
		await().atMost(Duration.ofSeconds(2)).until(() -> "zwei".equals(this.cache.get("a", this::read)));
		int afterChange = this.loads.get();
		assertThat(this.cache.get("a", this::read)).isEqualTo("zwei");
		assertThat(this.loads).hasValue(afterChange);
	}

	@Test
	void aWriteThroughThisInstanceIsSeenAtOnce() {
		start(true);
		await().atMost(Duration.ofSeconds(5)).until(this.cache::isActive);
		assertThat(this.cache.get("a", this::read)).isEqualTo("eins");

		writeElsewhere("zwei");
		this.cache.evict("a");

		assertThat(this.cache.get("a", this::read)).isEqualTo("zwei");
	}

	@Test
	void aValueReadWhileItsDocumentChangedIsNotKept() {
		start(true);
		await().atMost(Duration.ofSeconds(5)).until(this.cache::isActive);

		String raced = this.cache.get("a", (id) -> {
			String before = read(id);
			writeElsewhere("zwei");
			this.cache.evict(id);
			return before;
		});

		assertThat(raced).isEqualTo("eins");
		assertThat(this.cache.get("a", this::read)).isEqualTo("zwei");
		assertThat(this.loads).hasValue(2);
	}

	@Test
	void withoutAChangeStreamNothingIsKept() {
		start(false);

		assertThat(this.cache.get("a", this::read)).isEqualTo("eins");
		writeElsewhere("zwei");
		assertThat(this.cache.get("a", this::read)).isEqualTo("zwei");
		assertThat(this.cache.isActive()).isFalse();
		assertThat(this.loads).hasValue(2);
	}

}
