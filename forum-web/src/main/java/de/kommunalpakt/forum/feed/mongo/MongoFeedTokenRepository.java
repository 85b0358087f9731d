package de.kommunalpakt.forum.feed.mongo;

import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import de.kommunalpakt.forum.feed.FeedTokenRepository;
import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code feed_tokens {_id: member, hash}} with a unique index on {@code hash}:
 * both lookups are by a unique key.
 */
@Repository
class MongoFeedTokenRepository implements FeedTokenRepository {

	private final MongoCollection<Document> collection;

	MongoFeedTokenRepository(MongoDatabase database) {
		this.collection = database.getCollection("feed_tokens");
		this.collection.createIndex(Indexes.ascending("hash"), new IndexOptions().unique(true).name("hash"));
	}

	@Override
	public void replace(MemberId member, String hash) {
		this.collection.replaceOne(Filters.eq("_id", member.value()),
				new Document("_id", member.value()).append("hash", hash), new ReplaceOptions().upsert(true));
	}

	@Override
	public void remove(MemberId member) {
		this.collection.deleteOne(Filters.eq("_id", member.value()));
	}

	@Override
	public boolean exists(MemberId member) {
		return this.collection.find(Filters.eq("_id", member.value())).first() != null;
	}

	@Override
	public Optional<MemberId> findMember(String hash) {
		return Optional.ofNullable(this.collection.find(Filters.eq("hash", hash)).first())
			.map((d) -> new MemberId(d.getString("_id")));
	}

}
