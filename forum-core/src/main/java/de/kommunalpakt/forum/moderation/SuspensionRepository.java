package de.kommunalpakt.forum.moderation;

import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.WriteEvidence;

/** Suspensions, one per member at most. */
public interface SuspensionRepository {

	Optional<Suspension> find(MemberId member);

	void save(Suspension suspension);

	void delete(MemberId member);

	/**
	 * Evidence that {@link #save} of the suspension landed ({@code stored}) or that
	 * {@link #delete} of it did.
	 */
	WriteEvidence evidence(Suspension suspension, boolean stored);

}
