package de.kommunalpakt.forum.mail.mongo;

import java.time.DayOfWeek;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code mail_settings {_id: member, email, own, watched, hour, day}}; absent
 * fields mean the defaults.
 */
@Repository
class MongoMailSettingsRepository implements MailSettingsRepository {

	/** Ids per {@code $in}: an {@code _id} lookup each on the stand-in. */
	private static final int BATCH = 500;

	private final MongoCollection<Document> collection;

	MongoMailSettingsRepository(MongoDatabase database) {
		this.collection = database.getCollection("mail_settings");
	}

	@Override
	public Optional<MailSettings> find(String memberId) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", memberId)).first())
			.map((d) -> settings(memberId, d));
	}

	@Override
	public Map<String, MailSettings> findAll(Collection<String> memberIds) {
		Map<String, MailSettings> found = new HashMap<>();
		List<String> ids = List.copyOf(memberIds);
		for (int from = 0; from < ids.size(); from += BATCH) {
			for (Document d : this.collection
				.find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + BATCH))))) {
				found.put(d.getString("_id"), settings(d.getString("_id"), d));
			}
		}
		return found;
	}

	private static MailSettings settings(String memberId, Document d) {
		return new MailSettings(memberId, d.getString("email"), delivery(d.getString("own")),
				delivery(d.getString("watched")), d.getInteger("hour", 7),
				(d.getString("day") != null) ? DayOfWeek.valueOf(d.getString("day")) : null);
	}

	@Override
	public void save(MailSettings s) {
		this.collection.replaceOne(Filters.eq("_id", s.memberId()),
				new Document("_id", s.memberId()).append("email", s.email())
					.append("own", s.own().name())
					.append("watched", s.watched().name())
					.append("hour", s.digestHour())
					.append("day", s.digestDay().name()),
				new ReplaceOptions().upsert(true));
	}

	@Override
	public void recordAddress(String memberId, String email) {
		String address = (email != null && !email.isBlank()) ? email.strip() : null;
		this.collection.updateOne(Filters.eq("_id", memberId), Updates.set("email", address),
				new UpdateOptions().upsert(true));
	}

	private static Delivery delivery(String name) {
		return (name != null) ? Delivery.valueOf(name) : null;
	}

}
