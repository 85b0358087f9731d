package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting digest items of the first design move into the member documents at start.
 */
class MongoDigestItemsTests extends WebTestSupport {

	@Autowired
	MongoDatabase database;

	@Test
	void itemsOfTheFirstDesignMoveIntoTheMemberDocumentOnce() {
		String member = "umzug-" + UUID.randomUUID();
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		this.database.getCollection("mail_digest_items")
			.insertOne(new Document("_id", "alt-1:" + member).append("member", member)
				.append("category", "WATCHED")
				.append("kind", "WATCHED_REPLY")
				.append("thread", "t1")
				.append("post", 3)
				.append("actor", "Anna Becker")
				.append("at", Date.from(at))
				.append("slot", null));

		MongoDigestItems items = new MongoDigestItems(this.database);
		new MongoDigestItems(this.database);

		assertThat(this.database.getCollection("mail_digest_items").countDocuments()).isZero();
		assertThat(items.waiting().get(member).oldest()).containsEntry(Category.WATCHED, at);
		List<DigestItem> taken = items.take(member, List.of(Category.WATCHED), at.plusSeconds(1));
		assertThat(taken).singleElement().satisfies((i) -> {
			assertThat(i.threadId()).isEqualTo("t1");
			assertThat(i.postNumber()).isEqualTo(3);
			assertThat(i.actorName()).isEqualTo("Anna Becker");
		});
		items.done(member, at.plusSeconds(1));
		assertThat(items.waiting()).doesNotContainKey(member);
	}

}
