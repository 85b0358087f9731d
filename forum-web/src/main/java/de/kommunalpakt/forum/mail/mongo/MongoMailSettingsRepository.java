package de.kommunalpakt.forum.mail.mongo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code mail_settings {_id: member, email, own, watched, hour, day, bounces:
 * {address, count, last, diagnosis}}}; absent fields mean the defaults, no
 * {@code bounces} no delivery reports.
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
		Document b = d.get("bounces", Document.class);
		MailSettings.Bounces bounces = (b == null) ? null : new MailSettings.Bounces(b.getString("address"),
				b.getInteger("count", 0), b.getDate("last").toInstant(), b.getString("diagnosis"));
		return new MailSettings(memberId, d.getString("email"), delivery(d.getString("own")),
				delivery(d.getString("watched")), d.getInteger("hour", 7),
				(d.getString("day") != null) ? DayOfWeek.valueOf(d.getString("day")) : null, bounces);
	}

	@Override
	public void save(MailSettings s) {
		// The choices only: the delivery reports stay (recordBounce, resume).
		this.collection.updateOne(Filters.eq("_id", s.memberId()),
				Updates.combine(Updates.set("email", s.email()), Updates.set("own", s.own().name()),
						Updates.set("watched", s.watched().name()), Updates.set("hour", s.digestHour()),
						Updates.set("day", s.digestDay().name())),
				new UpdateOptions().upsert(true));
	}

	@Override
	public void change(String memberId, Delivery own, Delivery watched, Integer digestHour, DayOfWeek digestDay) {
		List<Bson> set = new java.util.ArrayList<>();
		if (own != null) {
			set.add(Updates.set("own", own.name()));
		}
		if (watched != null) {
			set.add(Updates.set("watched", watched.name()));
		}
		if (digestHour != null) {
			set.add(Updates.set("hour", digestHour));
		}
		if (digestDay != null) {
			set.add(Updates.set("day", digestDay.name()));
		}
		if (!set.isEmpty()) {
			this.collection.updateOne(Filters.eq("_id", memberId), Updates.combine(set),
					new UpdateOptions().upsert(true));
		}
	}

	@Override
	public Optional<MailSettings> recordBounce(String memberId, String to, Instant at, String diagnosis) {
		for (int attempt = 0;; attempt++) {
			if (attempt == 1_000) {
				// Not contention any more: the stored reports are not what find reads.
				throw new IllegalStateException("Zustellberichte von " + memberId + " nicht schreibbar");
			}
			Optional<MailSettings> before = find(memberId);
			if (before.isEmpty()) {
				return Optional.empty();
			}
			MailSettings.Bounces was = before.get().bounces();
			MailSettings.Bounces bounces = MailSettings.Bounces.after(was, to, at, diagnosis);
			// Written over the reports read only: reports about several mails at once
			// (the
			// dispatcher's connections, delivery reports, another instance) all count,
			// and
			// a report read before the member resumed does not undo that. A write that
			// finds
			// the reports changed tries again: another one was written meanwhile.
			Bson unchanged = (was == null) ? Filters.exists("bounces", false)
					: Filters.and(Filters.eq("bounces.address", was.address()),
							Filters.eq("bounces.count", was.count()),
							Filters.eq("bounces.last", java.util.Date.from(was.last())));
			if (this.collection.updateOne(Filters.and(Filters.eq("_id", memberId), unchanged),
					Updates.set("bounces",
							new Document("address", bounces.address()).append("count", bounces.count())
								.append("last", java.util.Date.from(bounces.last()))
								.append("diagnosis", bounces.diagnosis())))
				.getMatchedCount() == 1) {
				MailSettings s = before.get();
				return Optional.of(new MailSettings(memberId, s.email(), s.own(), s.watched(), s.digestHour(),
						s.digestDay(), bounces));
			}
		}
	}

	@Override
	public void resume(String memberId) {
		this.collection.updateOne(Filters.eq("_id", memberId), Updates.unset("bounces"));
	}

	@Override
	public void recordAddress(String memberId, String email) {
		String address = (email != null && !email.isBlank()) ? email.strip() : null;
		this.collection.updateOne(Filters.eq("_id", memberId), Updates.set("email", address),
				new UpdateOptions().upsert(true));
		// Delivery reports about another address are void; the same address in other
		// letter case is the same mailbox (as MailSettings.paused compares). Removed only
		// while they are still about the address read.
		Document stored = this.collection.find(Filters.eq("_id", memberId)).first();
		Document bounces = (stored != null) ? stored.get("bounces", Document.class) : null;
		String reported = (bounces != null) ? bounces.getString("address") : null;
		if (bounces != null && (address == null || reported == null || !reported.equalsIgnoreCase(address))) {
			this.collection.updateOne(Filters.and(Filters.eq("_id", memberId), Filters.eq("bounces.address", reported)),
					Updates.unset("bounces"));
		}
	}

	private static Delivery delivery(String name) {
		return (name != null) ? Delivery.valueOf(name) : null;
	}

}
