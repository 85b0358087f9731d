package de.kommunalpakt.forum.mail;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import de.kommunalpakt.forum.notification.NotificationKind;

/**
 * A member's mail settings.
 *
 * @param memberId the member
 * @param email the address from the last login, or null (then no mail)
 * @param own how replies to the member's own threads, mentions, accepted answers and
 * moderation of the member's posts arrive
 * @param watched how news from watched threads, spaces, tags and Länder arrive
 * @param digestHour the hour (0–23, Berlin time) of the daily digest
 * @param digestDay the day of the weekly digest
 * @param bounces the delivery reports about mails to the member, or null
 */
public record MailSettings(String memberId, String email, Delivery own, Delivery watched, int digestHour,
		DayOfWeek digestDay, Bounces bounces) {

	/** Settings without delivery reports (the form and the API change no reports). */
	public MailSettings(String memberId, String email, Delivery own, Delivery watched, int digestHour,
			DayOfWeek digestDay) {
		this(memberId, email, own, watched, digestHour, digestDay, null);
	}

	public MailSettings {
		Objects.requireNonNull(memberId, "memberId");
		own = (own != null) ? own : Delivery.IMMEDIATE;
		watched = (watched != null) ? watched : Delivery.DAILY;
		if (digestHour < 0 || digestHour > 23) {
			throw new IllegalArgumentException("digestHour " + digestHour);
		}
		digestDay = (digestDay != null) ? digestDay : DayOfWeek.MONDAY;
	}

	/**
	 * The defaults: immediately for one's own threads and mentions, a daily digest at 7
	 * for watched ones.
	 */
	public static MailSettings defaults(String memberId, String email) {
		return new MailSettings(memberId, email, Delivery.IMMEDIATE, Delivery.DAILY, 7, DayOfWeek.MONDAY);
	}

	/**
	 * Whether mail to the member is paused: {@link Bounces#PAUSE_AFTER} delivery reports
	 * said mails to the current address failed for good. A new address (from the next
	 * login) ends the pause, and so does the member.
	 */
	public boolean paused() {
		return this.bounces != null && this.email != null && this.bounces.count() >= Bounces.PAUSE_AFTER
				&& this.bounces.address().equalsIgnoreCase(this.email);
	}

	/** The address mails go to: none without one and while mail is {@link #paused}. */
	public String recipient() {
		return paused() ? null : this.email;
	}

	/** How a notification of this kind arrives. */
	public Delivery deliveryFor(NotificationKind kind) {
		return (Category.of(kind) == Category.WATCHED) ? this.watched : this.own;
	}

	public MailSettings with(Category category, Delivery delivery) {
		return (category == Category.OWN)
				? new MailSettings(this.memberId, this.email, delivery, this.watched, this.digestHour, this.digestDay,
						this.bounces)
				: new MailSettings(this.memberId, this.email, this.own, delivery, this.digestHour, this.digestDay,
						this.bounces);
	}

	/** With another address (as a login brings it); the rest stays. */
	public MailSettings withAddress(String address) {
		return new MailSettings(this.memberId, address, this.own, this.watched, this.digestHour, this.digestDay,
				this.bounces);
	}

	/**
	 * Delivery reports (RFC 3464) that mails to an address failed for good, counted while
	 * they come less than {@link #WINDOW} apart.
	 *
	 * @param address the address the reported mails went to
	 * @param count how many reports in a row
	 * @param last when the last one came
	 * @param diagnosis its status and the recipient's mail server's answer
	 */
	public record Bounces(String address, int count, Instant last, String diagnosis) {

		/**
		 * Reports after which mail to the address pauses. Discourse stops at a score of 4
		 * with 2 for a hard bounce; a failed delivery report is a hard one, and a full
		 * mailbox is not always: three leave room for a mailbox that was full twice.
		 */
		public static final int PAUSE_AFTER = 3;

		/** Reports further apart than this start the count again. */
		public static final Duration WINDOW = Duration.ofDays(30);

		/** With one more report about a mail to {@code to}. */
		public static Bounces after(Bounces before, String to, Instant at, String diagnosis) {
			boolean again = before != null && before.address().equalsIgnoreCase(to)
					&& before.last().isAfter(at.minus(WINDOW));
			return new Bounces(to, again ? before.count() + 1 : 1, at, diagnosis);
		}

	}

	/** How mail of one category arrives. */
	public enum Delivery {

		IMMEDIATE, DAILY, WEEKLY, NEVER

	}

	/** The two kinds of mail a member chooses for (and unsubscribes from). */
	public enum Category {

		/**
		 * Replies to own threads, mentions, accepted answers, moderation, First Movers.
		 */
		OWN,
		/** Watched threads, spaces, tags and Länder. */
		WATCHED;

		public static Category of(NotificationKind kind) {
			return (kind == NotificationKind.WATCHED_REPLY || kind == NotificationKind.NEW_THREAD) ? WATCHED : OWN;
		}

	}

}
