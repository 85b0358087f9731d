package de.kommunalpakt.forum.landreport;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * A round in which every Land reports once, e.g. for the 42nd IT-Planungsrat session.
 *
 * @param id slug
 * @param title title ("Kurzberichte zur 42. Sitzung des IT-Planungsrats")
 * @param sessionDate date of the session the reports are for
 * @param deadline when reports are due; later ones are kept and marked late
 * @param createdAt when the round was opened
 * @param createdByName who opened it
 */
public record ReportingRound(ReportingRoundId id, String title, LocalDate sessionDate, Instant deadline,
		Instant createdAt, String createdByName) {

	public ReportingRound {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(sessionDate, "sessionDate");
		Objects.requireNonNull(deadline, "deadline");
		Objects.requireNonNull(createdAt, "createdAt");
		if (title == null || title.isBlank()) {
			throw new ForumException.Invalid("title", "reportRound.title.required");
		}
	}

	/** The moderation opens rounds. */
	public static boolean canOpen(Actor actor) {
		return actor.isModerator();
	}

	public boolean isPastDeadline(Instant now) {
		return now.isAfter(this.deadline);
	}

}
