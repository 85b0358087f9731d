package de.kommunalpakt.forum.moderation;

import java.time.Instant;
import java.util.Objects;

import de.kommunalpakt.forum.member.MemberId;

/**
 * A member may read but not write until {@code until}.
 *
 * @param member the suspended member
 * @param until end of the suspension
 * @param reason why, shown to the member
 * @param byName the moderator
 * @param at when decided
 */
public record Suspension(MemberId member, Instant until, String reason, String byName, Instant at) {

	/** The longest suspension a moderator may decide at once. */
	public static final int MAX_DAYS = 365;

	public Suspension {
		Objects.requireNonNull(member, "member");
		Objects.requireNonNull(until, "until");
		Objects.requireNonNull(at, "at");
		reason = (reason != null) ? reason : "";
	}

	public boolean isActiveAt(Instant now) {
		return this.until.isAfter(now);
	}

}
