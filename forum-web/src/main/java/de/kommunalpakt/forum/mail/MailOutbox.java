package de.kommunalpakt.forum.mail;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The mails the forum composed, durable until sent (collection {@code mail_outbox}). */
public interface MailOutbox {

	/** Adds the mail unless one with its id exists; true when added. */
	boolean add(OutgoingMail mail);

	/** Pending mails due at {@code now}, the oldest due first. */
	List<OutgoingMail> due(Instant now, int limit);

	/**
	 * Takes a pending mail for sending (one instance only); empty when another took it or
	 * it is no longer pending.
	 */
	Optional<OutgoingMail> claim(String id, Instant now);

	void sent(String id, Instant at);

	/** The attempt failed; the mail waits until {@code next}. */
	void retry(String id, int attempts, Instant next, String error);

	/** Failed for good (or not to be sent: {@code dropped}). */
	void giveUp(String id, int attempts, String error, boolean dropped);

	/**
	 * Mails claimed before {@code before} and never finished (the forum stopped while
	 * sending) become pending again; returns how many.
	 */
	long releaseStale(Instant before);

	Optional<OutgoingMail> find(String id);

	/** The newest mails, newest first. */
	List<OutgoingMail> recent(int limit);

	/**
	 * Removes finished mails (sent, failed, dropped) composed before {@code cutoff};
	 * returns how many.
	 */
	long pruneBefore(Instant cutoff);

	/** How many mails have this status. */
	long count(OutgoingMail.Status status);

}
