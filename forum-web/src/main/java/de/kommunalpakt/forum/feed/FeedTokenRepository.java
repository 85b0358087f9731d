package de.kommunalpakt.forum.feed;

import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;

/** Hashes of feed tokens, one per member (collection {@code feed_tokens}). */
public interface FeedTokenRepository {

	/** Stores the member's token hash, replacing any earlier one. */
	void replace(MemberId member, String hash);

	void remove(MemberId member);

	boolean exists(MemberId member);

	Optional<MemberId> findMember(String hash);

}
