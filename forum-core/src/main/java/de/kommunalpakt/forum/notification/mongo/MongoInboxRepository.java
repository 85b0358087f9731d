package de.kommunalpakt.forum.notification.mongo;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.notification.Inbox;
import de.kommunalpakt.forum.notification.InboxRepository;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.shared.mongo.DocumentCache;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id: member, version, items: [{id, kind, thread, post, title, actor,
 * detail, at, read}]}}; newest first. The unread count, read on every page, is kept per
 * member in a {@link DocumentCache} that any write to the member's inbox drops.
 */
@Repository
class MongoInboxRepository implements InboxRepository, DisposableBean {

	/** Members whose counters are kept at most. */
	private static final int KEPT_COUNTERS = 20_000;

	private final MongoCollection<Document> collection;

	private final DocumentCache<Long> unread;

	MongoInboxRepository(MongoDatabase database) {
		this.collection = database.getCollection("notification_inbox");
		this.unread = new DocumentCache<>("inbox-counters", this.collection, KEPT_COUNTERS);
	}

	@Override
	public long unread(MemberId member) {
		return this.unread.get(member.value(), (id) -> find(member).map(Inbox::unread).orElse(0L));
	}

	@Override
	public void destroy() throws InterruptedException {
		this.unread.close();
	}

	@Override
	public Optional<Inbox> find(MemberId member) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", member.value())).first())
			.map(MongoInboxRepository::fromDocument);
	}

	@Override
	public boolean save(Inbox inbox) {
		try {
			return write(inbox);
		}
		finally {
			this.unread.evict(inbox.member().value());
		}
	}

	/**
	 * {@code $push} at position 0 with {@code $slice}: the entry alone goes over the wire
	 * and into the oplog. Written whole, an inbox of 200 notifications was some 50 KB a
	 * time, for every member a reply notifies.
	 */
	@Override
	public boolean add(MemberId member, Notification notification) {
		try {
			UpdateResult result = this.collection.updateOne(
					Filters.and(Filters.eq("_id", member.value()), Filters.ne("items.id", notification.id())),
					Updates.combine(Updates.pushEach("items", List.of(toDocument(notification)),
							new PushOptions().position(0).slice(Inbox.KEEP)), Updates.inc("version", 1L)),
					new UpdateOptions().upsert(true));
			return result.getModifiedCount() == 1 || result.getUpsertedId() != null;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
				// The inbox exists and holds the notification already: the filter did
				// not match, and the upsert found the id taken.
				return false;
			}
			throw ex;
		}
		finally {
			this.unread.evict(member.value());
		}
	}

	private boolean write(Inbox inbox) {
		Document document = toDocument(inbox, inbox.version() + 1);
		if (inbox.version() == 0) {
			try {
				this.collection.insertOne(document);
				return true;
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
					return false;
				}
				throw ex;
			}
		}
		return this.collection
			.replaceOne(Filters.and(Filters.eq("_id", inbox.member().value()), Filters.eq("version", inbox.version())),
					document)
			.getMatchedCount() == 1;
	}

	private static Document toDocument(Inbox inbox, long version) {
		List<Document> items = new ArrayList<>(inbox.items().size());
		for (Notification n : inbox.items()) {
			items.add(toDocument(n));
		}
		return new Document("_id", inbox.member().value()).append("version", version).append("items", items);
	}

	private static Document toDocument(Notification n) {
		return new Document("id", n.id()).append("kind", n.kind().name())
			.append("thread", n.threadId())
			.append("post", n.postNumber())
			.append("title", n.threadTitle())
			.append("actor", n.actorName())
			.append("detail", n.detail())
			.append("at", Date.from(n.at()))
			.append("read", n.read());
	}

	private static Inbox fromDocument(Document d) {
		List<Notification> items = new ArrayList<>();
		for (Document n : d.getList("items", Document.class, List.of())) {
			items.add(new Notification(n.getString("id"), NotificationKind.valueOf(n.getString("kind")),
					n.getString("thread"), n.getInteger("post", 1), n.getString("title"), n.getString("actor"),
					n.getString("detail"), n.getDate("at").toInstant(), n.getBoolean("read", false)));
		}
		return new Inbox(new MemberId(d.getString("_id")), items, ((Number) d.get("version")).longValue());
	}

	@Override
	public List<MemberId> membersNotifiedAbout(String threadId) {
		List<MemberId> members = new ArrayList<>();
		this.collection.find(Filters.eq("items.thread", threadId))
			.projection(new Document("_id", 1))
			.forEach((d) -> members.add(new MemberId(d.getString("_id"))));
		return members;
	}

	@Override
	public long pruneBefore(java.time.Instant instant) {
		long removed = 0;
		for (Document d : this.collection.find()) {
			Inbox inbox = fromDocument(d);
			List<de.kommunalpakt.forum.notification.Notification> kept = inbox.items()
				.stream()
				.filter((n) -> !n.at().isBefore(instant))
				.toList();
			if (kept.size() < inbox.items().size() && save(new Inbox(inbox.member(), kept, inbox.version()))) {
				removed += inbox.items().size() - kept.size();
			}
		}
		return removed;
	}

}
