package de.kommunalpakt.forum.notification;

/** Why a member is notified. */
public enum NotificationKind {

	/** A reply in a thread the member started. */
	REPLY,
	/** A reply in a thread the member watches. */
	WATCHED_REPLY,
	/** The member was mentioned with {@code @username}. */
	MENTION,
	/** An answer was accepted: the member's answer, or in the member's question. */
	ACCEPTED,
	/** A new thread in a space, tag or Land the member watches. */
	NEW_THREAD,
	/** A moderator acted on the member's thread or post. */
	MODERATION,
	/**
	 * The KSpV moved the municipality's First Mover application on (the thread id holds
	 * the application id, the detail its new status).
	 */
	PILOT_STATUS,
	/** A moderator hid the member's post (the detail holds the reason). */
	POST_HIDDEN,
	/** A moderator showed the member's hidden post again (detail: the reason). */
	POST_RESTORED,
	/** A moderator deleted the member's post (detail: the reason). */
	POST_DELETED,
	/**
	 * A moderator suspended the member (the thread id holds the audit entry, the detail
	 * the reason).
	 */
	SUSPENDED

}
