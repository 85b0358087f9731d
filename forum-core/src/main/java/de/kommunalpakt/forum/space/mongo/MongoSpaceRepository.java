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

/**
 * Document: {@code {_id, name, description, visibility, land, position}}. Spaces are few
 * and read on every page, so the list is kept for {@link #TTL_NANOS}; a save here drops
 * it at once, a save on another instance shows within that time.
 */
@Repository
class MongoSpaceRepository implements SpaceRepository {

	private static final long TTL_NANOS = 2_000_000_000L;

	private final MongoCollection<Document> collection;

	private volatile Snapshot snapshot;

	MongoSpaceRepository(MongoDatabase database) {
		this.collection = database.getCollection("spaces");
	}

	@Override
	public Optional<Space> findById(SpaceId id) {
		return findAll().stream().filter((s) -> s.id().equals(id)).findFirst();
	}

	@Override
	public List<Space> findAll() {
		Snapshot current = this.snapshot;
		if (current != null && System.nanoTime() - current.loadedAt() < TTL_NANOS) {
			return current.spaces();
		}
		List<Space> all = load();
		this.snapshot = new Snapshot(all, System.nanoTime());
		return all;
	}

	private List<Space> load() {
		List<Space> all = new ArrayList<>();
		this.collection.find().forEach((d) -> all.add(fromDocument(d)));
		all.sort(Comparator.comparingInt(Space::position).thenComparing(Space::name));
		return List.copyOf(all);
	}

	@Override
	public void save(Space s) {
		Document d = new Document("_id", s.id().value()).append("name", s.name())
			.append("description", s.description())
			.append("visibility", s.visibility().name())
			.append("land", (s.land() != null) ? s.land().name() : null)
			.append("position", s.position());
		this.collection.replaceOne(Filters.eq("_id", s.id().value()), d, new ReplaceOptions().upsert(true));
		this.snapshot = null;
	}

	private record Snapshot(List<Space> spaces, long loadedAt) {
	}

	private Space fromDocument(Document d) {
		String land = d.getString("land");
		return new Space(new SpaceId(d.getString("_id")), d.getString("name"), d.getString("description"),
				Visibility.valueOf(d.getString("visibility")), (land != null) ? LandCode.valueOf(land) : null,
				d.getInteger("position", 0));
	}

}
