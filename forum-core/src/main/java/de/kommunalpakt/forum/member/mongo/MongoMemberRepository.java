package de.kommunalpakt.forum.member.mongo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id: subject, username (unique), displayName, organisation,
 * organisationKind, land, roles[], firstSeen, lastSeen}}.
 */
@Repository
class MongoMemberRepository implements MemberRepository {

	private final MongoCollection<Document> collection;

	private final Clock clock;

	MongoMemberRepository(MongoDatabase database, Clock clock) {
		this.collection = database.getCollection("members");
		this.clock = clock;
		this.collection.createIndex(Indexes.ascending("username"), new IndexOptions().unique(true));
		this.collection.createIndex(Indexes.ascending("organisation"));
	}

	@Override
	public Optional<Member> findById(MemberId id) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", id.value())).first()).map(this::fromDocument);
	}

	@Override
	public Optional<Member> findByUsername(String username) {
		return Optional
			.ofNullable(this.collection.find(Filters.eq("username", username.toLowerCase(Locale.ROOT))).first())
			.map(this::fromDocument);
	}

	@Override
	public List<Member> findAllById(Collection<MemberId> ids) {
		List<Member> found = new ArrayList<>();
		this.collection.find(Filters.in("_id", ids.stream().map(MemberId::value).toList()))
			.forEach((d) -> found.add(fromDocument(d)));
		return found;
	}

	@Override
	public List<Member> findByOrganisation(OrganisationId organisation) {
		List<Member> found = new ArrayList<>();
		this.collection.find(Filters.eq("organisation", organisation.value()))
			.sort(new Document("displayName", 1))
			.forEach((d) -> found.add(fromDocument(d)));
		return found;
	}

	@Override
	public List<Member> findByNamePrefix(String prefix, int limit) {
		Pattern starts = Pattern.compile("^" + Pattern.quote(prefix), Pattern.CASE_INSENSITIVE);
		Pattern word = Pattern.compile("(^|\\s)" + Pattern.quote(prefix), Pattern.CASE_INSENSITIVE);
		List<Member> found = new ArrayList<>();
		this.collection.find(Filters.or(Filters.regex("username", starts), Filters.regex("displayName", word)))
			.sort(new Document("username", 1))
			.limit(limit)
			.forEach((d) -> found.add(fromDocument(d)));
		return found;
	}

	@Override
	public Member recordLogin(Actor a) {
		Date now = Date.from(this.clock.instant());
		Document updated = this.collection.findOneAndUpdate(Filters.eq("_id", a.id().value()),
				Updates.combine(Updates.set("username", a.username().toLowerCase(Locale.ROOT)),
						Updates.set("displayName", a.displayName()),
						Updates.set("organisation", a.organisation().value()),
						Updates.set("organisationKind", a.organisationKind().name()),
						Updates.set("land", (a.land() != null) ? a.land().name() : null),
						Updates.set("roles", a.roles().stream().map(Role::name).sorted().toList()),
						Updates.set("lastSeen", now), Updates.setOnInsert("firstSeen", now)),
				new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
		return fromDocument(updated);
	}

	private Member fromDocument(Document d) {
		String land = d.getString("land");
		Set<Role> roles = d.getList("roles", String.class, List.of())
			.stream()
			.map(Role::valueOf)
			.collect(Collectors.toSet());
		return new Member(new MemberId(d.getString("_id")), d.getString("username"), d.getString("displayName"),
				new OrganisationId(d.getString("organisation")),
				OrganisationKind.valueOf(d.getString("organisationKind")),
				(land != null) ? LandCode.valueOf(land) : null, roles, d.getDate("firstSeen").toInstant(),
				d.getDate("lastSeen").toInstant());
	}

}
