package de.kommunalpakt.forum.notification;

import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;

/** Inboxes, one document per member. */
public interface InboxRepository {

	Optional<Inbox> find(MemberId member);

	/**
	 * Writes the inbox if it is still at the version it was read with.
	 * @return false if someone else wrote it meanwhile (read again and retry)
	 */
	boolean save(Inbox inbox);

}
