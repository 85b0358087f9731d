package de.kommunalpakt.forum.changes.mongo;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.changes.LiveFeed;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.mongo.ChangeStreamFollower;
import org.springframework.stereotype.Component;

/**
 * The live feed from MongoDB change streams: inserts into {@code changes} and writes to
 * {@code notification_inbox}. A stream that breaks is opened again after a pause; the
 * changes written meanwhile are read from the change log by id, so the order is the log
 * order and nothing is missed or repeated.
 */
@Component
class MongoLiveFeed implements LiveFeed {

	private static final Logger log = LoggerFactory.getLogger(MongoLiveFeed.class);

	private final MongoCollection<Document> changes;

	private final MongoCollection<Document> inboxes;

	private final MongoCollection<Document> presence;

	private final ChangeLog changeLog;

	MongoLiveFeed(MongoDatabase database, ChangeLog changeLog) {
		this.changes = database.getCollection("changes");
		this.inboxes = database.getCollection("notification_inbox");
		this.presence = database.getCollection("presence");
		this.presence.createIndex(com.mongodb.client.model.Indexes.ascending("thread"));
		this.changeLog = changeLog;
	}

	@Override
	public void presence(String instance, String threadId, java.util.Set<String> members) {
		String id = threadId + "|" + instance;
		if (members.isEmpty()) {
			this.presence.deleteOne(Filters.eq("_id", id));
			return;
		}
		this.presence.replaceOne(Filters.eq("_id", id),
				new Document("_id", id).append("thread", threadId)
					.append("instance", instance)
					.append("members", List.copyOf(members))
					.append("at", new java.util.Date()),
				new com.mongodb.client.model.ReplaceOptions().upsert(true));
	}

	@Override
	public long prunePresence(java.time.Instant instant) {
		return this.presence.deleteMany(Filters.lt("at", java.util.Date.from(instant))).getDeletedCount();
	}

	@Override
	public int readers(String threadId) {
		java.util.Date fresh = new java.util.Date(System.currentTimeMillis() - PRESENCE_TTL.toMillis());
		java.util.Set<String> members = new java.util.HashSet<>();
		for (Document d : this.presence.find(Filters.eq("thread", threadId))) {
			java.util.Date at = d.getDate("at");
			if (at != null && at.after(fresh)) {
				members.addAll(d.getList("members", String.class, List.of()));
			}
		}
		return members.size();
	}

	@Override
	public AutoCloseable follow(Consumer<ForumChange> onChange, Consumer<MemberId> onInbox,
			Consumer<String> onPresence) {
		AutoCloseable main = follow(onChange, onInbox);
		ChangeStreamFollower presenceFollower = keys("live-presence", this.presence, (id) -> {
			int bar = id.lastIndexOf('|');
			if (bar > 0) {
				onPresence.accept(id.substring(0, bar));
			}
		});
		presenceFollower.start();
		return () -> {
			main.close();
			presenceFollower.stop();
		};
	}

	@Override
	public AutoCloseable follow(Consumer<ForumChange> onChange, Consumer<MemberId> onInbox) {
		ChangeStreamFollower changeFollower = new ChangeStreamFollower("live-changes",
				ChangeStreamFollower.LIVE_PAUSE) {

			private String last = MongoLiveFeed.this.changeLog.latestId();

			/** Ids delivered lately: catch-up and stream may overlap. */
			private final java.util.Set<String> recent = new java.util.LinkedHashSet<>();

			@Override
			protected void stream() {
				try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = MongoLiveFeed.this.changes
					.watch(List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
					.maxAwaitTime(ChangeStreamFollower.AWAIT.toMillis(), TimeUnit.MILLISECONDS)
					.cursor()) {
					catchUp();
					while (this.running) {
						ChangeStreamDocument<Document> event = next(cursor);
						if (event == null) {
							continue;
						}
						Document d = event.getFullDocument();
						if (d == null) {
							continue;
						}
						ForumChange change = ChangeDocuments.fromDocument(d);
						deliver(change);
					}
				}
			}

			/** Changes written while no stream was open. */
			private void catchUp() {
				for (List<ForumChange> batch = MongoLiveFeed.this.changeLog.after(this.last, 500); !batch
					.isEmpty(); batch = MongoLiveFeed.this.changeLog.after(this.last, 500)) {
					batch.forEach(this::deliver);
				}
			}

			private void deliver(ForumChange change) {
				if (this.last == null || change.id().compareTo(this.last) > 0) {
					this.last = change.id();
				}
				if (!this.recent.add(change.id())) {
					return;
				}
				if (this.recent.size() > 2000) {
					this.recent.remove(this.recent.iterator().next());
				}
				try {
					onChange.accept(change);
				}
				catch (RuntimeException ex) {
					log.warn("Live-Änderung {} nicht verteilt: {}", change.id(), ex.toString());
				}
			}

		};
		ChangeStreamFollower inboxFollower = keys("live-inboxes", this.inboxes,
				(id) -> onInbox.accept(new MemberId(id)));
		changeFollower.start();
		inboxFollower.start();
		return () -> {
			changeFollower.stop();
			inboxFollower.stop();
		};
	}

	/**
	 * Follows any write to a collection and passes on the written document's string id.
	 */
	private static ChangeStreamFollower keys(String name, MongoCollection<Document> collection,
			Consumer<String> onKey) {
		return new ChangeStreamFollower(name, ChangeStreamFollower.LIVE_PAUSE) {

			@Override
			protected void stream() {
				try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = collection.watch()
					.maxAwaitTime(ChangeStreamFollower.AWAIT.toMillis(), TimeUnit.MILLISECONDS)
					.cursor()) {
					while (this.running) {
						ChangeStreamDocument<Document> event = next(cursor);
						BsonValue id = (event != null && event.getDocumentKey() != null)
								? event.getDocumentKey().get("_id") : null;
						if (id != null && id.isString()) {
							try {
								onKey.accept(id.asString().getValue());
							}
							catch (RuntimeException ex) {
								log.warn("{}: {} nicht verteilt: {}", name, id.asString().getValue(), ex.toString());
							}
						}
					}
				}
			}

		};
	}

}
