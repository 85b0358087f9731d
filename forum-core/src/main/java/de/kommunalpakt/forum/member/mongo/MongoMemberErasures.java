package de.kommunalpakt.forum.member.mongo;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id: subject, requestedAt, names[] (only until swept), scrubbed,
 * scrubbedAt, swept, sweptAt, identityDeleted, identityDeletedAt}} in
 * {@code member_erasures}. Entries of the time when the forum only disabled the Keycloak
 * account ({@code identityDisabled}) have no {@code identityDeleted}, and entries from
 * before the sweep (08.12.2026) no {@code swept}: both count as pending, so the job
 * deletes those users too and sweeps those (without names, which they no longer hold).
 */
@Repository
class MongoMemberErasures implements MemberErasures {

	private final MongoCollection<Document> collection;

	MongoMemberErasures(MongoDatabase database) {
		this.collection = database.getCollection("member_erasures");
	}

	@Override
	public void request(MemberId member, List<String> names, Instant at) {
		this.collection.updateOne(Filters.eq("_id", member.value()),
				Updates.combine(Updates.setOnInsert("requestedAt", Date.from(at)), Updates.setOnInsert("names", names),
						Updates.setOnInsert("scrubbed", false), Updates.setOnInsert("identityDeleted", false)),
				new UpdateOptions().upsert(true));
	}

	@Override
	public List<Pending> pending() {
		List<Pending> found = new java.util.ArrayList<>();
		this.collection
			.find(Filters.or(Filters.ne("scrubbed", true), Filters.ne("identityDeleted", true),
					Filters.ne("swept", true)))
			.sort(Sorts.ascending("requestedAt"))
			.forEach((d) -> found.add(new Pending(new MemberId(d.getString("_id")),
					d.getList("names", String.class, List.of()), Boolean.TRUE.equals(d.getBoolean("scrubbed")),
					Boolean.TRUE.equals(d.getBoolean("identityDeleted")), d.getDate("requestedAt").toInstant(),
					(d.getDate("scrubbedAt") != null) ? d.getDate("scrubbedAt").toInstant() : null,
					Boolean.TRUE.equals(d.getBoolean("swept")))));
		return found;
	}

	@Override
	public void markScrubbed(MemberId member, Instant at) {
		this.collection.updateOne(Filters.eq("_id", member.value()), Updates.combine(Updates.set("scrubbed", true),
				Updates.set("scrubbedAt", Date.from(at)), Updates.unset("threads")));
	}

	@Override
	public void markSwept(MemberId member, Instant at) {
		this.collection.updateOne(Filters.eq("_id", member.value()), Updates.combine(Updates.set("swept", true),
				Updates.set("sweptAt", Date.from(at)), Updates.unset("names"), Updates.unset("threads")));
	}

	@Override
	public void markIdentityDeleted(MemberId member, Instant at) {
		this.collection.updateOne(Filters.eq("_id", member.value()),
				Updates.combine(Updates.set("identityDeleted", true), Updates.set("identityDeletedAt", Date.from(at))));
	}

	@Override
	public boolean isErased(MemberId member) {
		return this.collection.countDocuments(Filters.eq("_id", member.value())) > 0;
	}

	@Override
	public Set<MemberId> erasedAmong(Collection<MemberId> members) {
		Set<MemberId> found = new HashSet<>();
		if (members.isEmpty()) {
			return found;
		}
		this.collection.find(Filters.in("_id", members.stream().map(MemberId::value).distinct().toList()))
			.projection(new Document("_id", 1))
			.forEach((d) -> found.add(new MemberId(d.getString("_id"))));
		return found;
	}

}
