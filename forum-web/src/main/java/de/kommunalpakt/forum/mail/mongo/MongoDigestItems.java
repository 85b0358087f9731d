package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.notification.NotificationKind;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code mail_digests {_id: member, items: [{id, category, kind, thread, post,
 * actor, at}], oldest: {OWN, WATCHED}, slots: {<slot in ms>: [item id]}, built, v}}.
 * {@code v} counts additions: the oldest times are rewritten only if nothing was added
 * since they were read; {@code built} is the slot of the last digest.
 */
@Repository
class MongoDigestItems implements DigestItems {

	private final MongoCollection<Document> collection;

	MongoDigestItems(MongoDatabase database) {
		this.collection = database.getCollection("mail_digests");
		moveFromItemCollection(database.getCollection("mail_digest_items"));
	}

	/**
	 * Items of the first design (one document each in {@code mail_digest_items}) move
	 * into the member documents at start, each removed after it was added (safe to
	 * repeat); an item already tied to a slot is free again, for the next digest.
	 */
	private void moveFromItemCollection(MongoCollection<Document> old) {
		for (Document d : old.find()) {
			add(new DigestItem(d.getString("_id"), d.getString("member"), Category.valueOf(d.getString("category")),
					NotificationKind.valueOf(d.getString("kind")), d.getString("thread"), d.getInteger("post", 1),
					d.getString("actor"), d.getDate("at").toInstant()));
			old.deleteOne(Filters.eq("_id", d.get("_id")));
		}
	}

