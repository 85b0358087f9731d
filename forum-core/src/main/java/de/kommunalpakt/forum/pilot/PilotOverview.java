package de.kommunalpakt.forum.pilot;

import java.util.List;
import java.util.Map;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * How many municipalities are interested and chosen, per Land and per subject.
 *
 * @param byLand counts per Land of the municipality (every Land, in code order)
 * @param bySubject counts per subject, by name
 * @param total counts over all
 */
public record PilotOverview(Map<LandCode, Counts> byLand, List<SubjectCounts> bySubject, Counts total) {

	/**
	 * Counts of one row.
	 *
	 * @param interested all expressions of interest
	 * @param inReview being reviewed
	 * @param selected chosen as First Mover
	 */
	public record Counts(int interested, int inReview, int selected) {

		public static final Counts ZERO = new Counts(0, 0, 0);

		Counts plus(PilotStatus status) {
			return new Counts(this.interested + 1, this.inReview + ((status == PilotStatus.IN_REVIEW) ? 1 : 0),
					this.selected + ((status == PilotStatus.SELECTED) ? 1 : 0));
		}

	}

	/**
	 * Counts for one subject.
	 *
	 * @param subject the subject
	 * @param name its display name
	 * @param counts the counts
	 */
	public record SubjectCounts(PilotSubject subject, String name, Counts counts) {
	}

}
