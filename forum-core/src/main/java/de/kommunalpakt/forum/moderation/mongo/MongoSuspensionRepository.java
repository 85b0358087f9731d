package de.kommunalpakt.forum.moderation.mongo;

import java.util.Date;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.moderation.Suspension;
import de.kommunalpakt.forum.moderation.SuspensionRepository;
import de.kommunalpakt.forum.shared.WriteEvidence;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code suspensions}: {@code {_id: member, until, reason, by, at}}; every
 * write request of a member looks up its {@code _id}.
 */
@Repository
class MongoSuspensionRepository implements SuspensionRepository {

	private final MongoCollection<Document> suspensions;

	MongoSuspensionRepository(MongoDatabase database) {
		this.suspensions = database.getCollection("suspensions");
	}

	@Override
	public Optional<Suspension> find(MemberId member) {
		return Optional.ofNullable(this.suspensions.find(Filters.eq("_id", member.value())).first())
			.map((d) -> new Suspension(member, d.getDate("until").toInstant(), d.getString("reason"), d.getString("by"),
					d.getDate("at").toInstant()));
	}

	@Override
	public void save(Suspension s) {
		this.suspensions.replaceOne(Filters.eq("_id", s.member().value()),
				new Document("_id", s.member().value()).append("until", Date.from(s.until()))
					.append("reason", s.reason())
					.append("by", s.byName())
					.append("at", Date.from(s.at())),
				new ReplaceOptions().upsert(true));
	}

	@Override
	public void delete(MemberId member) {
		this.suspensions.deleteOne(Filters.eq("_id", member.value()));
	}

	@Override
	public WriteEvidence evidence(Suspension s, boolean stored) {
		return new WriteEvidence("suspensions",
				Filters.and(Filters.eq("_id", s.member().value()), Filters.eq("at", Date.from(s.at())))
					.toBsonDocument()
					.toJson(),
				stored);
	}

}
