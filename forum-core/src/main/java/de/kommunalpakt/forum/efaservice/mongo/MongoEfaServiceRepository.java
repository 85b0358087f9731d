package de.kommunalpakt.forum.efaservice.mongo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.efaservice.EfaServiceRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import org.springframework.stereotype.Repository;

/** Document: {@code {_id, name, topic, builtBy, description}}. */
@Repository
class MongoEfaServiceRepository implements EfaServiceRepository {

	private final MongoCollection<Document> collection;

	MongoEfaServiceRepository(MongoDatabase database) {
		this.collection = database.getCollection("efa_services");
	}

	@Override
	public Optional<EfaService> findById(EfaServiceId id) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", id.value())).first())
			.map(MongoEfaServiceRepository::fromDocument);
	}

	@Override
	public List<EfaService> findAll() {
		List<EfaService> all = new ArrayList<>();
		this.collection.find().forEach((d) -> all.add(fromDocument(d)));
		all.sort(Comparator.comparing(EfaService::name, String.CASE_INSENSITIVE_ORDER));
		return all;
	}

	@Override
	public void save(EfaService s) {
		Document d = new Document("_id", s.id().value()).append("name", s.name())
			.append("topic", s.topic())
			.append("builtBy", s.builtBy().name())
			.append("description", s.description());
		this.collection.replaceOne(Filters.eq("_id", s.id().value()), d, new ReplaceOptions().upsert(true));
	}

	private static EfaService fromDocument(Document d) {
		return new EfaService(new EfaServiceId(d.getString("_id")), d.getString("name"), d.getString("topic"),
				LandCode.valueOf(d.getString("builtBy")), d.getString("description"));
	}

}
