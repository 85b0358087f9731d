package de.kommunalpakt.forum.pilot;

import java.util.List;

/**
 * The review of an expression of interest: eingereicht → in Prüfung → ausgewählt / nicht
 * ausgewählt.
 */
public enum PilotStatus {

	SUBMITTED, IN_REVIEW, SELECTED, NOT_SELECTED;

	/** The statuses a reviewer may move to from this one. */
	public List<PilotStatus> next() {
		return switch (this) {
			case SUBMITTED -> List.of(IN_REVIEW);
			case IN_REVIEW -> List.of(SELECTED, NOT_SELECTED);
			case SELECTED, NOT_SELECTED -> List.of();
		};
	}

	public boolean isDecided() {
		return this == SELECTED || this == NOT_SELECTED;
	}

}
