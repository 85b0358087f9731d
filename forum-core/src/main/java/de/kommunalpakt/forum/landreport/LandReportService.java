package de.kommunalpakt.forum.landreport;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Reporting use cases: open a round, write and submit a Land's report (late ones kept and
 * marked), show the status board, compile the interim review.
 */
@Service
public class LandReportService {

	private final ReportRepository reports;

	private final ChangePublisher changes;

	private final ApplicationEventPublisher events;

	private final AuditTrail audit;

	private final Clock clock;

	public LandReportService(ReportRepository reports, ChangePublisher changes, ApplicationEventPublisher events,
			AuditTrail audit, Clock clock) {
		this.reports = reports;
		this.changes = changes;
		this.events = events;
		this.audit = audit;
		this.clock = clock;
	}

	public List<ReportingRound> rounds() {
		return this.reports.findRounds();
	}

	public ReportingRound round(String id) {
		ReportingRoundId rid = ReportingRoundId.parse(id)
			.orElseThrow(() -> new ForumException.NotFound("reportRound.notFound"));
		return this.reports.findRound(rid).orElseThrow(() -> new ForumException.NotFound("reportRound.notFound"));
	}

	public ReportingRound open(Actor actor, OpenReportingRound input) {
		if (!ReportingRound.canOpen(actor)) {
			throw new ForumException.Forbidden("reportRound.open.forbidden");
		}
		ReportingRound round = input.toRound(actor, this.clock.instant());
		if (!this.reports.insertRound(round)) {
			throw new ForumException.Invalid("slug", "reportRound.slug.taken");
		}
		this.changes.publish(new ForumChange(null, ChangeKind.REPORTING_ROUND_CHANGED, null, 0, null,
				actor.id().value(), 1, this.clock.instant()));
		return round;
	}

	/** The Land's report if it exists and the actor may read it. */
	public Optional<LandReport> report(Actor actor, ReportingRound round, LandCode land) {
		return this.reports.findReport(round.id(), land).filter((r) -> r.readableBy(actor));
	}

	/** Load by id without a reader (listeners, indexing): only submitted reports. */
	public Optional<LandReport> submittedReport(ReportingRoundId round, LandCode land) {
		return this.reports.findReport(round, land).filter((r) -> r.status() == ReportStatus.SUBMITTED);
	}

	/**
	 * Saves the Land's report as a draft, or saves and submits it. A late submission is
	 * stored and marked late.
	 */
	public LandReport save(Actor actor, ReportingRound round, LandCode land, EditLandReport edit, boolean submit) {
		if (!LandReport.canWrite(actor, land)) {
			throw new ForumException.Forbidden("landReport.write.forbidden");
		}
		EditLandReport.Checked checked = edit.check(submit);
		checked.problems().throwIfAny();
		Instant now = this.clock.instant();
		Optional<LandReport> current = this.reports.findReport(round.id(), land);
		LandReport saved;
		if (current.isEmpty()) {
			LandReport draft = LandReport.draft(round, land, checked.content(), actor, now);
			saved = submit ? draft.submit(round, actor, now) : draft;
			if (!this.reports.insertReport(saved)) {
				throw new ForumException.Conflict("landReport.stale");
			}
		}
		else {
			LandReport before = current.get();
			if (edit.expectedVersion() != null && edit.expectedVersion() != before.version()) {
				throw new ForumException.Conflict("landReport.stale");
			}
			LandReport after = before.save(checked.content(), actor, now);
			if (submit) {
				after = after.submit(round, actor, now);
			}
			if (!this.reports.updateReport(before.version(), after)) {
				throw new ForumException.Conflict("landReport.stale");
			}
			saved = after;
		}
		publish(saved, actor);
		return saved;
	}

	public LandReport reopen(Actor actor, ReportingRound round, LandCode land) {
		LandReport before = this.reports.findReport(round.id(), land)
			.orElseThrow(() -> new ForumException.NotFound("landReport.notFound"));
		LandReport after = before.reopen(actor, this.clock.instant());
		// A decision of the moderation about a Land's submission: into the audit log,
		// noted
		// before the write so that a crash between the two loses neither.
		AuditEntry entry = this.audit.entry(actor, AuditAction.LAND_REPORT_REOPENED,
				new AuditTrail.Target("report", round.id().value() + "/" + land.name(),
						round.title() + " – " + land.displayName()),
				null, "eingereicht" + (before.late() ? " (verspätet)" : ""), "wieder geöffnet (Entwurf)", "");
		this.audit.decide(entry, null, this.reports.reportEvidence(after), () -> {
			if (!this.reports.updateReport(before.version(), after)) {
				throw new ForumException.Conflict("landReport.stale");
			}
			return null;
		});
		publish(after, actor);
		return after;
	}

	/** Every Land with what the actor may know of its report. */
	public List<BoardEntry> board(Actor actor, ReportingRound round) {
		Map<LandCode, LandReport> byLand = new EnumMap<>(LandCode.class);
		this.reports.findReports(round.id()).forEach((r) -> byLand.put(r.land(), r));
		List<BoardEntry> entries = new ArrayList<>();
		for (LandCode land : LandCode.values()) {
			LandReport r = byLand.get(land);
			if (r == null) {
				entries.add(new BoardEntry(land, BoardEntry.State.MISSING, null));
			}
			else if (r.status() == ReportStatus.SUBMITTED) {
				entries.add(new BoardEntry(land, r.late() ? BoardEntry.State.LATE : BoardEntry.State.SUBMITTED, r));
			}
			else if (r.readableBy(actor)) {
				entries.add(new BoardEntry(land, BoardEntry.State.DRAFT, r));
			}
			else {
				entries.add(new BoardEntry(land, BoardEntry.State.MISSING, null));
			}
		}
		return entries;
	}

	/** The Zwischenbilanz from every submitted report; drafts never enter it. */
	public InterimReview interimReview(ReportingRound round) {
		Map<LandCode, LandReport> submitted = new EnumMap<>(LandCode.class);
		this.reports.findReports(round.id())
			.stream()
			.filter((r) -> r.status() == ReportStatus.SUBMITTED)
			.forEach((r) -> submitted.put(r.land(), r));
		List<LandCode> missing = new ArrayList<>();
		for (LandCode land : LandCode.values()) {
			if (!submitted.containsKey(land)) {
				missing.add(land);
			}
		}
		Instant now = this.clock.instant();
		return new InterimReview(round, List.copyOf(submitted.values()), missing, now, !round.isPastDeadline(now));
	}

	private void publish(LandReport report, Actor actor) {
		this.changes.publish(new ForumChange(null, ChangeKind.REPORT_CHANGED, null, 0, null, actor.id().value(),
				report.version(), this.clock.instant()));
		this.events.publishEvent(new LandReportChanged(report.round(), report.land(), report.status(), report.late(),
				actor.id().value()));
	}

}
