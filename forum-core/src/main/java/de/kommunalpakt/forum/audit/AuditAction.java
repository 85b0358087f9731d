package de.kommunalpakt.forum.audit;

/** What was decided; the page shows each in German. */
public enum AuditAction {

	/** A moderator hid a post. */
	POST_HIDDEN,
	/** A moderator showed a hidden post again. */
	POST_RESTORED,
	/** A moderator deleted a post. */
	POST_DELETED,
	/** The author deleted their own post. */
	POST_DELETED_BY_AUTHOR,
	/** A moderator found the reports of a post unfounded. */
	REPORTS_DISMISSED,
	/** A moderator suspended a member. */
	MEMBER_SUSPENDED,
	/** A moderator lifted a suspension. */
	SUSPENSION_LIFTED,
	/** A moderator pinned, closed, locked, reopened or moved a thread. */
	THREAD_MODERATED,
	/** An administrator rebuilt the search index. */
	SEARCH_REINDEXED,
	/** A reporting round of the Länder was opened or closed. */
	REPORTING_ROUND_CHANGED,
	/** The moderation handed a submitted Land report back to its Land. */
	LAND_REPORT_REOPENED,
	/** The KSpV moved a First Mover application on. */
	PILOT_DECIDED,
	/** A member deleted their account. */
	ACCOUNT_DELETED,
	/** An administrator sent mails that had failed for good again. */
	MAIL_RESENT,
	/** An administrator sent a test mail from the outbox. */
	MAIL_TEST

}
