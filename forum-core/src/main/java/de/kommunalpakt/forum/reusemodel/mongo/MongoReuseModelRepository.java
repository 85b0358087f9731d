package de.kommunalpakt.forum.reusemodel.mongo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelRepository;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.thread.ThreadId;
import org.springframework.stereotype.Repository;

/**
 * Every access is by {@code _id}: the Land code for a model, {@code <land>-<n>} for a
 * version, an {@code _id $in} for a model's history. Updates use
 * {@code findOneAndUpdate}, which the stand-in applies atomically.
 */
@Repository
class MongoReuseModelRepository implements ReuseModelRepository {

	private final MongoCollection<Document> models;

	private final MongoCollection<Document> versions;

	MongoReuseModelRepository(MongoDatabase database) {
		this.models = database.getCollection("reuse_models");
		this.versions = database.getCollection("reuse_model_versions");
	}

	@Override
	public Optional<ReuseModel> findByLand(LandCode land) {
		return Optional.ofNullable(this.models.find(Filters.eq("_id", land.name())).first())
			.map(ReuseModelDocuments::model);
	}

	@Override
	public List<ReuseModel> findAll() {
		List<ReuseModel> all = new ArrayList<>();
		this.models.find().forEach((d) -> all.add(ReuseModelDocuments.model(d)));
		all.sort(Comparator.comparing(ReuseModel::land));
		return all;
	}

	@Override
	public boolean insert(ReuseModel model) {
		return insertIfAbsent(this.models, ReuseModelDocuments.model(model));
	}

	@Override
	public boolean update(long expectedVersion, ReuseModel after) {
		Document d = ReuseModelDocuments.model(after);
		d.remove("_id");
		d.remove("createdAt");
		// The discussion thread is set once, by setThread, which does not change the
		// version: an edit read before that must not take the link away again.
		d.remove("thread");
		return this.models.findOneAndUpdate(
				Filters.and(Filters.eq("_id", after.land().name()), Filters.eq("version", expectedVersion)),
				new Document("$set", d)) != null;
	}

	@Override
	public boolean setThread(LandCode land, ThreadId thread) {
		return this.models.findOneAndUpdate(Filters.and(Filters.eq("_id", land.name()), Filters.eq("thread", null)),
				Updates.set("thread", thread.value())) != null;
	}

	@Override
	public boolean insertVersion(ReuseModelVersion version) {
		return insertIfAbsent(this.versions, ReuseModelDocuments.version(version));
	}

	@Override
	public Optional<ReuseModelVersion> findVersion(LandCode land, long number) {
		return Optional
			.ofNullable(this.versions.find(Filters.eq("_id", ReuseModelDocuments.versionId(land, number))).first())
			.map(ReuseModelDocuments::version);
	}

	@Override
	public List<ReuseModelVersion> findVersions(LandCode land, long upTo) {
		List<String> ids = LongStream.rangeClosed(1, upTo)
			.mapToObj((n) -> ReuseModelDocuments.versionId(land, n))
			.toList();
		List<ReuseModelVersion> found = new ArrayList<>();
		this.versions.find(Filters.in("_id", ids)).forEach((d) -> found.add(ReuseModelDocuments.version(d)));
		found.sort(Comparator.comparingLong(ReuseModelVersion::number));
		return found;
	}

	private static boolean insertIfAbsent(MongoCollection<Document> collection, Document d) {
		try {
			collection.insertOne(d);
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
				return false;
			}
			throw ex;
		}
	}

}
