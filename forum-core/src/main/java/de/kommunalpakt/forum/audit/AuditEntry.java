package de.kommunalpakt.forum.audit;

import java.time.Instant;
import java.util.Objects;

import de.kommunalpakt.forum.member.MemberId;

/**
 * One decision in the audit log. Never changed once written.
 *
 * @param id position in the log (set when appended; ordered by time)
 * @param at when
 * @param actor who decided (null for the system)
 * @param actorName their display name at the time
 * @param action what was decided
 * @param targetType the kind of target: {@code post}, {@code thread}, {@code member},
 * {@code pilot}, {@code round}, {@code index}
 * @param targetId the target's id
 * @param targetLabel a readable name of the target at the time (e.g. the thread title)
 * @param subject the member the decision concerns (the author of a post, the suspended
 * member), or null
 * @param before the state before, short text, may be empty
 * @param after the state after, short text, may be empty
 * @param reason the reason given, may be empty
 */
public record AuditEntry(String id, Instant at, MemberId actor, String actorName, AuditAction action, String targetType,
		String targetId, String targetLabel, MemberId subject, String before, String after, String reason) {

	public AuditEntry {
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(action, "action");
		actorName = (actorName != null) ? actorName : "";
		targetType = (targetType != null) ? targetType : "";
		targetId = (targetId != null) ? targetId : "";
		targetLabel = (targetLabel != null) ? targetLabel : "";
		before = (before != null) ? before : "";
		after = (after != null) ? after : "";
		reason = (reason != null) ? reason : "";
	}

	AuditEntry withId(String newId) {
		return new AuditEntry(newId, this.at, this.actor, this.actorName, this.action, this.targetType, this.targetId,
				this.targetLabel, this.subject, this.before, this.after, this.reason);
	}

}
