package de.kommunalpakt.forum.organisation.mongo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import org.springframework.stereotype.Repository;

/** Document: {@code {_id, kind, name, land, description}}. */
@Repository
class MongoOrganisationRepository implements OrganisationRepository {

	private final MongoCollection<Document> collection;

	MongoOrganisationRepository(MongoDatabase database) {
		this.collection = database.getCollection("organisations");
	}

	@Override
	public Optional<Organisation> findById(OrganisationId id) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", id.value())).first()).map(this::fromDocument);
	}

	@Override
	public List<Organisation> findAll() {
		List<Organisation> all = new ArrayList<>();
		this.collection.find().forEach((d) -> all.add(fromDocument(d)));
		all.sort(Comparator.comparing(Organisation::kind).thenComparing(Organisation::name));
		return all;
	}

	@Override
	public void save(Organisation o) {
		Document d = new Document("_id", o.id().value()).append("kind", o.kind().name())
			.append("name", o.name())
			.append("land", (o.land() != null) ? o.land().name() : null)
			.append("description", o.description());
		this.collection.replaceOne(Filters.eq("_id", o.id().value()), d, new ReplaceOptions().upsert(true));
	}

	private Organisation fromDocument(Document d) {
		String land = d.getString("land");
		return new Organisation(new OrganisationId(d.getString("_id")), OrganisationKind.valueOf(d.getString("kind")),
				d.getString("name"), (land != null) ? LandCode.valueOf(land) : null, d.getString("description"));
	}

}
