package de.kommunalpakt.forum.changes.mongo;

import java.util.Date;

import org.bson.Document;
import org.bson.types.ObjectId;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;

/**
 * A change as a document, {@code {kind, thread, post, space, actor, version, at,
 * subject}}: in the change log (with its {@code _id}) and wherever a change is kept
 * before it is logged (a decision's note).
 */
public final class ChangeDocuments {

	private ChangeDocuments() {
	}

	/** The change's fields, without an {@code _id}. */
	public static Document toDocument(ForumChange c) {
		return new Document("kind", c.kind().name()).append("thread", c.threadId())
			.append("post", c.postNumber())
			.append("space", c.spaceId())
			.append("actor", c.actorId())
			.append("version", c.threadVersion())
			.append("at", Date.from(c.at()))
			.append("subject", c.subjectId());
	}

	/** The change, with its log id if the document has one. */
	public static ForumChange fromDocument(Document d) {
		Number version = d.get("version", Number.class);
		Number post = d.get("post", Number.class);
		Object id = d.get("_id");
		return new ForumChange((id instanceof ObjectId objectId) ? objectId.toHexString() : null,
				ChangeKind.valueOf(d.getString("kind")), d.getString("thread"), (post != null) ? post.intValue() : 0,
				d.getString("space"), d.getString("actor"), (version != null) ? version.longValue() : 0,
				d.getDate("at").toInstant(), d.getString("subject"));
	}

}
