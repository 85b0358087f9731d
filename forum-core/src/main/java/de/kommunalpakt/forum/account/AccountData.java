package de.kommunalpakt.forum.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.moderation.Report;
import de.kommunalpakt.forum.moderation.Suspension;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostRevision;

/**
 * Everything the forum holds about one member, for their export.
 *
 * @param createdAt when the export was made
 * @param member the profile as copied from the login
 * @param posts their posts, each with its thread's title and every revision
 * @param reports the reports they made
 * @param watches their watch settings by target key
 * @param notifications their inbox
 * @param decisions audit entries by them or about them
 * @param suspension their suspension, if one is in force
 * @param reuseModelEdits the versions of reuse models they wrote (each version keeps its
 * author)
 * @param landReports the Land reports (Kurzberichte) they last edited or submitted (a
 * report keeps only the names of who last edited and who submitted it)
 */
public record AccountData(Instant createdAt, Member member, List<WrittenPost> posts, List<Report> reports,
		Map<String, WatchLevel> watches, List<Notification> notifications, List<AuditEntry> decisions,
		Suspension suspension, List<ReuseModelVersion> reuseModelEdits, List<LandReport> landReports) {

	/**
	 * One post with its history.
	 *
	 * @param threadTitle the title of its thread
	 * @param post the post as stored
	 * @param revisions every earlier version kept
	 */
	public record WrittenPost(String threadTitle, Post post, List<PostRevision> revisions) {
	}

}
