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
	 * Puts a notification at the top of the member's inbox (created on the first),
	 * keeping the newest {@value Inbox#KEEP}, unless one with the same id is already
	 * there (a replay of the change log). One atomic write of the new entry: the inbox is
	 * not read and not written whole.
	 * @return false if the notification was already there
	 */
	boolean add(MemberId member, Notification notification);

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
