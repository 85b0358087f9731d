package de.kommunalpakt.forum.mail;

import java.time.DayOfWeek;
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
 */
public record MailSettings(String memberId, String email, Delivery own, Delivery watched, int digestHour,
		DayOfWeek digestDay) {

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

	/** How a notification of this kind arrives. */
	public Delivery deliveryFor(NotificationKind kind) {
		return (Category.of(kind) == Category.WATCHED) ? this.watched : this.own;
	}

	public MailSettings with(Category category, Delivery delivery) {
		return (category == Category.OWN)
				? new MailSettings(this.memberId, this.email, delivery, this.watched, this.digestHour, this.digestDay)
				: new MailSettings(this.memberId, this.email, this.own, delivery, this.digestHour, this.digestDay);
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
