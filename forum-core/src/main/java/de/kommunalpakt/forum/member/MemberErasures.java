package de.kommunalpakt.forum.member;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The ledger of deleted accounts (GDPR Art. 17). An entry is written before anything is
 * erased, so that a deletion interrupted half-way (a crash, a restart) is finished later
 * rather than forgotten. It keeps the names only until the forum's data no longer holds
 * them (after the second scrub, the sweep); afterwards it holds the subject id alone, so
 * that the forum refuses that account from then on and shows its traces as "ehemaliges
 * Mitglied".
 */
public interface MemberErasures {

	/** What the forum shows instead of a deleted member's name. */
	String FORMER_MEMBER = "ehemaliges Mitglied";

	/**
	 * Records the request; a second request for the same member keeps the first one's
	 * names and time.
	 * @param names the display name and user name to remove from the forum's data
	 */
	void request(MemberId member, List<String> names, Instant at);

	/** Deletions not yet finished, oldest first. */
	List<Pending> pending();

	/**
	 * The forum's data no longer names the member. The ledger keeps the names for the
	 * sweep ({@link #markSwept}).
	 */
	void markScrubbed(MemberId member, Instant at);

	/**
	 * The forum's data was scrubbed a second time, after what was under way at the first
	 * (requests already past the check, background work with an older list of recipients)
	 * had ended: the ledger forgets the names.
	 */
	void markSwept(MemberId member, Instant at);

	/** The account is deleted at the identity provider. */
	void markIdentityDeleted(MemberId member, Instant at);

	/** Whether the member deleted their account (finished or not). */
	boolean isErased(MemberId member);

	/** The deleted members among the given ones. */
	Set<MemberId> erasedAmong(Collection<MemberId> members);

	/**
	 * A deletion not yet finished.
	 *
	 * @param member the member
	 * @param names names to remove (empty once swept)
	 * @param scrubbed whether the forum's data was scrubbed
	 * @param identityDeleted whether the identity provider's account is deleted
	 * @param requestedAt when the member asked
	 * @param scrubbedAt when the forum's data was scrubbed, or null
	 * @param swept whether it was scrubbed the second time
	 */
	record Pending(MemberId member, List<String> names, boolean scrubbed, boolean identityDeleted, Instant requestedAt,
			Instant scrubbedAt, boolean swept) {

		public Pending {
			names = List.copyOf(names);
		}

	}

}
