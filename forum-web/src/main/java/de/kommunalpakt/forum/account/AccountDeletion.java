package de.kommunalpakt.forum.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberErasures.Pending;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * A member deletes their account (GDPR Art. 17). Crash-safe in three steps:
 * <ol>
 * <li>the request goes into the ledger ({@link MemberErasures}) with the names to remove,
 * before anything else: from then on the forum refuses the account;</li>
 * <li>the forum's data is scrubbed ({@link AccountErasure}: sessions end, the member's
 * own documents go, their posts stay under "ehemaliges Mitglied"), the threads concerned
 * are indexed again, and the ledger forgets the names;</li>
 * <li>the user is deleted in Keycloak ({@link KeycloakAccounts}), with their name and
 * e-mail address; a user Keycloak no longer knows counts as deleted.</li>
 * </ol>
 * Every step is safe to repeat. What is unfinished (a crash between steps, Keycloak
 * unreachable) is finished at start-up and every five minutes; the member's data in the
 * forum is erased at once either way, and the deletion in Keycloak is retried until it
 * succeeds. Until then the forum refuses the account ({@link #isDeleted}). The same job
 * scrubs the forum's data a second time, at least {@link #SETTLE} after the first: a
 * request already past the check or a background pass with an older list of recipients
 * may write the member's data again after the first scrub (a mail setting, a watch, a
 * mail, a name in a text saved from an earlier read). Only then does the ledger forget
 * the names.
 */
@Service
public class AccountDeletion {

	private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

	private final MemberErasures erasures;

	private final AccountErasure erasure;

	private final KeycloakAccounts keycloak;

	private final MemberRepository members;

	private final ThreadRepository threads;

	private final ChangePublisher changes;

	private final AuditTrail audit;

	private final Clock clock;

	/**
	 * Whether a member is deleted, per member for {@link #KNOWN}: the check runs on every
	 * signed-in request, and a deletion made in another instance counts here within that
	 * time.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<MemberId, Boolean> deleted = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(KNOWN)
		.build();

	static final java.time.Duration KNOWN = java.time.Duration.ofSeconds(30);

	/**
	 * How long after the first scrub the second comes at the earliest: longer than
	 * {@link #KNOWN} (another instance may let the member's requests through that long),
	 * than a request, and than a step of background work that chose its recipients before
	 * (a batch of mails, a batch of digests). The job runs every five minutes.
	 */
	static final java.time.Duration SETTLE = java.time.Duration.ofMinutes(2);

	AccountDeletion(MemberErasures erasures, AccountErasure erasure, KeycloakAccounts keycloak,
			MemberRepository members, ThreadRepository threads, ChangePublisher changes, AuditTrail audit,
			Clock clock) {
		this.audit = audit;
		this.erasures = erasures;
		this.erasure = erasure;
		this.keycloak = keycloak;
		this.members = members;
		this.threads = threads;
		this.changes = changes;
		this.clock = clock;
	}

	/**
	 * Deletes the actor's account.
	 * @return whether everything is done, or Keycloak's part is still to be retried
	 */
	public Outcome delete(Actor actor) {
		// Display names as they are; user names as "@name" (they are removed where
		// they mention the member).
		List<String> names = new ArrayList<>(List.of(actor.displayName(), "@" + actor.username()));
		this.members.findById(actor.id()).ifPresent((m) -> {
			if (m.displayName() != null && !names.contains(m.displayName())) {
				names.add(m.displayName());
			}
			if (m.username() != null && !names.contains("@" + m.username())) {
				names.add("@" + m.username());
			}
		});
		this.erasures.request(actor.id(), names, this.clock.instant());
		this.deleted.put(actor.id(), true);
		this.erasure.endSessions(actor.id());
		Pending pending = this.erasures.pending()
			.stream()
			.filter((p) -> p.member().equals(actor.id()))
			.findFirst()
			.orElse(null);
		return (pending != null) ? complete(pending) : Outcome.DONE;
	}

	/** Finishes every deletion left unfinished; safe to run at any time. */
	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT5M")
	public int completePending() {
		int done = 0;
		for (Pending pending : this.erasures.pending()) {
			try {
				if (complete(pending) == Outcome.DONE) {
					done++;
				}
			}
			catch (RuntimeException ex) {
				log.warn("Kontolöschung {} nicht abgeschlossen, neuer Versuch später: {}", pending.member().value(),
						ex.toString());
			}
		}
		return done;
	}

	@EventListener(ApplicationReadyEvent.class)
	void completeAtStart() {
		// A platform thread: see spring.threads.virtual in application.yml.
		java.lang.Thread.ofPlatform().daemon().name("account-deletion").start(this::completePending);
	}

	private Outcome complete(Pending pending) {
		MemberId member = pending.member();
		if (!pending.scrubbed()) {
			int touched = scrub(member, pending.names());
			// The legal record of the request: by id, without the name.
			this.audit.record(member, MemberErasures.FORMER_MEMBER, AuditAction.ACCOUNT_DELETED,
					new AuditTrail.Target("member", member.value(), MemberErasures.FORMER_MEMBER), member, "",
					"gelöscht", "");
			this.erasures.markScrubbed(member, this.clock.instant());
			log.info("Konto {} gelöscht: {} Themen neu indiziert", member.value(), touched);
		}
		else if (!pending.swept() && (pending.scrubbedAt() == null
				|| !this.clock.instant().isBefore(pending.scrubbedAt().plus(SETTLE)))) {
			// What was under way at the first scrub has ended by now; what it wrote
			// (settings, watches, mails, a name in a text saved from an older read) goes.
			int touched = scrub(member, pending.names());
			this.erasures.markSwept(member, this.clock.instant());
			log.info("Konto {} ein zweites Mal bereinigt: {} Themen neu indiziert", member.value(), touched);
		}
		if (!pending.identityDeleted()) {
			try {
				this.keycloak.delete(member);
			}
			catch (KeycloakAccounts.IdentityProviderUnavailable ex) {
				log.warn("Keycloak-Konto {} noch nicht gelöscht, neuer Versuch später: {}", member.value(),
						ex.getMessage());
				return Outcome.IDENTITY_PENDING;
			}
			this.erasures.markIdentityDeleted(member, this.clock.instant());
		}
		return Outcome.DONE;
	}

	/**
	 * Ends the member's sessions, removes their data and names, has the threads concerned
	 * indexed again; the number of threads.
	 */
	private int scrub(MemberId member, List<String> names) {
		this.erasure.endSessions(member);
		Set<String> touched = this.erasure.scrub(member, new ArrayList<>(names));
		for (String id : touched) {
			this.threads.findById(new ThreadId(id))
				.ifPresent((t) -> this.changes.publish(new ForumChange(null, ChangeKind.THREAD_REPAIRED, id,
						t.postCount(), t.space().value(), null, t.version(), this.clock.instant())));
		}
		return touched.size();
	}

	/** Whether the member's account was deleted (refused from then on). */
	public boolean isDeleted(MemberId member) {
		return this.deleted.get(member, this.erasures::isErased);
	}

	/** How far a deletion got. */
	public enum Outcome {

		/** Erased in the forum and deleted in Keycloak. */
		DONE,
		/** Erased in the forum; the deletion in Keycloak is retried. */
		IDENTITY_PENDING

	}

}
