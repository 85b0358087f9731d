package de.kommunalpakt.forum.shared.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeferredDurabilityTests {

	@Test
	void onlyWritesInsideRunSkipTheJournalAndTheScopeEndsEvenOnAnError() {
		// The driver connects lazily: nothing is sent here.
		try (MongoClient client = MongoClients.create("mongodb://localhost:1")) {
			MongoCollection<Document> posts = client.getDatabase("forum").getCollection("posts");
			assertThat(DeferredDurability.collection(posts)).isSameAs(posts);
			Boolean inside = DeferredDurability
				.run(() -> DeferredDurability.collection(posts).getWriteConcern().getJournal());
			assertThat(inside).isFalse();
			// Nested: the inner end does not end the outer scope.
			Boolean afterNested = DeferredDurability.run(() -> {
				DeferredDurability.run(() -> null);
				return DeferredDurability.collection(posts).getWriteConcern().getJournal();
			});
			assertThat(afterNested).isFalse();
			assertThatThrownBy(() -> DeferredDurability.run(() -> {
				throw new IllegalStateException("refused");
			})).hasMessage("refused");
			assertThat(DeferredDurability.collection(posts)).isSameAs(posts);
		}
	}

}
