package de.kommunalpakt.forum.moderation;

import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;

/** Suspensions, one per member at most. */
public interface SuspensionRepository {

	Optional<Suspension> find(MemberId member);

	void save(Suspension suspension);

	void delete(MemberId member);

}
