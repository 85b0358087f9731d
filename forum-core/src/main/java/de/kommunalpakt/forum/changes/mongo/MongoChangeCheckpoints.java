package de.kommunalpakt.forum.changes.mongo;

import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.changes.ChangeCheckpoints;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code change_checkpoints {_id: reader, change: id or null}}. Moving forward
 * is one conditional update by {@code _id}, so two instances never move it back.
 */
@Repository
class MongoChangeCheckpoints implements ChangeCheckpoints {

	private final MongoCollection<Document> collection;

	MongoChangeCheckpoints(MongoDatabase database) {
		this.collection = database.getCollection("change_checkpoints");
	}

	@Override
	public Optional<Position> find(String reader) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", reader)).first())
			.map((d) -> new Position(d.getString("change")));
	}

	@Override
	public Position create(String reader, String changeId) {
		try {
			this.collection.insertOne(new Document("_id", reader).append("change", changeId));
			return new Position(changeId);
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			return find(reader).orElseThrow();
		}
	}

	@Override
	public void advance(String reader, String changeId) {
		this.collection.updateOne(
				Filters.and(Filters.eq("_id", reader),
						Filters.or(Filters.eq("change", null), Filters.lt("change", changeId))),
				Updates.set("change", changeId));
	}

}
