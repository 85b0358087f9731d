package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiting digest items of the first design move into the member documents at start; a
 * batch of digests ties and clears its members' items as one digest does.
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

	@Test
	void takeAllTiesEachMembersItemsAsTakeDoesAndDoneAllClearsOnlyThem() {
		MongoDigestItems items = new MongoDigestItems(this.database);
		String fresh = "stapel-" + UUID.randomUUID();
		String tied = "stapel-" + UUID.randomUUID();
		String nothing = "stapel-" + UUID.randomUUID();
		Instant slot = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		items.add(item("f-1", fresh, slot.minusSeconds(300)));
		items.add(item("f-2", fresh, slot.minusSeconds(200)));
		items.add(item("f-spaeter", fresh, slot.plusSeconds(10)));
		items.add(item("t-1", tied, slot.minusSeconds(250)));
		// Tied before (a digest interrupted after tying): a later item before the slot
		// does not join it.
		assertThat(items.take(tied, List.of(Category.WATCHED), slot)).hasSize(1);
		items.add(item("t-nach-dem-binden", tied, slot.minusSeconds(100)));

		List<DigestItems.Due> due = List.of(new DigestItems.Due(fresh, List.of(Category.WATCHED), slot),
				new DigestItems.Due(tied, List.of(Category.WATCHED), slot),
				new DigestItems.Due(nothing, List.of(Category.WATCHED), slot));
		Map<String, List<DigestItem>> taken = items.takeAll(due);

		assertThat(taken.get(fresh)).extracting(DigestItem::id).containsExactly("f-1", "f-2");
		assertThat(taken.get(tied)).extracting(DigestItem::id).containsExactly("t-1");
		assertThat(taken.get(nothing)).isEmpty();
		// Taken again (a crash before the outbox write): the same items.
		assertThat(items.takeAll(due).get(fresh)).extracting(DigestItem::id).containsExactly("f-1", "f-2");

		items.doneAll(due);
		Map<String, DigestItems.Waiting> waiting = items.waiting();
		assertThat(waiting.get(fresh).oldest()).containsExactly(Map.entry(Category.WATCHED, slot.plusSeconds(10)));
		assertThat(waiting.get(fresh).built()).isEqualTo(slot);
		assertThat(waiting.get(tied).oldest()).containsExactly(Map.entry(Category.WATCHED, slot.minusSeconds(100)));
		assertThat(waiting.get(tied).built()).isEqualTo(slot);
		assertThat(waiting).doesNotContainKey(nothing);
		assertThat(items.take(fresh, List.of(Category.WATCHED), slot.plusSeconds(60))).extracting(DigestItem::id)
			.containsExactly("f-spaeter");
	}

	private static DigestItem item(String id, String member, Instant at) {
		return new DigestItem(id, member, Category.WATCHED, NotificationKind.WATCHED_REPLY, "t1", 2, "Anna Becker", at);
	}

}
