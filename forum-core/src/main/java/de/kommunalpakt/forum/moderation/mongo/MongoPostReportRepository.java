package de.kommunalpakt.forum.moderation.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.ObjectId;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.moderation.Report;
import de.kommunalpakt.forum.moderation.ReportReason;
import de.kommunalpakt.forum.moderation.ReportRepository;
import de.kommunalpakt.forum.shared.WriteEvidence;
import de.kommunalpakt.forum.thread.PostId;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code post_reports}: an open report has {@code _id "<post>|<reporter>"}, so
 * the unique id refuses a second open report of the same member; settling moves it to the
 * id it chose when it was made ({@code settledId}, an ObjectId; reports from before
 * 07.12.2026: {@code "<post>|<reporter>|<reported at, ms>"}), the settled copy first,
 * then the open one goes, and the member may report the post again later. A crash between
 * the two leaves both: the reads drop such an open report and finish its move. Document:
 * {@code {_id, post, reporter, reporterName, reason, note, at, open, settledId, resolution,
 * resolvedBy, resolvedAt}}. The queue reads the open ones (a scan on the stand-in;
 * reports are few and read by moderators only).
 */
@Repository
class MongoPostReportRepository implements ReportRepository {

	private final MongoCollection<Document> reports;

	MongoPostReportRepository(MongoDatabase database) {
		this.reports = database.getCollection("post_reports");
		this.reports.createIndex(Indexes.ascending("open"));
		this.reports.createIndex(Indexes.ascending("reporter"));
	}

	@Override
	public boolean insertIfAbsent(Report r) {
		try {
			this.reports.insertOne(
					toDocument(r).append("_id", openId(r.post(), r.reporter())).append("settledId", new ObjectId()));
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public List<Report> findOpen() {
		List<Report> found = new ArrayList<>();
		withoutSettled(this.reports.find(Filters.eq("open", true)).into(new ArrayList<>()))
			.forEach((d) -> found.add(fromDocument(d)));
		found.sort(Comparator.comparing(Report::at));
		return found;
	}

	/**
	 * The documents without the open reports whose settled copy exists (a settling that
	 * stopped before it removed them): those are removed now.
	 */
	private List<Document> withoutSettled(List<Document> documents) {
		List<Object> copies = documents.stream()
			.filter((d) -> Boolean.TRUE.equals(d.getBoolean("open")))
			.map((d) -> (Object) settledId(d))
			.toList();
		if (copies.isEmpty()) {
			return documents;
		}
		Set<Object> settled = new HashSet<>();
		this.reports.find(Filters.in("_id", copies))
			.projection(new Document("_id", 1))
			.forEach((d) -> settled.add(d.get("_id")));
		List<Document> kept = new ArrayList<>();
		for (Document d : documents) {
			if (Boolean.TRUE.equals(d.getBoolean("open")) && settled.contains(settledId(d))) {
				this.reports.deleteOne(
						Filters.and(Filters.eq("_id", d.get("_id")), Filters.eq("settledId", d.get("settledId"))));
			}
			else {
				kept.add(d);
			}
		}
		return kept;
	}

	/**
	 * The id the report gets when settled: chosen when it was made (older ones: from it).
	 */
	private static Object settledId(Document open) {
		Object chosen = open.get("settledId");
		return (chosen != null) ? chosen : open.get("_id") + "|" + open.getDate("at").getTime();
	}

	@Override
	public long countOpen() {
		return this.reports.countDocuments(Filters.eq("open", true));
	}

	@Override
	public long countOpen(PostId post) {
		return this.reports.countDocuments(Filters.and(Filters.eq("post", post.toString()), Filters.eq("open", true)));
	}

	@Override
	public long resolve(PostId post, Report.Resolution resolution, String byName, Instant at) {
		long count = 0;
		for (Document open : this.reports
			.find(Filters.and(Filters.eq("post", post.toString()), Filters.eq("open", true)))) {
			// Settled copy first, then the open one goes: a crash in between leaves the
			// report open, never lost, and the reads finish the move (a copy written
			// already keeps its resolution).
			Document settled = new Document(open).append("_id", settledId(open))
				.append("open", false)
				.append("resolution", resolution.name())
				.append("resolvedBy", byName)
				.append("resolvedAt", Date.from(at));
			try {
				this.reports.insertOne(settled);
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
			}
			count += this.reports.deleteOne(Filters.eq("_id", open.get("_id"))).getDeletedCount();
		}
		return count;
	}

	@Override
	public WriteEvidence resolveEvidence(PostId post, Report.Resolution resolution, Instant at) {
		return new WriteEvidence("post_reports",
				Filters
					.and(Filters.eq("post", post.toString()), Filters.eq("open", false),
							Filters.eq("resolution", resolution.name()), Filters.eq("resolvedAt", Date.from(at)))
					.toBsonDocument()
					.toJson(),
				true);
	}

	@Override
	public List<Report> byReporter(MemberId reporter) {
		List<Report> found = new ArrayList<>();
		withoutSettled(this.reports.find(Filters.eq("reporter", reporter.value())).into(new ArrayList<>()))
			.forEach((d) -> found.add(fromDocument(d)));
		found.sort(Comparator.comparing(Report::at));
		return found;
	}

	private static String openId(PostId post, MemberId reporter) {
		return post + "|" + reporter.value();
	}

	private static Document toDocument(Report r) {
		return new Document("post", r.post().toString()).append("reporter", r.reporter().value())
			.append("reporterName", r.reporterName())
			.append("reason", r.reason().name())
			.append("note", r.note())
			.append("at", Date.from(r.at()))
			.append("open", r.isOpen());
	}

	private static Report fromDocument(Document d) {
		String resolution = d.getString("resolution");
		Date resolvedAt = d.getDate("resolvedAt");
		return new Report(PostId.parse(d.getString("post")), new MemberId(d.getString("reporter")),
				d.getString("reporterName"), ReportReason.valueOf(d.getString("reason")), d.getString("note"),
				d.getDate("at").toInstant(), (resolution != null) ? Report.Resolution.valueOf(resolution) : null,
				d.getString("resolvedBy"), (resolvedAt != null) ? resolvedAt.toInstant() : null);
	}

}
