package de.kommunalpakt.forum.audit;

import java.time.Instant;
import java.util.List;

import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.shared.WriteEvidence;

/**
 * Decisions noted before their state is written, until their audit entry and change are
 * stored ({@link AuditTrail#decide}); what a crash leaves here is finished or dropped on
 * the next start ({@link DecisionCheck}).
 */
public interface PendingDecisions {

	/** Notes the decision under its entry's id. */
	void note(Pending pending);

	/** The decisions noted before the instant, oldest first. */
	List<Pending> notedBefore(Instant instant);

	/** Whether the write the evidence describes landed. */
	boolean landed(WriteEvidence evidence);

	void drop(String id);

	/**
	 * A noted decision.
	 *
	 * @param entry its audit entry, with the id it will be stored under
	 * @param change the change that announces it (its subject the entry's id), or null
	 * @param evidence how to tell whether its state was written
	 */
	record Pending(AuditEntry entry, ForumChange change, WriteEvidence evidence) {
	}

}
