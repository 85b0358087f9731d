package de.kommunalpakt.forum.thread.mongo;

import java.time.Clock;
import java.util.Date;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.shared.mongo.DeferredDurability;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.SubmissionRepository;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id: "<member>|<token>", post, at}}; the insert is the claim. Inside
 * {@link DeferredDurability#run} the claim and its completion do not wait for the
 * journal: the action's last write does, and a repeated submit waits for one before it
 * answers.
 */
@Repository
class MongoSubmissionRepository implements SubmissionRepository {

	private final MongoCollection<Document> submissions;

	private final Clock clock;

	MongoSubmissionRepository(MongoDatabase database, Clock clock) {
		this.submissions = database.getCollection("submissions");
		this.clock = clock;
	}

	@Override
	public Optional<Claim> claim(String token, MemberId member, java.time.Instant abandonedBefore) {
		String id = member.value() + "|" + token;
		try {
			DeferredDurability.collection(this.submissions)
				.insertOne(new Document("_id", id).append("at", Date.from(this.clock.instant())));
			return Optional.empty();
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			// The earlier claim and whatever its submit wrote may not be on disk yet
			// (they need not wait for the journal). This answer may name its post, so
			// it waits for a journaled write first: the journal is one sequence, and
			// its commit covers every write finished before it.
			this.submissions.updateOne(Filters.eq("_id", id),
					Updates.set("repeatedAt", Date.from(this.clock.instant())));
			Document earlier = this.submissions.find(Filters.eq("_id", id)).first();
			String post = (earlier != null) ? earlier.getString("post") : null;
			if (post == null && earlier != null && earlier.getDate("at").toInstant().isBefore(abandonedBefore)
					&& this.submissions.updateOne(
							Filters.and(Filters.eq("_id", id), Filters.exists("post", false),
									Filters.eq("at", earlier.getDate("at"))),
							Updates.set("at", Date.from(this.clock.instant())))
						.getModifiedCount() == 1) {
				// Only one repeated submit takes it over: the one that moved "at".
				return Optional.of(new Claim(Optional.empty(), earlier.getDate("at").toInstant()));
			}
			return Optional.of(new Claim(Optional.ofNullable(post).map(PostId::parse), null));
		}
	}

	@Override
	public void complete(String token, MemberId member, PostId post) {
		DeferredDurability.collection(this.submissions)
			.updateOne(Filters.eq("_id", member.value() + "|" + token), Updates.set("post", post.toString()));
	}

	@Override
	public void release(String token, MemberId member) {
		this.submissions.deleteOne(Filters.eq("_id", member.value() + "|" + token));
	}

	@Override
	public long pruneBefore(java.time.Instant instant) {
		return this.submissions.deleteMany(Filters.lt("at", Date.from(instant))).getDeletedCount();
	}

}
