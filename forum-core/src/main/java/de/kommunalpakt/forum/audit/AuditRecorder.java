package de.kommunalpakt.forum.audit;

import java.util.Map;

import de.kommunalpakt.forum.audit.AuditTrail.Target;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.pilot.PilotApplicationRepository;
import de.kommunalpakt.forum.pilot.StatusChange;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes the decisions that other features announce as changes into the audit log: a
 * moderator's move of a thread (close, reopen, lock, pin, move), a review step of a First
 * Mover application, a new reporting round. It hears the change in the instance that made
 * it, in the same request, right after the change was logged. (Post moderation,
 * suspensions, reindexing and account deletions write their entries themselves, with
 * their reasons.)
 */
@Component
class AuditRecorder {

	private static final Map<ChangeKind, String> THREAD_MOVES = Map.of(ChangeKind.THREAD_CLOSED, "geschlossen",
			ChangeKind.THREAD_REOPENED, "wieder geöffnet", ChangeKind.THREAD_LOCKED, "gesperrt",
			ChangeKind.THREAD_PINNED, "angeheftet", ChangeKind.THREAD_UNPINNED, "nicht mehr angeheftet",
			ChangeKind.THREAD_MOVED, "verschoben");

	private final AuditTrail trail;

	private final ThreadRepository threads;

	private final MemberRepository members;

	private final ObjectProvider<PilotApplicationRepository> pilots;

	AuditRecorder(AuditTrail trail, ThreadRepository threads, MemberRepository members,
			ObjectProvider<PilotApplicationRepository> pilots) {
		this.trail = trail;
		this.threads = threads;
		this.members = members;
		this.pilots = pilots;
	}

	@EventListener
	void on(ForumChange change) {
		if (change.actorId() == null) {
			return;
		}
		if (THREAD_MOVES.containsKey(change.kind()) && change.threadId() != null) {
			this.threads.findById(new ThreadId(change.threadId()))
				.ifPresent((thread) -> this.trail.record(actor(change), name(change), AuditAction.THREAD_MODERATED,
						new Target("thread", thread.id().value(), thread.title()), thread.author(), "",
						THREAD_MOVES.get(change.kind())
								+ ((change.kind() == ChangeKind.THREAD_MOVED) ? " nach " + thread.space().value() : ""),
						""));
		}
		else if (change.kind() == ChangeKind.PILOT_CHANGED && change.subjectId() != null) {
			pilotStep(change);
		}
		else if (change.kind() == ChangeKind.REPORTING_ROUND_CHANGED) {
			this.trail.record(actor(change), name(change), AuditAction.REPORTING_ROUND_CHANGED,
					new Target("round", "", ""), null, "", "eröffnet", "");
		}
	}

	private void pilotStep(ForumChange change) {
		PilotApplicationRepository repository = this.pilots.getIfAvailable();
		if (repository == null) {
			return;
		}
		repository.findById(change.subjectId()).ifPresent((application) -> {
			int step = (int) change.threadVersion() - 1;
			if (step < 1 || step >= application.history().size()) {
				// The submission itself is no decision.
				return;
			}
			StatusChange made = application.history().get(step);
			this.trail.record(made.actor(), made.actorName(), AuditAction.PILOT_DECIDED,
					new Target("pilot", application.id(), application.subjectName()), application.submittedBy(),
					(made.from() != null) ? made.from().name() : "", made.to().name(), made.note());
		});
	}

	private static MemberId actor(ForumChange change) {
		return new MemberId(change.actorId());
	}

	private String name(ForumChange change) {
		// A member who only ever used the API has no copy of their claims: the id stands
		// in.
		return this.members.findById(actor(change)).map(Member::displayName).orElse(change.actorId());
	}

}
