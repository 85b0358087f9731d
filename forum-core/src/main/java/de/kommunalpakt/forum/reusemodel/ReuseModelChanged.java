package de.kommunalpakt.forum.reusemodel;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * Announced in this instance after a model was stored (besides the change log entry
 * {@code REUSE_MODEL_CHANGED}); listeners reload by Land.
 *
 * @param land the Land whose model changed
 * @param version the version now current
 * @param status its status
 * @param actorId who changed it
 */
public record ReuseModelChanged(LandCode land, long version, ModelStatus status, String actorId) {
}
