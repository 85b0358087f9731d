package de.kommunalpakt.forum.moderation;

/** Why a member reports a post. */
public enum ReportReason {

	/** The post says something wrong. */
	WRONG,
	/** The post was right once and is outdated now. */
	OUTDATED,
	/** The post exposes personal data. */
	PERSONAL_DATA,
	/** The post does not belong in the thread. */
	OFF_TOPIC,
	/** Anything else; the note says what. */
	OTHER

}
