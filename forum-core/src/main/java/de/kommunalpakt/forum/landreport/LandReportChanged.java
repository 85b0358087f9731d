package de.kommunalpakt.forum.landreport;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * Announced in this instance after a report was saved, submitted or reopened (besides the
 * change log entry {@code REPORT_CHANGED}).
 *
 * @param round the round
 * @param land the Land
 * @param status status now
 * @param late whether it was submitted late
 * @param actorId who did it
 */
public record LandReportChanged(ReportingRoundId round, LandCode land, ReportStatus status, boolean late,
		String actorId) {
}
