package de.kommunalpakt.forum.audit;

import java.time.Clock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.audit.PendingDecisions.Pending;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.WriteEvidence;
import org.springframework.stereotype.Component;

/**
 * Writes decisions into the audit log with the time of the clock. A decision that changes
 * stored state goes through {@link #decide}, so that a crash between its write and its
 * entry loses neither.
 */
@Component
public class AuditTrail {

	private static final Logger logger = LoggerFactory.getLogger(AuditTrail.class);

	private final AuditLog log;

	private final PendingDecisions pending;

	private final ChangeLog changeLog;

	private final ChangePublisher changes;

	private final Clock clock;

	public AuditTrail(AuditLog log, PendingDecisions pending, ChangeLog changeLog, ChangePublisher changes,
			Clock clock) {
		this.log = log;
		this.pending = pending;
		this.changeLog = changeLog;
		this.changes = changes;
		this.clock = clock;
	}

	/**
	 * A decision's entry, not yet stored, with the id it will be stored under and the
	 * time of the clock (for {@link #decide}).
	 */
	public AuditEntry entry(Actor actor, AuditAction action, Target target, MemberId subject, String before,
			String after, String reason) {
		return new AuditEntry(this.log.newId(), this.clock.instant(), actor.id(), actor.displayName(), action,
				target.type(), target.id(), target.label(), subject, before, after, reason);
	}

	/**
	 * Makes a decision that changes stored state: notes the entry and the change first,
	 * runs {@code write}, then stores the entry, announces the change and drops the note.
	 * Without the note a crash after the write lost the entry (and with the change the
	 * notification of the member concerned) for good, and the decision could not be made
	 * again, the state having changed. With it the next start finishes the decision if
	 * {@code evidence} shows that its write landed, and drops it if not
	 * ({@link DecisionCheck}); so does a {@code write} that fails here.
	 * @param entry from {@link #entry}
	 * @param change the change that announces the decision (its subject the entry's id),
	 * or null; what a start after a crash announces
	 * @param evidence how to tell whether the write landed
	 * @param write writes the state; returns the change to announce (the noted one, or
	 * one with what the write learned, such as a later version), or null for none
	 * @return the entry as stored
	 */
	public AuditEntry decide(AuditEntry entry, ForumChange change, WriteEvidence evidence,
			Supplier<ForumChange> write) {
		Pending noted = new Pending(entry, change, evidence);
		this.pending.note(noted);
		ForumChange written;
		try {
			written = write.get();
		}
		catch (RuntimeException ex) {
			try {
				settle(noted);
			}
			catch (RuntimeException again) {
				ex.addSuppressed(again);
			}
			throw ex;
		}
		return complete(entry, written);
	}

	/**
	 * Finishes a noted decision whose write landed, or drops it.
	 * @return whether it was finished
	 */
	boolean settle(Pending noted) {
		if (!this.pending.landed(noted.evidence())) {
			this.pending.drop(noted.entry().id());
			return false;
		}
		// The change may have gone out before the crash: not twice.
		ForumChange change = noted.change();
		if (change != null && change.subjectId() != null && this.changeLog.hasSubject(change.subjectId())) {
			change = null;
		}
		complete(noted.entry(), change);
		logger.warn("Entscheidung vervollständigt: {} {} ({})", noted.entry().action(), noted.entry().targetId(),
				noted.entry().id());
		return true;
	}

	private AuditEntry complete(AuditEntry entry, ForumChange change) {
		AuditEntry stored = this.log.appendOnce(entry);
		if (change != null) {
			this.changes.publish(change);
		}
		this.pending.drop(entry.id());
		return stored;
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
