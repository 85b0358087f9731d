package de.kommunalpakt.forum.landreport;

import java.util.List;
import java.util.Optional;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.WriteEvidence;

/** Rounds and reports; a round's reports are found by their 16 ids. */
public interface ReportRepository {

	Optional<ReportingRound> findRound(ReportingRoundId id);

	/** All rounds, newest session first. */
	List<ReportingRound> findRounds();

	/**
	 * @return false if the id is taken
	 */
	boolean insertRound(ReportingRound round);

	Optional<LandReport> findReport(ReportingRoundId round, LandCode land);

	List<LandReport> findReports(ReportingRoundId round);

	/**
	 * @return false if the Land already has a report in this round
	 */
	boolean insertReport(LandReport report);

	/**
	 * Stores {@code after} if the report is still at {@code expectedVersion}, atomically.
	 */
	boolean updateReport(long expectedVersion, LandReport after);

	/** Evidence that the report was stored as {@code report} (at its version). */
	WriteEvidence reportEvidence(LandReport report);

	/** Removes a Land's report of a round (only the demo's reset does this). */
	void deleteReport(ReportingRoundId round, LandCode land);

}
