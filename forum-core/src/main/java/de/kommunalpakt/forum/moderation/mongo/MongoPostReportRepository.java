package de.kommunalpakt.forum.moderation.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

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
import de.kommunalpakt.forum.thread.PostId;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code post_reports}: an open report has {@code _id "<post>|<reporter>"}, so
 * the unique id refuses a second open report of the same member; settling moves it to a
 * new ObjectId, and the member may report the post again later. Document:
 * {@code {_id, post, reporter, reporterName, reason, note, at, open, resolution,
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
			this.reports.insertOne(toDocument(r).append("_id", openId(r.post(), r.reporter())));
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
		this.reports.find(Filters.eq("open", true)).forEach((d) -> found.add(fromDocument(d)));
		found.sort(Comparator.comparing(Report::at));
		return found;
	}

	@Override
	public long countOpen() {
		return this.reports.countDocuments(Filters.eq("open", true));
	}

	@Override
	public long resolve(PostId post, Report.Resolution resolution, String byName, Instant at) {
		long count = 0;
		for (Document open : this.reports
			.find(Filters.and(Filters.eq("post", post.toString()), Filters.eq("open", true)))) {
			// Settled copy first, then the open one goes: a crash in between leaves the
			// report open, never lost.
			Document settled = new Document(open).append("_id", new ObjectId())
				.append("open", false)
				.append("resolution", resolution.name())
				.append("resolvedBy", byName)
				.append("resolvedAt", Date.from(at));
			this.reports.insertOne(settled);
			count += this.reports.deleteOne(Filters.eq("_id", open.get("_id"))).getDeletedCount();
		}
		return count;
	}

	@Override
	public List<Report> byReporter(MemberId reporter) {
		List<Report> found = new ArrayList<>();
		this.reports.find(Filters.eq("reporter", reporter.value())).forEach((d) -> found.add(fromDocument(d)));
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
