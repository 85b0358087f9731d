package de.kommunalpakt.forum.changes;

/** What happened. */
public enum ChangeKind {

	THREAD_STARTED, REPLY_POSTED, POST_EDITED, ANSWER_ACCEPTED, ANSWER_UNACCEPTED, THREAD_CLOSED, THREAD_REOPENED,
	THREAD_LOCKED, THREAD_PINNED, THREAD_UNPINNED, THREAD_MOVED, HELPFUL_CHANGED, SPACE_CHANGED, OTHER,

	// The start-up check corrected a thread's counters or found a change missing
	// from the log: derived data (search, caches) reloads the thread.
	THREAD_REPAIRED,

	// Moderation of a single post (hidden, shown again, deleted) and of a member
	// (suspended; no thread). subjectId names the audit entry that holds who, why and
	// whom it concerns.
	POST_HIDDEN, POST_RESTORED, POST_DELETED, MEMBER_SUSPENDED,

	// Reuse models, EfA catalogue, First Movers and Länder reports carry no thread
	// (threadId and spaceId are null); their own events name the subject.
	REUSE_MODEL_CHANGED, EFA_SERVICE_CHANGED, PILOT_CHANGED, REPORTING_ROUND_CHANGED, REPORT_CHANGED

}
