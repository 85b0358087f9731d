package de.kommunalpakt.forum.mail;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * One mail in the outbox, exactly as it goes out.
 *
 * @param id unique: the change and the member it is for, so composing the same change
 * again adds nothing
 * @param memberId the recipient
 * @param to the recipient's address
 * @param subject subject line
 * @param text plain-text body
 * @param html HTML body
 * @param messageId the {@code Message-ID} (without angle brackets), the same on every
 * attempt
 * @param inReplyTo the {@code In-Reply-To} (the thread's first mail), or null
 * @param threads the threads the mail names (a notification one, a digest each of its
 * threads), each re-checked for visibility at sending time
 * @param unsubscribeUrl the one-click unsubscribe link, or null
 * @param replyTo the {@code Reply-To} (reply by mail), or null
 * @param status where it stands
 * @param attempts failed attempts so far
 * @param nextAttemptAt not before this
 * @param lastError why the last attempt failed, or null
 * @param createdAt when it was composed
 * @param sentAt when the relay accepted it, or null
 * @param digest what a digest was built from (to build it again without a thread the
 * member may no longer read when it is sent), or null
 * @param leftOut threads a digest no longer names because it was built again without
 * those its member may no longer read (0: as first built)
 */
public record OutgoingMail(String id, String memberId, String to, String subject, String text, String html,
		String messageId, String inReplyTo, List<String> threads, String unsubscribeUrl, String replyTo, Status status,
		int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt, DigestSource digest,
		int leftOut) {

	public OutgoingMail {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(to, "to");
		Objects.requireNonNull(status, "status");
		threads = (threads != null) ? List.copyOf(threads) : List.of();
	}

	/** A new mail about one thread ({@code threadId}, or none if null), due now. */
	public static OutgoingMail compose(String id, String memberId, String to, String subject, String text, String html,
			String messageId, String inReplyTo, String threadId, String unsubscribeUrl, Instant now) {
		return new OutgoingMail(id, memberId, to, subject, text, html, messageId, inReplyTo,
				(threadId != null) ? List.of(threadId) : List.of(), unsubscribeUrl, null, Status.PENDING, 0, now, null,
				now, null, null, 0);
	}

	/** The same mail, answerable by mail at {@code address}. */
	public OutgoingMail withReplyTo(String address) {
		return new OutgoingMail(this.id, this.memberId, this.to, this.subject, this.text, this.html, this.messageId,
				this.inReplyTo, this.threads, this.unsubscribeUrl, address, this.status, this.attempts,
				this.nextAttemptAt, this.lastError, this.createdAt, this.sentAt, this.digest, this.leftOut);
	}

	/** The same mail, naming these threads (a digest). */
	public OutgoingMail withThreads(List<String> names) {
		return new OutgoingMail(this.id, this.memberId, this.to, this.subject, this.text, this.html, this.messageId,
				this.inReplyTo, names, this.unsubscribeUrl, this.replyTo, this.status, this.attempts,
				this.nextAttemptAt, this.lastError, this.createdAt, this.sentAt, this.digest, this.leftOut);
	}

	/**
	 * The same mail with other content (a digest built again): the threads it no longer
	 * names count as left out.
	 */
	public OutgoingMail withContent(String subject, String text, String html, List<String> threads,
			DigestSource source) {
		int dropped = (int) this.threads.stream().filter((t) -> !threads.contains(t)).count();
		return new OutgoingMail(this.id, this.memberId, this.to, subject, text, html, this.messageId, this.inReplyTo,
				threads, this.unsubscribeUrl, this.replyTo, this.status, this.attempts, this.nextAttemptAt,
				this.lastError, this.createdAt, this.sentAt, source, this.leftOut + dropped);
	}

	/** The same mail, a digest built from {@code source}. */
	public OutgoingMail withDigest(DigestSource source) {
		return new OutgoingMail(this.id, this.memberId, this.to, this.subject, this.text, this.html, this.messageId,
				this.inReplyTo, this.threads, this.unsubscribeUrl, this.replyTo, this.status, this.attempts,
				this.nextAttemptAt, this.lastError, this.createdAt, this.sentAt, source, this.leftOut);
	}

	/**
	 * What a digest was built from: its slot, its items and the followed Länder whose
	 * reuse models it lists.
	 *
	 * @param slot the end of its period
	 * @param items the notifications it was built from
	 * @param followed the followed Länder whose models changed (empty: none listed)
	 */
	public record DigestSource(Instant slot, List<DigestItem> items, Set<LandCode> followed) {

		public DigestSource {
			Objects.requireNonNull(slot, "slot");
			items = List.copyOf(items);
			followed = Set.copyOf(followed);
		}

	}

	/** Where a mail stands. */
	public enum Status {

		/** Waiting for its (next) attempt. */
		PENDING,
		/** Handed to the relay right now (or when the forum stopped). */
		SENDING,
		/** Accepted by the relay. */
		SENT,
		/** Refused or unreachable on every attempt: shown to administrators. */
		FAILED,
		/** Not sent: the member may no longer read the thread, or has no address. */
		DROPPED

	}

}
