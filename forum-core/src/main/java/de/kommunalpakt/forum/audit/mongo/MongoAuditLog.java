package de.kommunalpakt.forum.audit.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditLog;
import de.kommunalpakt.forum.audit.AuditQuery;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.Page;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code audit_log}: {@code {_id: ObjectId, at, actor, actorName, action,
 * targetType, targetId, targetLabel, subject, before, after, reason}}. The ObjectId
 * orders the log. Nothing here updates an entry; pruning removes by age. The log is read
 * by administrators only, so its filters may scan; production has indexes on {@code at},
 * {@code actor} and {@code subject}.
 */
@Repository
class MongoAuditLog implements AuditLog {

	private final MongoCollection<Document> collection;

	MongoAuditLog(MongoDatabase database) {
		this.collection = database.getCollection("audit_log");
		this.collection.createIndex(Indexes.ascending("at"));
		this.collection.createIndex(Indexes.ascending("actor"));
		this.collection.createIndex(Indexes.ascending("subject"));
	}

	@Override
	public String newId() {
		return new ObjectId().toHexString();
	}

	@Override
	public AuditEntry append(AuditEntry e) {
		ObjectId id = new ObjectId();
		this.collection.insertOne(toDocument(e, id));
		return findById(id.toHexString()).orElseThrow();
	}

	@Override
	public AuditEntry appendOnce(AuditEntry e) {
		try {
			this.collection.insertOne(toDocument(e, new ObjectId(e.id())));
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
		}
		return findById(e.id()).orElseThrow();
	}

	static Document toDocument(AuditEntry e, ObjectId id) {
		return new Document("_id", id).append("at", Date.from(e.at()))
			.append("actor", (e.actor() != null) ? e.actor().value() : null)
			.append("actorName", e.actorName())
			.append("action", e.action().name())
			.append("targetType", e.targetType())
			.append("targetId", e.targetId())
			.append("targetLabel", e.targetLabel())
			.append("subject", (e.subject() != null) ? e.subject().value() : null)
			.append("before", e.before())
			.append("after", e.after())
			.append("reason", e.reason());
	}

	@Override
	public Optional<AuditEntry> findById(String id) {
		if (id == null || !ObjectId.isValid(id)) {
			return Optional.empty();
		}
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", new ObjectId(id))).first())
			.map(MongoAuditLog::fromDocument);
	}

	@Override
	public Page<AuditEntry> find(AuditQuery query, int page, int size) {
		Bson filter = filter(query);
		long total = this.collection.countDocuments(filter);
		List<AuditEntry> items = new ArrayList<>();
		this.collection.find(filter)
			.sort(Sorts.descending("_id"))
			.skip(Math.max(0, page) * size)
			.limit(size)
			.forEach((d) -> items.add(fromDocument(d)));
		return new Page<>(items, Math.max(0, page), size, total);
	}

	@Override
	public void forEach(AuditQuery query, Consumer<AuditEntry> action) {
		this.collection.find(filter(query))
			.sort(Sorts.descending("_id"))
			.forEach((d) -> action.accept(fromDocument(d)));
	}

	@Override
	public List<AuditEntry> involving(MemberId member) {
		List<AuditEntry> items = new ArrayList<>();
		this.collection.find(Filters.or(Filters.eq("actor", member.value()), Filters.eq("subject", member.value())))
			.sort(Sorts.descending("_id"))
			.forEach((d) -> items.add(fromDocument(d)));
		return items;
	}

	@Override
	public long pruneBefore(Instant instant) {
		return this.collection.deleteMany(Filters.lt("at", Date.from(instant))).getDeletedCount();
	}

	private static Bson filter(AuditQuery q) {
		List<Bson> all = new ArrayList<>();
		if (q.action() != null) {
			all.add(Filters.eq("action", q.action().name()));
		}
		if (q.actor() != null && !q.actor().isBlank()) {
			all.add(Filters.regex("actorName",
					Pattern.compile(Pattern.quote(q.actor().strip()), Pattern.CASE_INSENSITIVE)));
		}
		if (q.target() != null && !q.target().isBlank()) {
			all.add(Filters.eq("targetId", q.target().strip()));
		}
		if (q.from() != null) {
			all.add(Filters.gte("at", Date.from(q.from())));
		}
		if (q.to() != null) {
			all.add(Filters.lt("at", Date.from(q.to())));
		}
		return all.isEmpty() ? new Document() : Filters.and(all);
	}

	static AuditEntry fromDocument(Document d) {
		String actor = d.getString("actor");
		String subject = d.getString("subject");
		return new AuditEntry(d.getObjectId("_id").toHexString(), d.getDate("at").toInstant(),
				(actor != null) ? new MemberId(actor) : null, d.getString("actorName"),
				AuditAction.valueOf(d.getString("action")), d.getString("targetType"), d.getString("targetId"),
				d.getString("targetLabel"), (subject != null) ? new MemberId(subject) : null, d.getString("before"),
				d.getString("after"), d.getString("reason"));
	}

}
