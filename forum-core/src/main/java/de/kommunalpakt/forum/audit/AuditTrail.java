package de.kommunalpakt.forum.audit;

import java.time.Clock;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Component;

/** Writes decisions into the audit log with the time of the clock. */
@Component
public class AuditTrail {

	private final AuditLog log;

	private final Clock clock;

	public AuditTrail(AuditLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	/**
	 * Records a decision.
	 * @param actor who decided (null: the system)
	 * @param action what
	 * @param target the target as type, id and readable label
	 * @param subject the member it concerns, or null
	 * @param before state before
	 * @param after state after
	 * @param reason why
	 * @return the entry as stored, with its id
	 */
	public AuditEntry record(Actor actor, AuditAction action, Target target, MemberId subject, String before,
			String after, String reason) {
		return this.log.append(new AuditEntry(null, this.clock.instant(), (actor != null) ? actor.id() : null,
				(actor != null) ? actor.displayName() : "", action, target.type(), target.id(), target.label(), subject,
				before, after, reason));
	}

	/** Records a decision of a member known by id (a change heard after the fact). */
	public AuditEntry record(MemberId actor, String actorName, AuditAction action, Target target, MemberId subject,
			String before, String after, String reason) {
		return this.log.append(new AuditEntry(null, this.clock.instant(), actor, actorName, action, target.type(),
				target.id(), target.label(), subject, before, after, reason));
	}

	/**
	 * What a decision is about.
	 *
	 * @param type kind of target
	 * @param id its id
	 * @param label readable name
	 */
	public record Target(String type, String id, String label) {

		public static Target post(String postId, String threadTitle) {
			return new Target("post", postId, threadTitle);
		}

		public static Target member(String username, String displayName) {
			return new Target("member", username, displayName);
		}

	}

}
