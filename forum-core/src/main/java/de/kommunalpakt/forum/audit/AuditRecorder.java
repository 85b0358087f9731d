package de.kommunalpakt.forum.audit;

import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.audit.AuditTrail.Target;
import de.kommunalpakt.forum.changes.ChangeCheckpoints;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangeReader;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.pilot.PilotApplicationRepository;
import de.kommunalpakt.forum.pilot.StatusChange;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Writes the decisions that other features announce as changes into the audit log: a
 * moderator's move of a thread (close, reopen, lock, pin, move), a review step of a First
 * Mover application, a new reporting round. It hears the change in the instance that made
 * it, in the same request, right after the change was logged; and, since a crash can come
 * between the change and its entry, it also reads the change log behind a checkpoint of
 * its own once a minute ({@link #catchUp}), like the search index and the mail. An entry
 * takes its change's id, so the second hearing stores nothing twice. (Post moderation,
 * suspensions and other decisions that change stored state go through
 * {@link AuditTrail#decide}; reindexing and account deletions write their entries
 * themselves.)
 */
@Component
class AuditRecorder implements InitializingBean {

	static final String READER = "audit";

	private static final Map<ChangeKind, String> THREAD_MOVES = Map.of(ChangeKind.THREAD_CLOSED, "geschlossen",
			ChangeKind.THREAD_REOPENED, "wieder geöffnet", ChangeKind.THREAD_LOCKED, "gesperrt",
			ChangeKind.THREAD_PINNED, "angeheftet", ChangeKind.THREAD_UNPINNED, "nicht mehr angeheftet",
			ChangeKind.THREAD_MOVED, "verschoben");

	private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

	private final AuditLog audit;

	private final ThreadRepository threads;

	private final MemberRepository members;

	private final ObjectProvider<PilotApplicationRepository> pilots;

	private final ChangeReader reader;

	AuditRecorder(AuditLog audit, ThreadRepository threads, MemberRepository members,
			ObjectProvider<PilotApplicationRepository> pilots, ChangeLog changes, ChangeCheckpoints checkpoints) {
		this.audit = audit;
		this.threads = threads;
		this.members = members;
		this.pilots = pilots;
		// Settled after five seconds, as for notifications; the interval is the pass's.
		this.reader = new ChangeReader(READER, changes, checkpoints, Duration.ofSeconds(5), Duration.ZERO);
	}

	/** The reader's checkpoint from the first start on (before any request). */
	@Override
	public void afterPropertiesSet() {
		this.reader.open();
	}

	@EventListener
	void on(ForumChange change) {
		record(change);
	}

	/**
	 * Every change since the checkpoint once more: what a crash right after its change
	 * kept from its entry is written now.
	 * @return how many changes were read
	 */
	@Scheduled(fixedDelay = 60_000, initialDelay = 10_000)
	int catchUp() {
		try {
			return this.reader.read(this::record, () -> true);
		}
		catch (RuntimeException ex) {
			// The database refused: the checkpoint stays, the next pass reads again.
			log.warn("Prüfprotokoll: Änderungsprotokoll nicht gelesen, neuer Versuch in einer Minute: {}",
					ex.toString());
			return 0;
		}
	}

	private void record(ForumChange change) {
		if (change.actorId() == null || change.id() == null) {
			return;
		}
		if (THREAD_MOVES.containsKey(change.kind()) && change.threadId() != null) {
			this.threads.findById(new ThreadId(change.threadId()))
				.ifPresent((thread) -> append(change, actor(change), name(change), AuditAction.THREAD_MODERATED,
						new Target("thread", thread.id().value(), thread.title()), thread.author(), "",
						THREAD_MOVES.get(change.kind())
								+ ((change.kind() == ChangeKind.THREAD_MOVED) ? " nach " + thread.space().value() : ""),
						""));
		}
		else if (change.kind() == ChangeKind.PILOT_CHANGED && change.subjectId() != null) {
			pilotStep(change);
		}
		else if (change.kind() == ChangeKind.REPORTING_ROUND_CHANGED) {
			append(change, actor(change), name(change), AuditAction.REPORTING_ROUND_CHANGED,
					new Target("round", "", ""), null, "", "eröffnet", "");
		}
	}

	private void append(ForumChange change, MemberId actor, String actorName, AuditAction action, Target target,
			MemberId subject, String before, String after, String reason) {
		this.audit.appendOnce(new AuditEntry(change.id(), change.at(), actor, actorName, action, target.type(),
				target.id(), target.label(), subject, before, after, reason));
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
			append(change, made.actor(), made.actorName(), AuditAction.PILOT_DECIDED,
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
