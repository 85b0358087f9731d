package de.kommunalpakt.forum.thread;

import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;

/**
 * Form submission tokens: the second submit of the same form (a double click, a retry)
 * returns the post of the first instead of writing a second one.
 */
public interface SubmissionRepository {

	/**
	 * Claims the token for the member. A claim without a post from before
	 * {@code abandonedBefore} belongs to a submit that stopped (a crash): this submit
	 * takes it over ({@link Claim#takenOver}).
	 * @return empty if the token is new, or the outcome of the earlier submit
	 */
	Optional<Claim> claim(String token, MemberId member, java.time.Instant abandonedBefore);

	void complete(String token, MemberId member, PostId post);

	/**
	 * Gives a claimed token back after a refused submit, so the corrected form can go.
	 */
	void release(String token, MemberId member);

	/**
	 * Removes tokens claimed before the instant (retention: a double submit comes within
	 * seconds, a retry within hours).
	 * @return how many
	 */
	long pruneBefore(java.time.Instant instant);

	/**
	 * An earlier submit of the same token.
	 *
	 * @param post the post it wrote, empty while that submit is still running
	 * @param takenOver when the earlier submit that stopped claimed the token, if this
	 * submit took the claim over (then it may have written its post without completing
	 * the claim); null otherwise
	 */
	record Claim(Optional<PostId> post, java.time.Instant takenOver) {
	}

}
