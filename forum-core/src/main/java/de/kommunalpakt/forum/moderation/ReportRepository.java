package de.kommunalpakt.forum.moderation;

import java.time.Instant;
import java.util.List;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.WriteEvidence;
import de.kommunalpakt.forum.thread.PostId;

/** Reports of posts. */
public interface ReportRepository {

	/**
	 * Stores the report unless the member has an open report of the post.
	 * @return false if there was one
	 */
	boolean insertIfAbsent(Report report);

	/** The open reports, oldest first (the review queue). */
	List<Report> findOpen();

	/** The number of open reports (the counter in the moderators' header). */
	long countOpen();

	/** The number of open reports of the post (what {@link #resolve} would settle). */
	long countOpen(PostId post);

	/**
	 * Settles every open report of the post.
	 * @return how many
	 */
	long resolve(PostId post, Report.Resolution resolution, String byName, Instant at);

	/** Evidence that {@link #resolve} with these arguments settled a report. */
	WriteEvidence resolveEvidence(PostId post, Report.Resolution resolution, Instant at);

	/** Every report a member made (their data export). */
	List<Report> byReporter(MemberId reporter);

}
