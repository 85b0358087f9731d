package de.kommunalpakt.forum.pilot;

import de.kommunalpakt.forum.organisation.OrganisationId;

/**
 * Announced in this instance after an application was submitted or moved (besides the
 * change log entry {@code PILOT_CHANGED}). Notification listeners tell the municipality's
 * members; they reload by id.
 *
 * @param applicationId the application
 * @param municipality the municipality to notify
 * @param previous status before (null on submission)
 * @param status status now
 * @param actorId who did it
 */
public record PilotApplicationChanged(String applicationId, OrganisationId municipality, PilotStatus previous,
		PilotStatus status, String actorId) {
}
