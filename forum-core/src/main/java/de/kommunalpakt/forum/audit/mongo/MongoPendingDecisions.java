package de.kommunalpakt.forum.audit.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.ObjectId;

import de.kommunalpakt.forum.audit.PendingDecisions;
import de.kommunalpakt.forum.changes.mongo.ChangeDocuments;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.shared.WriteEvidence;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code audit_pending}: {@code {_id: ObjectId (the audit entry's id), entry:
 * {as in audit_log}, change: {kind, thread, post, space, actor, version, at, subject} or
 * null, evidence: {collection, query, present}}}. Nearly always empty: a document lives
 * from just before a decision's write until its audit entry is stored.
 */
@Repository
class MongoPendingDecisions implements PendingDecisions {

	private final MongoDatabase database;

	private final MongoCollection<Document> pending;

	MongoPendingDecisions(MongoDatabase database) {
		this.database = database;
		this.pending = database.getCollection("audit_pending");
	}

	@Override
	public void note(Pending p) {
		ObjectId id = new ObjectId(p.entry().id());
		Document entry = MongoAuditLog.toDocument(p.entry(), id);
		entry.remove("_id");
		this.pending.insertOne(new Document("_id", id).append("entry", entry)
			.append("change", (p.change() != null) ? ChangeDocuments.toDocument(p.change()) : null)
			.append("evidence",
					new Document("collection", p.evidence().collection()).append("query", p.evidence().query())
						.append("present", p.evidence().present())));
	}

	@Override
	public List<Pending> notedBefore(Instant instant) {
		List<Pending> found = new ArrayList<>();
		this.pending.find(Filters.lt("_id", ObjectId.getSmallestWithDate(Date.from(instant))))
			.sort(Sorts.ascending("_id"))
			.forEach((d) -> found.add(fromDocument(d)));
		return found;
	}

	@Override
	public boolean landed(WriteEvidence evidence) {
		boolean found = this.database.getCollection(evidence.collection())
			.find(Document.parse(evidence.query()))
			.limit(1)
			.first() != null;
		return found == evidence.present();
	}

	@Override
	public void drop(String id) {
		this.pending.deleteOne(Filters.eq("_id", new ObjectId(id)));
	}

	private static Pending fromDocument(Document d) {
		Document entry = new Document(d.get("entry", Document.class)).append("_id", d.getObjectId("_id"));
		Document c = d.get("change", Document.class);
		ForumChange change = (c != null) ? ChangeDocuments.fromDocument(c) : null;
		Document e = d.get("evidence", Document.class);
		return new Pending(MongoAuditLog.fromDocument(entry), change,
				new WriteEvidence(e.getString("collection"), e.getString("query"), e.getBoolean("present")));
	}

}
