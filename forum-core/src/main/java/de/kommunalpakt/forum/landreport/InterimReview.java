package de.kommunalpakt.forum.landreport;

import java.time.Instant;
import java.util.List;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * The Zwischenbilanz of a round: every submitted report (late ones marked) and the Länder
 * still missing.
 *
 * @param round the round
 * @param reports submitted reports in Land order
 * @param missing Länder without a submitted report
 * @param compiledAt when compiled
 * @param preliminary compiled before the deadline
 */
public record InterimReview(ReportingRound round, List<LandReport> reports, List<LandCode> missing, Instant compiledAt,
		boolean preliminary) {

	public InterimReview {
		reports = List.copyOf(reports);
		missing = List.copyOf(missing);
	}

	public long lateCount() {
		return this.reports.stream().filter(LandReport::late).count();
	}

}
