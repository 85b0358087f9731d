package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.mail.OutgoingMail.Status;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.shared.WriteEvidence;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code mail_outbox {_id, member, to, subject, text, html, messageId,
 * inReplyTo, thread, threads, unsubscribe, replyTo, status, attempts, next, error, created,
 * sent, claimed, claim}}: the threads the mail names in {@code thread} when it is one (as
 * every mail was stored before digests named theirs), else in {@code threads}. A digest's
 * source in {@code mail_digest_sources {_id (the mail's), member, created, slot, lands,
 * items}}, written once with the mail and needed only to build it again; read with a
 * single mail ({@link #find}), never with a batch (in the mail's document it would be
 * rewritten with every claim and mark). Every state move is one conditional update by
 * {@code _id}.
 */
@Repository
class MongoMailOutbox implements MailOutbox {

	private static final Logger log = LoggerFactory.getLogger(MongoMailOutbox.class);

	private final MongoCollection<Document> collection;

	private final MongoCollection<Document> sources;

	MongoMailOutbox(MongoDatabase database) {
		this.collection = database.getCollection("mail_outbox");
		this.sources = database.getCollection("mail_digest_sources");
		// For production MongoDB; the stand-in scans (once per batch of the dispatcher).
		this.collection.createIndex(Indexes.ascending("status", "next"), new IndexOptions().name("status_next"));
		// A delivery report names its mail by Message-ID.
		this.collection.createIndex(Indexes.ascending("messageId"), new IndexOptions().name("messageId"));
	}

	@Override
	public boolean add(OutgoingMail m) {
		if (m.digest() != null) {
			try {
				this.sources.insertOne(source(m));
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
			}
		}
		try {
			this.collection.insertOne(document(m));
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			return false;
		}
	}

	@Override
	public int addAll(List<OutgoingMail> mails) {
		// Those there already (built again after a crash) are left out: one read by id.
		Set<String> there = new HashSet<>();
		if (!mails.isEmpty()) {
			this.collection.find(Filters.in("_id", mails.stream().map(OutgoingMail::id).toList()))
				.projection(Projections.include("_id"))
				.forEach((d) -> there.add(d.getString("_id")));
		}
		List<Document> fresh = mails.stream()
			.filter((m) -> !there.contains(m.id()))
			.map(MongoMailOutbox::document)
			.toList();
		if (fresh.isEmpty()) {
			return 0;
		}
		// The digests' sources first: a digest in the outbox always has its source. Each
		// write of the mails waits for the journal (see MailJournalTests).
		List<Document> sourced = mails.stream()
			.filter((m) -> !there.contains(m.id()) && m.digest() != null)
			.map(MongoMailOutbox::source)
			.toList();
		if (!sourced.isEmpty()) {
			try {
				this.sources.insertMany(sourced, new InsertManyOptions().ordered(false));
			}
			catch (MongoBulkWriteException ex) {
				// Built again after a crash: the source is there already.
				if (ex.getWriteErrors().stream().anyMatch((e) -> e.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
					throw ex;
				}
			}
		}
		try {
			this.collection.insertMany(fresh, new InsertManyOptions().ordered(false));
			return fresh.size();
		}
		catch (MongoBulkWriteException ex) {
			if (ex.getWriteErrors().stream().anyMatch((e) -> e.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
				throw ex;
			}
			// Another instance added some meanwhile. Whatever the server did with the
			// rest, each one once more (refused if there).
			mails.forEach(this::add);
			return ex.getWriteResult().getInsertedCount();
		}
	}

	private static Document document(OutgoingMail m) {
		Document document = new Document("_id", m.id()).append("member", m.memberId())
			.append("to", m.to())
			.append("subject", m.subject())
			.append("text", m.text())
			.append("html", m.html())
			.append("messageId", m.messageId())
			.append("inReplyTo", m.inReplyTo())
			.append("thread", (m.threads().size() == 1) ? m.threads().get(0) : null)
			.append("threads", (m.threads().size() > 1) ? m.threads() : null)
			.append("unsubscribe", m.unsubscribeUrl())
			.append("replyTo", m.replyTo())
			.append("status", m.status().name())
			.append("attempts", m.attempts())
			.append("next", Date.from(m.nextAttemptAt()))
			.append("error", m.lastError())
			.append("created", Date.from(m.createdAt()))
			.append("sent", null);
		if (m.leftOut() > 0) {
			document.append("leftOut", m.leftOut());
		}
		return document;
	}

	/**
	 * A digest's source document, compact (a morning writes 10,000): the Länder as
	 * {@code "HE,SH"}, the items as one text, a line per item with thread, post number,
	 * kind, category, time (epoch milliseconds) and actor's name, separated by tabs: one
	 * value for the stand-in to store, not an array of subdocuments.
	 */
	private static Document source(OutgoingMail m) {
		OutgoingMail.DigestSource source = m.digest();
		StringBuilder items = new StringBuilder();
		for (DigestItem i : source.items()) {
			items.append(i.threadId())
				.append('\t')
				.append(i.postNumber())
				.append('\t')
				.append(i.kind().name())
				.append('\t')
				.append(i.category().name())
				.append('\t')
				.append(i.at().toEpochMilli())
				.append('\t')
				.append(oneLine(i.actorName()))
				.append('\n');
		}
		return new Document("_id", m.id()).append("member", m.memberId())
			.append("created", Date.from(m.createdAt()))
			.append("slot", Date.from(source.slot()))
			.append("lands", source.followed().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
			.append("items", items.toString());
	}

	private static String oneLine(String text) {
		return (text != null) ? text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ') : "";
	}

	private static OutgoingMail.DigestSource digest(Document source) {
		String member = source.getString("member");
		List<DigestItem> items = new ArrayList<>();
		for (String line : source.getString("items").split("\n")) {
			if (line.isEmpty()) {
				continue;
			}
			String[] f = line.split("\t", 6);
			items.add(new DigestItem(null, member, Category.valueOf(f[3]), NotificationKind.valueOf(f[2]), f[0],
					Integer.parseInt(f[1]), f[5], Instant.ofEpochMilli(Long.parseLong(f[4]))));
		}
		Set<LandCode> lands = EnumSet.noneOf(LandCode.class);
		for (String land : source.getString("lands").split(",")) {
			if (!land.isEmpty()) {
				lands.add(LandCode.valueOf(land));
			}
		}
		return new OutgoingMail.DigestSource(source.getDate("slot").toInstant(), items, lands);
	}

	@Override
	public void revise(OutgoingMail mail) {
		long revised = this.collection.updateOne(new Document("_id", mail.id()).append("status", Status.SENDING.name()),
				Updates.combine(Updates.set("subject", mail.subject()), Updates.set("text", mail.text()),
						Updates.set("html", mail.html()),
						Updates.set("thread", (mail.threads().size() == 1) ? mail.threads().get(0) : null),
						Updates.set("threads", (mail.threads().size() > 1) ? mail.threads() : null),
						Updates.set("leftOut", mail.leftOut())))
			.getModifiedCount();
		if (revised > 0 && mail.digest() != null) {
			this.sources.replaceOne(Filters.eq("_id", mail.id()), source(mail), new ReplaceOptions().upsert(true));
		}
	}

	/** The mail with its digest's source, if it has one. */
	private OutgoingMail withSource(OutgoingMail mail) {
		Document source = this.sources.find(Filters.eq("_id", mail.id())).first();
		if (source == null) {
			return mail;
		}
		try {
			return mail.withDigest(digest(source));
		}
		catch (RuntimeException damaged) {
			// A damaged source: the digest cannot be built again (and is not sent if a
			// thread became unreadable), but it stops nothing else.
			log.warn("Quelle der Zusammenfassung {} unlesbar: {}", mail.id(), damaged.toString());
			return mail;
		}
	}

	@Override
	public List<String> due(Instant now, int limit) {
		return this.collection
			.find(Filters.and(Filters.eq("status", Status.PENDING.name()), Filters.lte("next", Date.from(now))))
			.sort(Sorts.ascending("next"))
			.limit(limit)
			.projection(Projections.include("_id"))
			.map((d) -> d.getString("_id"))
			.into(new ArrayList<>());
	}

	@Override
	public Optional<OutgoingMail> claim(String id, Instant now) {
		return Optional
			.ofNullable(this.collection.findOneAndUpdate(pending(id),
					Updates.combine(Updates.set("status", Status.SENDING.name()),
							Updates.set("claimed", Date.from(now))),
					new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
			.map(MongoMailOutbox::fromDocument);
	}

	@Override
	public List<OutgoingMail> claimAll(List<String> ids, Instant now) {
		if (ids.isEmpty()) {
			return List.of();
		}
		// Marked with a claim of its own, so that the read finds what this write took.
		String claim = UUID.randomUUID().toString();
		Bson take = Updates.combine(Updates.set("status", Status.SENDING.name()),
				Updates.set("claimed", Date.from(now)), Updates.set("claim", claim));
		this.collection.bulkWrite(
				ids.stream().map((id) -> new UpdateOneModel<Document>(pending(id), take)).collect(Collectors.toList()),
				new BulkWriteOptions().ordered(false));
		Map<String, OutgoingMail> taken = new HashMap<>();
		this.collection.find(Filters.in("_id", ids)).forEach((d) -> {
			if (claim.equals(d.getString("claim"))) {
				taken.put(d.getString("_id"), fromDocument(d));
			}
		});
		return ids.stream().map(taken::get).filter(Objects::nonNull).toList();
	}

	/**
	 * The mail if it is pending: {@code _id} and {@code status}, the key of an index of
	 * exactly these fields, so that the stand-in finds it by the index (it scanned the
	 * whole outbox for each claim).
	 */
	private static Bson pending(String id) {
		// A plain document: the driver renders Filters.and as $and, which no index of
		// the stand-in handles.
		return new Document("_id", id).append("status", Status.PENDING.name());
	}

	@Override
	public void sentAll(Map<String, Instant> accepted) {
		if (accepted.isEmpty()) {
			return;
		}
		this.collection.bulkWrite(accepted.entrySet()
			.stream()
			.map((e) -> new UpdateOneModel<Document>(Filters.eq("_id", e.getKey()),
					Updates.combine(Updates.set("status", Status.SENT.name()),
							Updates.set("sent", Date.from(e.getValue())), Updates.set("error", null))))
			.collect(Collectors.toList()), new BulkWriteOptions().ordered(false));
	}

	@Override
	public void retry(String id, int attempts, Instant next, String error) {
		this.collection.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", Status.PENDING.name()),
				Updates.set("attempts", attempts), Updates.set("next", Date.from(next)), Updates.set("error", error)));
	}

	@Override
	public void postponeAll(List<String> ids, Instant next, String note) {
		if (ids.isEmpty()) {
			return;
		}
		// Only mails still claimed (one released meanwhile belongs to its next claim),
		// each found by the index of _id and status, as a claim is.
		Bson wait = Updates.combine(Updates.set("status", Status.PENDING.name()), Updates.set("next", Date.from(next)),
				Updates.set("error", note));
		this.collection.bulkWrite(ids.stream()
			.map((id) -> new UpdateOneModel<Document>(new Document("_id", id).append("status", Status.SENDING.name()),
					wait))
			.collect(Collectors.toList()), new BulkWriteOptions().ordered(false));
	}

	@Override
	public void giveUp(String id, int attempts, String error, boolean dropped) {
		this.collection.updateOne(Filters.eq("_id", id),
				Updates.combine(Updates.set("status", (dropped ? Status.DROPPED : Status.FAILED).name()),
						Updates.set("attempts", attempts), Updates.set("error", error)));
	}

	@Override
	public Optional<OutgoingMail> findByMessageId(String messageId) {
		// By its index on MongoDB; the stand-in scans the outbox (reports are rare).
		return Optional.ofNullable(this.collection.find(Filters.eq("messageId", messageId)).first())
			.map(MongoMailOutbox::fromDocument);
	}

	@Override
	public boolean undeliverable(String id, String error) {
		return this.collection
			.updateOne(new Document("_id", id).append("status", Status.SENT.name()),
					Updates.combine(Updates.set("status", Status.FAILED.name()), Updates.set("error", error)))
			.getModifiedCount() == 1;
	}

	@Override
	public boolean resend(String id, Instant now) {
		// _id and status as a plain document, as a claim: the stand-in finds it by index.
		return this.collection.updateOne(new Document("_id", id).append("status", Status.FAILED.name()), again(now))
			.getModifiedCount() == 1;
	}

	@Override
	public WriteEvidence resendEvidence(String id, Instant since) {
		return new WriteEvidence("mail_outbox",
				Filters.and(Filters.eq("_id", id), Filters.gte("resentAt", Date.from(since))).toBsonDocument().toJson(),
				true);
	}

	@Override
	public long resendFailed(String to, Instant now) {
		return this.collection.updateMany(filter(Status.FAILED, to), again(now)).getModifiedCount();
	}

	/**
	 * Mails with {@code status} (null: any) to an address containing {@code to} (case
	 * ignored, taken as text; null or blank: any), as the outbox page filters them.
	 */
	private static Bson filter(Status status, String to) {
		List<Bson> filters = new ArrayList<>();
		if (status != null) {
			filters.add(Filters.eq("status", status.name()));
		}
		if (to != null && !to.isBlank()) {
			filters.add(Filters.regex("to", Pattern.quote(to.strip()), "i"));
		}
		return filters.isEmpty() ? new Document() : (filters.size() == 1) ? filters.get(0) : Filters.and(filters);
	}

	/** Pending from {@code now} with all its tries, the last error gone. */
	private static Bson again(Instant now) {
		return Updates.combine(Updates.set("status", Status.PENDING.name()), Updates.set("attempts", 0),
				Updates.set("next", Date.from(now)), Updates.set("error", null),
				Updates.set("resentAt", Date.from(now)));
	}

	@Override
	public long releaseStale(Instant before) {
		return this.collection
			.updateMany(
					Filters.and(Filters.eq("status", Status.SENDING.name()), Filters.lt("claimed", Date.from(before))),
					Updates.set("status", Status.PENDING.name()))
			.getModifiedCount();
	}

	@Override
	public Optional<OutgoingMail> find(String id) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", id)).first())
			.map(MongoMailOutbox::fromDocument)
			.map(this::withSource);
	}

	@Override
	public Page<OutgoingMail> find(Status status, String to, int page, int size) {
		Bson filter = filter(status, to);
		long total = this.collection.countDocuments(filter);
		List<OutgoingMail> mails = this.collection.find(filter)
			.projection(Projections.exclude("text", "html"))
			.sort(Sorts.descending("created"))
			.skip(page * size)
			.limit(size)
			.map(MongoMailOutbox::fromDocument)
			.into(new ArrayList<>());
		return new Page<>(mails, page, size, total);
	}

	@Override
	public List<OutgoingMail> findByMember(String memberId) {
		return this.collection.find(Filters.eq("member", memberId))
			.projection(Projections.exclude("html"))
			.sort(Sorts.descending("created"))
			.map(MongoMailOutbox::fromDocument)
			.into(new ArrayList<>());
	}

	@Override
	public long pruneBefore(Instant cutoff) {
		// A source is needed until its mail is sent (hours at most, with every retry).
		this.sources.deleteMany(Filters.lt("created", Date.from(cutoff)));
		return this.collection
			.deleteMany(Filters.and(Filters.lt("created", Date.from(cutoff)),
					Filters.in("status", Status.SENT.name(), Status.FAILED.name(), Status.DROPPED.name())))
			.getDeletedCount();
	}

	@Override
	public Postponed countPostponed() {
		long unreachable = 0;
		long login = 0;
		long tls = 0;
		long relay = 0;
		for (Document d : this.collection
			.find(Filters.and(Filters.eq("status", Status.PENDING.name()),
					Filters.in("error", RELAY_DOWN, RELAY_LOGIN, RELAY_TLS, RELAY_DENIED)))
			.projection(Projections.include("error"))) {
			String note = d.getString("error");
			if (RELAY_LOGIN.equals(note)) {
				login++;
			}
			else if (RELAY_TLS.equals(note)) {
				tls++;
			}
			else if (RELAY_DENIED.equals(note)) {
				relay++;
			}
			else {
				unreachable++;
			}
		}
		return new Postponed(unreachable, login, tls, relay);
	}

	@Override
	public long count(Status status) {
		return this.collection.countDocuments(Filters.eq("status", status.name()));
	}

	private static OutgoingMail fromDocument(Document d) {
		return new OutgoingMail(d.getString("_id"), d.getString("member"), d.getString("to"), d.getString("subject"),
				d.getString("text"), d.getString("html"), d.getString("messageId"), d.getString("inReplyTo"),
				threads(d), d.getString("unsubscribe"), d.getString("replyTo"), Status.valueOf(d.getString("status")),
				d.getInteger("attempts", 0), instant(d.getDate("next")), d.getString("error"),
				instant(d.getDate("created")), instant(d.getDate("sent")), null, d.getInteger("leftOut", 0));
	}

	private static List<String> threads(Document d) {
		List<String> threads = d.getList("threads", String.class);
		if (threads != null) {
			return threads;
		}
		String thread = d.getString("thread");
		return (thread != null) ? List.of(thread) : List.of();
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
