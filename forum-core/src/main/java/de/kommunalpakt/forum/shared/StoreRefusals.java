package de.kommunalpakt.forum.shared;

import java.util.Optional;

/**
 * Tells a passing refusal of the database (unreachable, not primary, out of disk space:
 * try again later, nothing was written) from a defect, without the caller knowing the
 * driver's exception types.
 */
public interface StoreRefusals {

	/** Why the database refused, if {@code failure} is such a refusal. */
	Optional<Refusal> classify(Throwable failure);

	/** The kinds of passing refusal. */
	enum Refusal {

		/** Unreachable, no primary, recovering. */
		UNAVAILABLE,

		/** Out of disk space. */
		DISK_FULL

	}

}
