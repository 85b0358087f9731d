package de.kommunalpakt.forum.space.mongo;

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
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import org.springframework.stereotype.Repository;

/** Document: {@code {_id, name, description, visibility, land, position}}. */
@Repository
class MongoSpaceRepository implements SpaceRepository {

	private final MongoCollection<Document> collection;

	MongoSpaceRepository(MongoDatabase database) {
		this.collection = database.getCollection("spaces");
	}

	@Override
	public Optional<Space> findById(SpaceId id) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", id.value())).first()).map(this::fromDocument);
	}

	@Override
	public List<Space> findAll() {
		List<Space> all = new ArrayList<>();
		this.collection.find().forEach((d) -> all.add(fromDocument(d)));
		all.sort(Comparator.comparingInt(Space::position).thenComparing(Space::name));
		return all;
	}

	@Override
	public void save(Space s) {
		Document d = new Document("_id", s.id().value()).append("name", s.name())
			.append("description", s.description())
			.append("visibility", s.visibility().name())
			.append("land", (s.land() != null) ? s.land().name() : null)
			.append("position", s.position());
		this.collection.replaceOne(Filters.eq("_id", s.id().value()), d, new ReplaceOptions().upsert(true));
	}

	private Space fromDocument(Document d) {
		String land = d.getString("land");
		return new Space(new SpaceId(d.getString("_id")), d.getString("name"), d.getString("description"),
				Visibility.valueOf(d.getString("visibility")), (land != null) ? LandCode.valueOf(land) : null,
				d.getInteger("position", 0));
	}

}