	@Override
	public void add(DigestItem i) {
		Document item = new Document("id", i.id()).append("category", i.category().name())
			.append("kind", i.kind().name())
			.append("thread", i.threadId())
			.append("post", i.postNumber())
			.append("actor", i.actorName())
			.append("at", Date.from(i.at()));
		try {
			this.collection.updateOne(Filters.and(Filters.eq("_id", i.memberId()), Filters.ne("items.id", i.id())),
					Updates.combine(Updates.push("items", item),
							Updates.min("oldest." + i.category().name(), Date.from(i.at())), Updates.inc("v", 1L)),
					new UpdateOptions().upsert(true));
		}
		catch (MongoWriteException ex) {
			// The member's document holds this item already: the upsert met its id.
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
	}

	@Override
	public Map<String, Waiting> waiting() {
		Map<String, Waiting> waiting = new HashMap<>();
		for (Document d : this.collection.find(Filters.exists("oldest"))
			.projection(Projections.include("oldest", "built"))) {
			Document oldest = d.get("oldest", Document.class);
			Map<Category, Instant> byCategory = new EnumMap<>(Category.class);
			for (Category c : Category.values()) {
				Date at = oldest.getDate(c.name());
				if (at != null) {
					byCategory.put(c, at.toInstant());
				}
			}
			if (!byCategory.isEmpty()) {
				Date built = d.getDate("built");
				waiting.put(d.getString("_id"), new Waiting(byCategory, (built != null) ? built.toInstant() : null));
			}
		}
		return waiting;
	}

	@Override
	public List<DigestItem> take(String memberId, Collection<Category> categories, Instant slot) {
		String key = "slots." + slot.toEpochMilli();
		for (int attempt = 0; attempt < 3; attempt++) {
			Document d = this.collection.find(Filters.eq("_id", memberId)).first();
			if (d == null) {
				return List.of();
			}
			List<Document> items = d.getList("items", Document.class, List.of());
			List<String> ids = slot(d, slot);
			if (ids == null) {
				Set<String> tied = tied(d);
				Set<String> names = new HashSet<>();
				categories.forEach((c) -> names.add(c.name()));
				ids = items.stream()
					.filter((i) -> names.contains(i.getString("category")) && i.getDate("at").toInstant().isBefore(slot)
							&& !tied.contains(i.getString("id")))
					.map((i) -> i.getString("id"))
					.toList();
				if (this.collection
					.updateOne(Filters.and(Filters.eq("_id", memberId), Filters.exists(key, false)),
							Updates.set(key, ids))
					.getMatchedCount() == 0) {
					// Tied meanwhile (another instance, or the document went): read
					// again.
					continue;
				}
			}
			Set<String> inSlot = new HashSet<>(ids);
			return items.stream()
				.filter((i) -> inSlot.contains(i.getString("id")))
				.map((i) -> item(memberId, i))
				.sorted(Comparator.comparing(DigestItem::at))
				.toList();
		}
		throw new IllegalStateException("Zusammenfassung " + memberId + " " + slot + " nicht gebunden");
	}

	@Override
	public void done(String memberId, Instant slot) {
		Document d = this.collection.find(Filters.eq("_id", memberId)).first();
		List<String> ids = (d != null) ? slot(d, slot) : null;
		if (ids != null) {
			remove(d, new HashSet<>(ids), slot);
		}
	}

	@Override
	public void removeFree(String memberId, Category category) {
		Document d = this.collection.find(Filters.eq("_id", memberId)).first();
		if (d == null) {
			return;
		}
		Set<String> tied = tied(d);
		Set<String> ids = new HashSet<>();
		for (Document i : d.getList("items", Document.class, List.of())) {
			if (category.name().equals(i.getString("category")) && !tied.contains(i.getString("id"))) {
				ids.add(i.getString("id"));
			}
		}
		if (!ids.isEmpty()) {
			remove(d, ids, null);
		}
	}

	/**
	 * Removes these items (and the slot): with the oldest times of what remains if
	 * nothing was added since {@code d} was read, else leaving them (corrected at the
	 * next look).
	 */
	private void remove(Document d, Set<String> ids, Instant slot) {
		String slotKey = (slot != null) ? "slots." + slot.toEpochMilli() : null;
		Object memberId = d.get("_id");
		List<Bson> changes = new ArrayList<>();
		if (!ids.isEmpty()) {
			changes.add(Updates
				.pullByFilter(new Document("items", new Document("id", new Document("$in", new ArrayList<>(ids))))));
		}
		if (slotKey != null) {
			changes.add(Updates.unset(slotKey));
			changes.add(Updates.set("built", Date.from(slot)));
		}
		Map<String, Date> oldest = new HashMap<>();
		for (Document i : d.getList("items", Document.class, List.of())) {
			if (!ids.contains(i.getString("id"))) {
				oldest.merge(i.getString("category"), i.getDate("at"), (a, b) -> a.before(b) ? a : b);
			}
		}
		// The document stays (with its last slot) when nothing waits: a late item must
		// not
		// make a digest for a slot already built.
		Bson unchanged = Filters.and(Filters.eq("_id", memberId), Filters.eq("v", d.get("v")));
		List<Bson> withOldest = new ArrayList<>(changes);
		withOldest.add(oldest.isEmpty() ? Updates.unset("oldest") : Updates.set("oldest", new Document(oldest)));
		boolean applied = this.collection.updateOne(unchanged, Updates.combine(withOldest)).getMatchedCount() > 0;
		if (!applied && !changes.isEmpty()) {
			this.collection.updateOne(Filters.eq("_id", memberId), Updates.combine(changes));
		}
	}

	private static List<String> slot(Document d, Instant slot) {
		Document slots = d.get("slots", Document.class);
		return (slots != null) ? slots.getList(Long.toString(slot.toEpochMilli()), String.class) : null;
	}

	private static Set<String> tied(Document d) {
		Set<String> tied = new HashSet<>();
		Document slots = d.get("slots", Document.class);
		if (slots != null) {
			slots.values().forEach((ids) -> ((List<?>) ids).forEach((id) -> tied.add((String) id)));
		}
		return tied;
	}

	private static DigestItem item(String memberId, Document i) {
		return new DigestItem(i.getString("id"), memberId, Category.valueOf(i.getString("category")),
				NotificationKind.valueOf(i.getString("kind")), i.getString("thread"), i.getInteger("post", 1),
				i.getString("actor"), i.getDate("at").toInstant());
	}

}
