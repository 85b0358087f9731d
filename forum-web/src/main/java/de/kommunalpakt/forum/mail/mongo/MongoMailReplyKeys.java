package de.kommunalpakt.forum.mail.mongo;

import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import de.kommunalpakt.forum.mail.MailReplyKeys;
import de.kommunalpakt.forum.mail.MailTokens;
import org.springframework.stereotype.Repository;

/** Document: {@code mail_reply_keys {_id: key, member, thread}}. */
@Repository
class MongoMailReplyKeys implements MailReplyKeys {

	private final MongoCollection<Document> collection;

	private final MailTokens tokens;

	MongoMailReplyKeys(MongoDatabase database, MailTokens tokens) {
		this.collection = database.getCollection("mail_reply_keys");
		this.tokens = tokens;
	}

	@Override
	public String keyFor(String memberId, String threadId) {
		String key = this.tokens.key("reply", memberId + ":" + threadId);
		// Same key, same content: writing it again changes nothing.
		this.collection.replaceOne(Filters.eq("_id", key),
				new Document("_id", key).append("member", memberId).append("thread", threadId),
				new ReplaceOptions().upsert(true));
		return key;
	}

	@Override
	public Optional<Target> find(String key) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", key)).first())
			.map((d) -> new Target(d.getString("member"), d.getString("thread")));
	}

}
