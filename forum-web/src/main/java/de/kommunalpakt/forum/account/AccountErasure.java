package de.kommunalpakt.forum.account;

import java.util.List;
import java.util.Set;

import de.kommunalpakt.forum.member.MemberId;

/**
 * Removes a member from the forum's stored data. Every step is safe to repeat, so an
 * interrupted deletion is finished by running it again.
 */
public interface AccountErasure {

	/** The member's sessions end: their HTTP sessions and the back-channel records. */
	void endSessions(MemberId member);

	/**
	 * Replaces the names by "ehemaliges Mitglied" and removes what belongs to the member
	 * alone (profile, inbox, watch and mail settings, mails to them, feed token,
	 * presence).
	 * @param names the display names to remove, and the user names (written
	 * {@code @name}) whose mentions to remove
	 * @return the threads whose posts or listing changed (for the search index)
	 */
	Set<String> scrub(MemberId member, List<String> names);

}
