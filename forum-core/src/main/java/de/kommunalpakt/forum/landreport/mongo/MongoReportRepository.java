package de.kommunalpakt.forum.landreport.mongo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.landreport.LandReportContent;
import de.kommunalpakt.forum.landreport.ReportRepository;
import de.kommunalpakt.forum.landreport.ReportStatus;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.landreport.ReportingRoundId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.WriteEvidence;
import org.springframework.stereotype.Repository;

/**
 * Round: {@code {_id, title, sessionDate: "yyyy-mm-dd", deadline, createdAt,
 * createdByName}}. Report: {@code {_id: round.LAND, round, land, taken[], planned[],
 * obstacles, support, status, late, submittedAt, submittedByName, updatedAt,
 * updatedByName, version}}. A round's reports are one {@code _id $in} of 16 ids.
 */
@Repository
class MongoReportRepository implements ReportRepository {

	private final MongoCollection<Document> rounds;

	private final MongoCollection<Document> reports;

	MongoReportRepository(MongoDatabase database) {
		this.rounds = database.getCollection("report_rounds");
		this.reports = database.getCollection("land_reports");
	}

	static String reportId(ReportingRoundId round, LandCode land) {
		return round.value() + "." + land.name();
	}

	@Override
	public Optional<ReportingRound> findRound(ReportingRoundId id) {
		return Optional.ofNullable(this.rounds.find(Filters.eq("_id", id.value())).first())
			.map(MongoReportRepository::round);
	}

	@Override
	public List<ReportingRound> findRounds() {
		List<ReportingRound> all = new ArrayList<>();
		this.rounds.find().forEach((d) -> all.add(round(d)));
		all.sort(Comparator.comparing(ReportingRound::sessionDate).reversed());
		return all;
	}

	@Override
	public boolean insertRound(ReportingRound r) {
		return insert(this.rounds,
				new Document("_id", r.id().value()).append("title", r.title())
					.append("sessionDate", r.sessionDate().toString())
					.append("deadline", Date.from(r.deadline()))
					.append("createdAt", Date.from(r.createdAt()))
					.append("createdByName", r.createdByName()));
	}

	@Override
	public Optional<LandReport> findReport(ReportingRoundId round, LandCode land) {
		return Optional.ofNullable(this.reports.find(Filters.eq("_id", reportId(round, land))).first())
			.map(MongoReportRepository::report);
	}

	@Override
	public List<LandReport> findReports(ReportingRoundId round) {
		List<String> ids = Arrays.stream(LandCode.values()).map((l) -> reportId(round, l)).toList();
		List<LandReport> found = new ArrayList<>();
		this.reports.find(Filters.in("_id", ids)).forEach((d) -> found.add(report(d)));
		found.sort(Comparator.comparing(LandReport::land));
		return found;
	}

	@Override
	public boolean insertReport(LandReport report) {
		return insert(this.reports, report(report));
	}

	@Override
	public boolean updateReport(long expectedVersion, LandReport after) {
		Document d = report(after);
		d.remove("_id");
		return this.reports.findOneAndUpdate(Filters.and(Filters.eq("_id", reportId(after.round(), after.land())),
				Filters.eq("version", expectedVersion)), new Document("$set", d)) != null;
	}

	@Override
	public WriteEvidence reportEvidence(LandReport report) {
		return new WriteEvidence("land_reports", Filters
			.and(Filters.eq("_id", reportId(report.round(), report.land())), Filters.eq("version", report.version()))
			.toBsonDocument()
			.toJson(), true);
	}

	private static boolean insert(MongoCollection<Document> collection, Document d) {
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

	private static ReportingRound round(Document d) {
		return new ReportingRound(new ReportingRoundId(d.getString("_id")), d.getString("title"),
				LocalDate.parse(d.getString("sessionDate")), d.getDate("deadline").toInstant(),
				d.getDate("createdAt").toInstant(), d.getString("createdByName"));
	}

	private static Document report(LandReport r) {
		return new Document("_id", reportId(r.round(), r.land())).append("round", r.round().value())
			.append("land", r.land().name())
			.append("taken", r.content().measuresTaken())
			.append("planned", r.content().measuresPlanned())
			.append("obstacles", r.content().obstacles())
			.append("support", r.content().supportNeeded())
			.append("status", r.status().name())
			.append("late", r.late())
			.append("submittedAt", (r.submittedAt() != null) ? Date.from(r.submittedAt()) : null)
			.append("submittedByName", r.submittedByName())
			.append("updatedAt", Date.from(r.updatedAt()))
			.append("updatedByName", r.updatedByName())
			.append("version", r.version());
	}

	private static LandReport report(Document d) {
		Date submitted = d.getDate("submittedAt");
		return new LandReport(new ReportingRoundId(d.getString("round")), LandCode.valueOf(d.getString("land")),
				new LandReportContent(d.getList("taken", String.class, List.of()),
						d.getList("planned", String.class, List.of()), d.getString("obstacles"),
						d.getString("support")),
				ReportStatus.valueOf(d.getString("status")), d.getBoolean("late", false),
				(submitted != null) ? submitted.toInstant() : null, d.getString("submittedByName"),
				d.getDate("updatedAt").toInstant(), d.getString("updatedByName"),
				d.get("version", Number.class).longValue());
	}

	@Override
	public void deleteReport(ReportingRoundId round, LandCode land) {
		this.reports.deleteOne(Filters.eq("_id", reportId(round, land)));
	}

}
