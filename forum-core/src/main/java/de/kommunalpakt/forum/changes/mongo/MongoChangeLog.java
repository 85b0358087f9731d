package de.kommunalpakt.forum.changes.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.ObjectId;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ForumChange;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id: ObjectId, kind, thread, post, space, actor, version, at,
 * subject}}. The ObjectId orders the log; reading "after" is an {@code _id} range.
 * Pruning removes an {@code _id} range and first records its bound in
 * {@code change_log_state} ({@code {_id: "pruned", below}}), so a crash between the two
 * leaves the bound set.
 */
@Repository
class MongoChangeLog implements ChangeLog {

	private static final String PRUNED = "pruned";

	private static final String THREAD_CHECK = "threadCheck";

	private final MongoCollection<Document> collection;

	private final MongoCollection<Document> state;

	MongoChangeLog(MongoDatabase database) {
		this.collection = database.getCollection("changes");
		this.state = database.getCollection("change_log_state");
	}

	@Override
	public ForumChange append(ForumChange c) {
		ObjectId id = new ObjectId();
		Document d = new Document("_id", id);
		d.putAll(ChangeDocuments.toDocument(c));
		this.collection.insertOne(d);
		return c.withId(id.toHexString());
	}

	@Override
	public List<ForumChange> after(String changeId, int limit) {
		List<ForumChange> found = new ArrayList<>();
		var filter = (changeId != null) ? Filters.gt("_id", new ObjectId(changeId)) : Filters.empty();
		this.collection.find(filter)
			.sort(Sorts.ascending("_id"))
			.limit(limit)
			.forEach((d) -> found.add(ChangeDocuments.fromDocument(d)));
		return found;
	}

	@Override
	public boolean hasSubject(String subjectId) {
		return this.collection.find(Filters.eq("subject", subjectId))
			.projection(Projections.include("_id"))
			.limit(1)
			.first() != null;
	}

	@Override
	public Tail tailSince(Instant from) {
		Map<String, Long> newest = new HashMap<>();
		Map<String, Set<Integer>> written = new HashMap<>();
		this.collection.find(Filters.gte("_id", ObjectId.getSmallestWithDate(Date.from(from))))
			.projection(Projections.include("thread", "version", "kind", "post"))
			.batchSize(1000)
			.forEach((d) -> {
				String thread = d.getString("thread");
				Number v = d.get("version", Number.class);
				if (thread != null) {
					newest.merge(thread, (v != null) ? v.longValue() : 0, Math::max);
					String kind = d.getString("kind");
					Number post = d.get("post", Number.class);
					if (post != null && (ChangeKind.THREAD_STARTED.name().equals(kind)
							|| ChangeKind.REPLY_POSTED.name().equals(kind))) {
						written.computeIfAbsent(thread, (t) -> new HashSet<>()).add(post.intValue());
					}
				}
			});
		return new Tail(newest, written);
	}

	@Override
	public Optional<Instant> threadCheckAt() {
		Document d = this.state.find(Filters.eq("_id", THREAD_CHECK)).first();
		return Optional.ofNullable(d).map((doc) -> doc.getDate("at").toInstant());
	}

	@Override
	public void recordThreadCheck(Instant at) {
		this.state.replaceOne(Filters.eq("_id", THREAD_CHECK),
				new Document("_id", THREAD_CHECK).append("at", Date.from(at)), new ReplaceOptions().upsert(true));
	}

	@Override
	public String latestId() {
		Document last = this.collection.find().sort(Sorts.descending("_id")).limit(1).first();
		return (last != null) ? last.getObjectId("_id").toHexString() : null;
	}

	@Override
	public long pruneBefore(Instant cutoff) {
		String latest = latestId();
		if (latest == null) {
			return 0;
		}
		ObjectId bound = ObjectId.getSmallestWithDate(Date.from(cutoff));
		ObjectId newest = new ObjectId(latest);
		ObjectId below = (newest.compareTo(bound) < 0) ? newest : bound;
		if (this.collection.find(Filters.lt("_id", below)).limit(1).first() == null) {
			return 0;
		}
		String earlier = prunedBelow();
		if (earlier == null || new ObjectId(earlier).compareTo(below) < 0) {
			this.state.replaceOne(Filters.eq("_id", PRUNED), new Document("_id", PRUNED).append("below", below),
					new ReplaceOptions().upsert(true));
		}
		return this.collection.deleteMany(Filters.lt("_id", below)).getDeletedCount();
	}

	@Override
	public String prunedBelow() {
		Document d = this.state.find(Filters.eq("_id", PRUNED)).first();
		return (d != null) ? d.getObjectId("below").toHexString() : null;
	}

}
