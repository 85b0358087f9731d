package de.kommunalpakt.forum.pilot;

import de.kommunalpakt.forum.organisation.OrganisationId;

/**
 * Announced in this instance after an application was submitted or moved, for listeners
 * in this instance. Notifications do not come from here but from the change log entry
 * {@code PILOT_CHANGED} (application id and version), which survives a crash.
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
