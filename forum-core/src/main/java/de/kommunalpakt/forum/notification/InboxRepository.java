package de.kommunalpakt.forum.notification;

import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;

/** Inboxes, one document per member. */
public interface InboxRepository {

	Optional<Inbox> find(MemberId member);

	/**
	 * The number of unread notifications (0 without an inbox), for the counter in every
	 * page's header; may be served from a cache that every write to the inbox drops.
	 */
	long unread(MemberId member);

	/**
	 * Writes the inbox if it is still at the version it was read with.
	 * @return false if someone else wrote it meanwhile (read again and retry)
	 */
	boolean save(Inbox inbox);

	/**
	 * Removes notifications older than the instant from every inbox (retention; a scan
	 * over all inboxes, once a day). An inbox written meanwhile keeps them until the next
	 * run.
	 * @return how many were removed
	 */
	long pruneBefore(java.time.Instant instant);

	/**
	 * The members with a notification about this thread (a scan; only for the demo's
	 * reset).
	 */
	java.util.List<MemberId> membersNotifiedAbout(String threadId);

}
