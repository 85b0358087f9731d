package de.kommunalpakt.forum.pilot;

import java.time.Instant;

import de.kommunalpakt.forum.member.MemberId;

/**
 * One step of the review, kept in the application's history and shown to the
 * municipality.
 *
 * @param from status before (null for the submission)
 * @param to status after
 * @param note the reviewer's note (may be empty)
 * @param actor who made the step
 * @param actorName their name at the time
 * @param actorOrganisation their organisation's name at the time
 * @param at when
 */
public record StatusChange(PilotStatus from, PilotStatus to, String note, MemberId actor, String actorName,
		String actorOrganisation, Instant at) {

	public StatusChange {
		note = (note != null) ? note : "";
	}

}
