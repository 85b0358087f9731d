package de.kommunalpakt.forum.landreport;

import java.time.Instant;
import java.util.Objects;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * One Land's short report in one round: the aggregate guarding who writes it, who sees
 * the draft and how lateness is recorded.
 *
 * @param round the round
 * @param land the Land
 * @param content what it reports
 * @param status draft or submitted
 * @param late submitted after the deadline
 * @param submittedAt when submitted (null for a draft)
 * @param submittedByName who submitted
 * @param updatedAt last change
 * @param updatedByName who changed it last
 * @param version increases with each change
 */
public record LandReport(ReportingRoundId round, LandCode land, LandReportContent content, ReportStatus status,
		boolean late, Instant submittedAt, String submittedByName, Instant updatedAt, String updatedByName,
		long version) {

	public LandReport {
		Objects.requireNonNull(round, "round");
		Objects.requireNonNull(land, "land");
		Objects.requireNonNull(content, "content");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(updatedAt, "updatedAt");
	}

	/** Only members of the Land's own organisation write its report. */
	public static boolean canWrite(Actor actor, LandCode land) {
		return actor.organisationKind() == OrganisationKind.LAND && actor.land() == land;
	}

	/** Drafts: the Land and the moderation; submitted reports: every member. */
	public static boolean canSeeDraft(Actor actor, LandCode land) {
		return canWrite(actor, land) || actor.isModerator();
	}

	public boolean readableBy(Actor actor) {
		return this.status == ReportStatus.SUBMITTED || canSeeDraft(actor, this.land);
	}

	public static LandReport draft(ReportingRound round, LandCode land, LandReportContent content, Actor actor,
			Instant now) {
		checkWriter(actor, land);
		return new LandReport(round.id(), land, content, ReportStatus.DRAFT, false, null, null, now,
				actor.displayName(), 1);
	}

	/** Replaces the content of a draft. */
	public LandReport save(LandReportContent next, Actor actor, Instant now) {
		checkWriter(actor, this.land);
		if (this.status != ReportStatus.DRAFT) {
			throw new ForumException.Conflict("landReport.alreadySubmitted");
		}
		return new LandReport(this.round, this.land, next, this.status, this.late, this.submittedAt,
				this.submittedByName, now, actor.displayName(), this.version + 1);
	}

	/**
	 * Submits the draft; after the deadline it is accepted all the same and marked late.
	 */
	public LandReport submit(ReportingRound round, Actor actor, Instant now) {
		checkWriter(actor, this.land);
		if (this.status != ReportStatus.DRAFT) {
			throw new ForumException.Conflict("landReport.alreadySubmitted");
		}
		if (this.content.measuresTaken().isEmpty()) {
			throw new ForumException.Invalid("measuresTaken", "landReport.measuresTaken.required");
		}
		if (this.content.measuresPlanned().isEmpty()) {
			throw new ForumException.Invalid("measuresPlanned", "landReport.measuresPlanned.required");
		}
		return new LandReport(this.round, this.land, this.content, ReportStatus.SUBMITTED, round.isPastDeadline(now),
				now, actor.displayName(), now, actor.displayName(), this.version + 1);
	}

	/** The moderation hands a submitted report back to its Land for corrections. */
	public LandReport reopen(Actor actor, Instant now) {
		if (!actor.isModerator()) {
			throw new ForumException.Forbidden("landReport.reopen.forbidden");
		}
		if (this.status != ReportStatus.SUBMITTED) {
			throw new ForumException.Conflict("landReport.notSubmitted");
		}
		return new LandReport(this.round, this.land, this.content, ReportStatus.DRAFT, false, null, null, now,
				actor.displayName(), this.version + 1);
	}

	private static void checkWriter(Actor actor, LandCode land) {
		if (!canWrite(actor, land)) {
			throw new ForumException.Forbidden("landReport.write.forbidden");
		}
	}

}
