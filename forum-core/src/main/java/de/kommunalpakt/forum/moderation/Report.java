package de.kommunalpakt.forum.moderation;

import java.time.Instant;
import java.util.Objects;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.thread.PostId;

/**
 * A member's report of a post. One per member and post while it is open.
 *
 * @param post the reported post
 * @param reporter who reported it
 * @param reporterName their display name at the time
 * @param reason why
 * @param note what the reporter added, may be empty
 * @param at when
 * @param resolution how a moderator settled it (null while open)
 * @param resolvedByName who settled it
 * @param resolvedAt when
 */
public record Report(PostId post, MemberId reporter, String reporterName, ReportReason reason, String note, Instant at,
		Resolution resolution, String resolvedByName, Instant resolvedAt) {

	/** The longest note a reporter may add. */
	public static final int MAX_NOTE = 500;

	public Report {
		Objects.requireNonNull(post, "post");
		Objects.requireNonNull(reporter, "reporter");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(at, "at");
		note = (note != null) ? note : "";
	}

	public boolean isOpen() {
		return this.resolution == null;
	}

	/** How a report was settled. */
	public enum Resolution {

		/** The post was hidden. */
		HIDDEN,
		/** The post was deleted. */
		DELETED,
		/** The report was unfounded. */
		DISMISSED

	}

}
