package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
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
 * {@code v} counts additions and ties: every conditional write names it with the
 * {@code _id} (the oldest times are rewritten only if nothing was added since they were
 * read, a slot is tied only to what was read); {@code built} is the slot of the last
 * digest.
 */
@Repository
class MongoDigestItems implements DigestItems {

	private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

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
		Bson change = Updates.combine(Updates.push("items", item),
				Updates.min("oldest." + i.category().name(), Date.from(i.at())), Updates.inc("v", 1L));
		for (int attempt = 0; attempt < 5; attempt++) {
			Document d = this.collection.find(Filters.eq("_id", i.memberId())).first();
			if (d == null) {
				try {
					this.collection.insertOne(new Document("_id", i.memberId()).append("items", List.of(item))
						.append("oldest", new Document(i.category().name(), Date.from(i.at())))
						.append("v", 1L));
					return;
				}
				catch (MongoWriteException ex) {
					// Added meanwhile: read again.
					if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
						throw ex;
					}
					continue;
				}
			}
			if (d.getList("items", Document.class, List.of()).stream().anyMatch((x) -> i.id().equals(x.get("id")))) {
				return;
			}
			if (this.collection.updateOne(unchanged(d), change).getMatchedCount() > 0) {
				return;
			}
		}
		throw new IllegalStateException("Zusammenfassungs-Eintrag " + i.id() + " nicht abgelegt");
	}

	/**
	 * The document as read: {@code _id} and {@code v}, as a plain document (found by its
	 * {@code _id}, on MongoDB and on the stand-in alike).
	 */
	private static Bson unchanged(Document d) {
		// A plain document: the driver renders Filters.and as $and, which no index of
		// the stand-in handles.
		return new Document("_id", d.get("_id")).append("v", d.get("v"));
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
		for (int attempt = 0; attempt < 3; attempt++) {
			Document d = this.collection.find(Filters.eq("_id", memberId)).first();
			if (d == null) {
				return List.of();
			}
			List<String> ids = slot(d, slot);
			if (ids == null) {
				ids = free(d, categories, slot);
				if (this.collection.updateOne(unchanged(d), tie(slot, ids)).getMatchedCount() == 0) {
					// Changed meanwhile (an addition, another instance tied it, or the
					// document went): read again.
					continue;
				}
			}
			return items(memberId, d, ids);
		}
		throw new IllegalStateException("Zusammenfassung " + memberId + " " + slot + " nicht gebunden");
	}

	@Override
	public Map<String, List<DigestItem>> takeAll(List<Due> due) {
		Map<String, List<DigestItem>> taken = new LinkedHashMap<>();
		Map<String, Document> docs = read(due);
		Map<String, List<String>> idsByMember = new HashMap<>();
		List<WriteModel<Document>> ties = new ArrayList<>();
		for (Due d : due) {
			Document doc = docs.get(d.memberId());
			if (doc == null) {
				continue;
			}
			List<String> ids = slot(doc, d.slot());
			if (ids == null) {
				ids = free(doc, d.categories(), d.slot());
				ties.add(new UpdateOneModel<>(unchanged(doc), tie(d.slot(), ids)));
			}
			idsByMember.put(d.memberId(), ids);
		}
		// Waiting for the journal, as every write of the mails does: one that did not
		// would leave its changed pages to the next commit, which may be a post's; the
		// post would then wait longer (see MailJournalTests).
		if (!ties.isEmpty() && this.collection.bulkWrite(ties, UNORDERED).getMatchedCount() < ties.size()) {
			// One changed meanwhile (an addition, or another instance tied it): each
			// member again, as take does.
			due.forEach((d) -> taken.put(d.memberId(), take(d.memberId(), d.categories(), d.slot())));
			return taken;
		}
		for (Due d : due) {
			Document doc = docs.get(d.memberId());
			taken.put(d.memberId(),
					(doc != null) ? items(d.memberId(), doc, idsByMember.get(d.memberId())) : List.of());
		}
		return taken;
	}

	@Override
	public void doneAll(List<Due> due) {
		Map<String, Document> docs = read(due);
		List<WriteModel<Document>> unchanged = new ArrayList<>();
		List<WriteModel<Document>> anyway = new ArrayList<>();
		for (Due d : due) {
			Document doc = docs.get(d.memberId());
			List<String> ids = (doc != null) ? slot(doc, d.slot()) : null;
			if (ids != null) {
				Removal removal = removal(doc, new HashSet<>(ids), d.slot());
				unchanged.add(new UpdateOneModel<>(removal.unchanged(), removal.withOldest()));
				anyway.add(new UpdateOneModel<>(Filters.eq("_id", doc.get("_id")), removal.changes()));
			}
		}
		if (unchanged.isEmpty()) {
			return;
		}
		// Waiting for the journal, as in takeAll.
		if (this.collection.bulkWrite(unchanged, UNORDERED).getMatchedCount() < unchanged.size()) {
			// One met an addition: its removal without the oldest times (corrected at the
			// next look); for the others this changes nothing.
			this.collection.bulkWrite(anyway, UNORDERED);
		}
	}

	/** The members' documents in one read by {@code _id}. */
	private Map<String, Document> read(List<Due> due) {
		Map<String, Document> docs = new HashMap<>();
		if (!due.isEmpty()) {
			this.collection.find(Filters.in("_id", due.stream().map(Due::memberId).distinct().toList()))
				.forEach((d) -> docs.put(d.getString("_id"), d));
		}
		return docs;
	}

	/** The ids of the member's free items of these categories from before the slot. */
	private static List<String> free(Document d, Collection<Category> categories, Instant slot) {
		Set<String> tied = tied(d);
		Set<String> names = new HashSet<>();
		categories.forEach((c) -> names.add(c.name()));
		return d.getList("items", Document.class, List.of())
			.stream()
			.filter((i) -> names.contains(i.getString("category")) && i.getDate("at").toInstant().isBefore(slot)
					&& !tied.contains(i.getString("id")))
			.map((i) -> i.getString("id"))
			.toList();
	}

	@Override
	public List<DigestItem> waitingFor(String memberId) {
		Document d = this.collection.find(Filters.eq("_id", memberId)).first();
		if (d == null) {
			return List.of();
		}
		return d.getList("items", Document.class, List.of())
			.stream()
			.map((i) -> item(memberId, i))
			.sorted(Comparator.comparing(DigestItem::at))
			.toList();
	}

	/** These items of the member's document, oldest first. */
	private static List<DigestItem> items(String memberId, Document d, List<String> ids) {
		Set<String> inSlot = new HashSet<>(ids);
		return d.getList("items", Document.class, List.of())
			.stream()
			.filter((i) -> inSlot.contains(i.getString("id")))
			.map((i) -> item(memberId, i))
			.sorted(Comparator.comparing(DigestItem::at))
			.toList();
	}

	private static Bson tie(Instant slot, List<String> ids) {
		return Updates.combine(Updates.set(key(slot), ids), Updates.inc("v", 1L));
	}

	private static String key(Instant slot) {
		return "slots." + slot.toEpochMilli();
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
		Removal removal = removal(d, ids, slot);
		boolean applied = this.collection.updateOne(removal.unchanged(), removal.withOldest()).getMatchedCount() > 0;
		if (!applied && removal.changes() != null) {
			this.collection.updateOne(Filters.eq("_id", d.get("_id")), removal.changes());
		}
	}

	/**
	 * The removal of items and slot from a document read before.
	 *
	 * @param unchanged the document, if nothing was added since it was read
	 * @param withOldest the removal with the oldest times of what remains
	 * @param changes the removal alone, or null if there is nothing to remove
	 */
	private record Removal(Bson unchanged, Bson withOldest, Bson changes) {
	}

	private static Removal removal(Document d, Set<String> ids, Instant slot) {
		List<Bson> changes = new ArrayList<>();
		if (!ids.isEmpty()) {
			changes.add(Updates
				.pullByFilter(new Document("items", new Document("id", new Document("$in", new ArrayList<>(ids))))));
		}
		if (slot != null) {
			changes.add(Updates.unset(key(slot)));
			changes.add(Updates.set("built", Date.from(slot)));
		}
		Map<String, Date> oldest = new HashMap<>();
		for (Document i : d.getList("items", Document.class, List.of())) {
			if (!ids.contains(i.getString("id"))) {
				oldest.merge(i.getString("category"), i.getDate("at"), (a, b) -> a.before(b) ? a : b);
			}
		}
		// The document stays (with its last slot) when nothing waits: a late item must
		// not make a digest for a slot already built.
		List<Bson> withOldest = new ArrayList<>(changes);
		withOldest.add(oldest.isEmpty() ? Updates.unset("oldest") : Updates.set("oldest", new Document(oldest)));
		return new Removal(unchanged(d), Updates.combine(withOldest),
				changes.isEmpty() ? null : Updates.combine(changes));
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
