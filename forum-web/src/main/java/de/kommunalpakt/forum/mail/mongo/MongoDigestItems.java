package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.notification.NotificationKind;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code mail_digest_items {_id, member, category, kind, thread, post, actor,
 * at, slot}}; {@code slot} is null until the item is tied to a digest.
 */
@Repository
class MongoDigestItems implements DigestItems {

	private final MongoCollection<Document> collection;

	MongoDigestItems(MongoDatabase database) {
		this.collection = database.getCollection("mail_digest_items");
		this.collection.createIndex(Indexes.ascending("member", "slot"), new IndexOptions().name("member_slot"));
	}

	@Override
	public void add(DigestItem i) {
		try {
			this.collection.insertOne(new Document("_id", i.id()).append("member", i.memberId())
				.append("category", i.category().name())
				.append("kind", i.kind().name())
				.append("thread", i.threadId())
				.append("post", i.postNumber())
				.append("actor", i.actorName())
				.append("at", Date.from(i.at()))
				.append("slot", null));
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
	}

	@Override
	public Set<String> membersWaiting() {
		return this.collection.distinct("member", Filters.eq("slot", null), String.class).into(new HashSet<>());
	}

	@Override
	public void assign(String memberId, Collection<Category> categories, Instant slot) {
		this.collection.updateMany(Filters.and(Filters.eq("member", memberId), Filters.eq("slot", null),
				Filters.in("category", categories.stream().map(Category::name).toList()),
				Filters.lt("at", Date.from(slot))), Updates.set("slot", Date.from(slot)));
	}

	@Override
	public List<DigestItem> inSlot(String memberId, Instant slot) {
		return this.collection.find(Filters.and(Filters.eq("member", memberId), Filters.eq("slot", Date.from(slot))))
			.sort(Sorts.ascending("at"))
			.map((d) -> new DigestItem(d.getString("_id"), d.getString("member"),
					Category.valueOf(d.getString("category")), NotificationKind.valueOf(d.getString("kind")),
					d.getString("thread"), d.getInteger("post", 1), d.getString("actor"), d.getDate("at").toInstant()))
			.into(new ArrayList<>());
	}

	@Override
	public void removeSlot(String memberId, Instant slot) {
		this.collection.deleteMany(Filters.and(Filters.eq("member", memberId), Filters.eq("slot", Date.from(slot))));
	}

	@Override
	public void removeFree(String memberId, Category category) {
		this.collection.deleteMany(Filters.and(Filters.eq("member", memberId), Filters.eq("slot", null),
				Filters.eq("category", category.name())));
	}

}
