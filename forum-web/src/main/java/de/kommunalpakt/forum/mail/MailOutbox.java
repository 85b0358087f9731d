package de.kommunalpakt.forum.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.shared.WriteEvidence;

/** The mails the forum composed, durable until sent (collection {@code mail_outbox}). */
public interface MailOutbox {

	/**
	 * The note on claimed mails nobody tried because the relay could not be reached
	 * ({@link #postponeAll}).
	 */
	String RELAY_DOWN = "Nicht versucht: Mailserver nicht erreichbar";

	/**
	 * The note on claimed mails nobody tried because the relay refused the forum's login
	 * ({@link #postponeAll}).
	 */
	String RELAY_LOGIN = "Nicht versucht: Mailserver lehnt die Anmeldung des Forums ab";

	/**
	 * The note on claimed mails nobody tried because no TLS connection to the relay came
	 * about ({@link #postponeAll}).
	 */
	String RELAY_TLS = "Nicht versucht: TLS-Verbindung zum Mailserver gescheitert";

	/**
	 * The note on claimed mails nobody tried because the relay refused to pass the
	 * forum's mail on (relaying denied, {@link #postponeAll}).
	 */
	String RELAY_DENIED = "Nicht versucht: Mailserver leitet die Mails des Forums nicht weiter";

	/** Adds the mail unless one with its id exists; true when added. */
	boolean add(OutgoingMail mail);

	/**
	 * Adds each mail unless one with its id exists, in one write that waits for the
	 * journal (and so for every write before it); returns how many were added (in a race
	 * with another instance adding the same mails: as the database counts them).
	 */
	int addAll(List<OutgoingMail> mails);

	/** The ids of pending mails due at {@code now}, the oldest due first. */
	List<String> due(Instant now, int limit);

	/**
	 * Takes a pending mail for sending (one instance only); empty when another took it or
	 * it is no longer pending.
	 */
	Optional<OutgoingMail> claim(String id, Instant now);

	/**
	 * Takes these mails for sending where they are still pending, in one write; returns
	 * the mails taken, in the order of the ids (another instance took the rest), without
	 * a digest's source (only {@link #find} reads it).
	 */
	List<OutgoingMail> claimAll(List<String> ids, Instant now);

	/**
	 * The relay accepted these mails ({@code _id} to when), marked in one write that
	 * waits for the journal.
	 */
	void sentAll(Map<String, Instant> accepted);

	/**
	 * A claimed mail's new content (subject, texts, threads, digest source), before it
	 * goes out: a digest built again without a thread its member may no longer read.
	 */
	void revise(OutgoingMail mail);

	/** The attempt failed; the mail waits until {@code next}. */
	void retry(String id, int attempts, Instant next, String error);

	/**
	 * Claimed mails nobody tried (the relay could not be reached) are pending again until
	 * {@code next}, their tries as they were, with {@code note} as their last error.
	 */
	void postponeAll(List<String> ids, Instant next, String note);

	/** Failed for good (or not to be sent: {@code dropped}). */
	void giveUp(String id, int attempts, String error, boolean dropped);

	/**
	 * A mail that failed for good is pending again, due at {@code now}, with all its
	 * tries (an administrator sends it again); false when it has not failed (any more).
	 */
	boolean resend(String id, Instant now);

	/** Evidence that {@link #resend} of the mail landed at {@code since} or later. */
	WriteEvidence resendEvidence(String id, Instant since);

	/**
	 * Every mail that failed for good to an address containing {@code to} (case ignored;
	 * null: any) is pending again, due at {@code now}, with all its tries; returns how
	 * many.
	 */
	long resendFailed(String to, Instant now);

	/** The mail with this {@code Message-ID} (without angle brackets), if kept. */
	Optional<OutgoingMail> findByMessageId(String messageId);

	/**
	 * A sent mail the recipient's mail server reported undeliverable afterwards: failed,
	 * with {@code error}; false when it is not (or no longer) sent.
	 */
	boolean undeliverable(String id, String error);

	/**
	 * Mails claimed before {@code before} and never finished (the forum stopped while
	 * sending) become pending again; returns how many.
	 */
	long releaseStale(Instant before);

	Optional<OutgoingMail> find(String id);

	/**
	 * A page of the mails with {@code status} (null: any) to an address containing
	 * {@code to} (case ignored; null: any), newest first; without their texts and digest
	 * source (the list shows neither).
	 */
	Page<OutgoingMail> find(OutgoingMail.Status status, String to, int page, int size);

	/**
	 * The member's mails, newest first, with their text (not their HTML): for the export.
	 */
	List<OutgoingMail> findByMember(String memberId);

	/**
	 * Removes finished mails (sent, failed, dropped) composed before {@code cutoff};
	 * returns how many.
	 */
	long pruneBefore(Instant cutoff);

	/**
	 * How many pending mails wait untried because the relay could not be reached
	 * ({@link #RELAY_DOWN}), refused the forum's login ({@link #RELAY_LOGIN}), no TLS
	 * connection came about ({@link #RELAY_TLS}) or the relay refused to pass the forum's
	 * mail on ({@link #RELAY_DENIED}), in one read.
	 */
	Postponed countPostponed();

	/**
	 * Pending mails nobody tried, by why.
	 *
	 * @param unreachable the relay could not be reached
	 * @param login the relay refused the forum's login
	 * @param tls no TLS connection to the relay came about
	 * @param relay the relay refused to pass the forum's mail on
	 */
	record Postponed(long unreachable, long login, long tls, long relay) {

		public long total() {
			return this.unreachable + this.login + this.tls + this.relay;
		}

	}

	/** How many mails have this status. */
	long count(OutgoingMail.Status status);

}
