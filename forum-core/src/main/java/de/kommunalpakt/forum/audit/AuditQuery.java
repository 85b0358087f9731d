package de.kommunalpakt.forum.audit;

import java.time.Instant;

/**
 * A filter over the audit log; every field may be null (no filter).
 *
 * @param action only this action
 * @param actor only decisions by this user name or display name (case-insensitive part)
 * @param target only this target id
 * @param from not before
 * @param to before
 */
public record AuditQuery(AuditAction action, String actor, String target, Instant from, Instant to) {

	public static AuditQuery all() {
		return new AuditQuery(null, null, null, null, null);
	}

}
