package de.kommunalpakt.forum.landreport;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * One Land on a round's status board.
 *
 * @param land the Land
 * @param state what the viewer may know of its report
 * @param report the report if the viewer may read it, else null
 */
public record BoardEntry(LandCode land, State state, LandReport report) {

	/**
	 * States on the board; a draft shows as {@link #DRAFT} only to its Land and the
	 * moderation.
	 */
	public enum State {

		MISSING, DRAFT, SUBMITTED, LATE

	}

}
