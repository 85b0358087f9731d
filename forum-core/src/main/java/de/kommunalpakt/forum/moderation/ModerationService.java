package de.kommunalpakt.forum.moderation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.audit.AuditTrail.Target;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.TextHygiene;
import de.kommunalpakt.forum.shared.WriteEvidence;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostModeration;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.stereotype.Service;

/**
 * The moderation use cases (Discourse's flags and review queue as the model): any member
 * reports a post; moderators hide, restore or delete it, or dismiss its reports, and
 * suspend members; authors delete their own post while nobody has answered it. Each
 * decision goes through the audit trail ({@link AuditTrail#decide}: noted, written, then
 * its audit entry), then is announced as a change that names the audit entry: the post's
 * author learns of it with the reason (notifications), the thread page and the search
 * index follow (the thread's version moves on).
 */
@Service
public class ModerationService {

	private final ThreadService threadService;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final MemberRepository members;

	private final ReportRepository reports;

	private final SuspensionRepository suspensions;

	private final AuditTrail audit;

	private final ChangePublisher changes;

	private final Clock clock;

	public ModerationService(ThreadService threadService, ThreadRepository threads, PostRepository posts,
			MemberRepository members, ReportRepository reports, SuspensionRepository suspensions, AuditTrail audit,
			ChangePublisher changes, Clock clock) {
		this.threadService = threadService;
		this.threads = threads;
		this.posts = posts;
		this.members = members;
		this.reports = reports;
		this.suspensions = suspensions;
		this.audit = audit;
		this.changes = changes;
		this.clock = clock;
	}

	/**
	 * Reports a post the actor can read; one open report per member and post, never of
	 * one's own post or of a deleted one.
	 */
	public Report report(Actor actor, String postId, ReportReason reason, String note) {
		if (reason == null) {
			throw new ForumException.Invalid("reason", "postReport.reason.required");
		}
		Post post = this.threadService.post(actor, postId);
		if (post.isWrittenBy(actor)) {
			throw new ForumException.Conflict("postReport.own");
		}
		if (post.isDeleted()) {
			throw new ForumException.Conflict("post.moderated");
		}
		String text = text(note, "note", Report.MAX_NOTE, false);
		if (reason == ReportReason.OTHER && text.isEmpty()) {
			throw new ForumException.Invalid("note", "postReport.note.required");
		}
		Report report = new Report(post.id(), actor.id(), actor.displayName(), reason, text, this.clock.instant(), null,
				null, null);
		if (!this.reports.insertIfAbsent(report)) {
			throw new ForumException.Conflict("postReport.duplicate");
		}
		return report;
	}

	/** The review queue: posts with open reports, the longest waiting first. */
	public List<QueueItem> queue(Actor actor) {
		requireModerator(actor);
		Map<PostId, List<Report>> byPost = new LinkedHashMap<>();
		for (Report r : this.reports.findOpen()) {
			byPost.computeIfAbsent(r.post(), (k) -> new ArrayList<>()).add(r);
		}
		List<QueueItem> items = new ArrayList<>();
		byPost.forEach((id, list) -> {
			Optional<Post> post = this.posts.findById(id);
			Optional<Thread> thread = this.threads.findById(id.thread());
			if (post.isPresent() && thread.isPresent()) {
				items.add(new QueueItem(post.get(), thread.get(), List.copyOf(list)));
			}
		});
		return items;
	}

	/** One post with its open reports, for the moderation page of a post. */
	public QueueItem item(Actor actor, String postId) {
		requireModerator(actor);
		Post post = this.threadService.post(actor, postId);
		Thread thread = this.threadService.get(actor, post.id().thread());
		return new QueueItem(post, thread,
				this.reports.findOpen().stream().filter((r) -> r.post().equals(post.id())).toList());
	}

	/** Open reports, for the counter in the moderators' header. */
	public long openReports(Actor actor) {
		return actor.isModerator() ? this.reports.countOpen() : 0;
	}

	/**
	 * Hides a post. Hiding the opening post hides its thread (listed, found and notified
	 * to moderators only), as in Discourse; the post first, then the thread, and a second
	 * hide of that post finishes a thread left visible by a crash in between.
	 */
	public Post hide(Actor actor, String postId, String reason) {
		requireModerator(actor);
		String why = text(reason, "reason", PostModeration.MAX_REASON, true);
		Post post = readable(actor, postId);
		if (post.isHidden() && post.number() == 1 && hidesThread(post, true)) {
			return post;
		}
		if (!post.isVisible()) {
			throw new ForumException.Conflict("post.moderated");
		}
		Instant now = this.clock.instant();
		long version = this.threads.touch(post.id().thread());
		PostModeration hidden = new PostModeration(PostModeration.State.HIDDEN, why, actor.displayName(), false, now);
		decide(actor, post, AuditAction.POST_HIDDEN, "sichtbar", "ausgeblendet", why, ChangeKind.POST_HIDDEN, version,
				this.posts.moderationEvidence(post.id(), hidden), () -> {
					if (!this.posts.setModeration(post.id(), hidden)) {
						// Deleted or hidden by someone else since it was read.
						throw new ForumException.Conflict("post.moderated");
					}
					if (post.number() == 1) {
						this.threads.setHidden(post.id().thread(), true);
					}
					this.reports.resolve(post.id(), Report.Resolution.HIDDEN, actor.displayName(), now);
				});
		return this.posts.findById(post.id()).orElseThrow();
	}

	public Post restore(Actor actor, String postId, String reason) {
		requireModerator(actor);
		String why = text(reason, "reason", PostModeration.MAX_REASON, false);
		Post post = readable(actor, postId);
		if (post.isVisible() && post.number() == 1 && hidesThread(post, false)) {
			return post;
		}
		if (!post.isHidden()) {
			throw new ForumException.Conflict("post.notHidden");
		}
		long version = this.threads.touch(post.id().thread());
		decide(actor, post, AuditAction.POST_RESTORED, "ausgeblendet", "sichtbar", why, ChangeKind.POST_RESTORED,
				version, this.posts.moderationEvidence(post.id(), null), () -> {
					if (!this.posts.setModeration(post.id(), null)) {
						// Deleted or shown again by someone else since it was read.
						throw new ForumException.Conflict("post.notHidden");
					}
					if (post.number() == 1) {
						this.threads.setHidden(post.id().thread(), false);
					}
				});
		return this.posts.findById(post.id()).orElseThrow();
	}

	/**
	 * Deletes a post for good: text, revisions and (through the change) its words in the
	 * search index. A tombstone keeps its number.
	 */
	public Post delete(Actor actor, String postId, String reason) {
		requireModerator(actor);
		String why = text(reason, "reason", PostModeration.MAX_REASON, true);
		Post post = readable(actor, postId);
		if (post.isDeleted()) {
			throw new ForumException.Conflict("post.moderated");
		}
		Instant now = this.clock.instant();
		long version = this.threads.touch(post.id().thread());
		PostModeration deleted = new PostModeration(PostModeration.State.DELETED, why, actor.displayName(), false, now);
		decide(actor, post, AuditAction.POST_DELETED, post.isHidden() ? "ausgeblendet" : "sichtbar", "gelöscht", why,
				ChangeKind.POST_DELETED, version, this.posts.moderationEvidence(post.id(), deleted), () -> {
					this.posts.erase(post.id(), deleted);
					this.reports.resolve(post.id(), Report.Resolution.DELETED, actor.displayName(), now);
				});
		return this.posts.findById(post.id()).orElseThrow();
	}

	/**
	 * The author deletes their own post while nobody has answered it: it is the last post
	 * of its thread (for the opening post: the thread has no replies).
	 */
	public Post deleteOwn(Actor actor, String postId) {
		Post post = readable(actor, postId);
		if (!post.isWrittenBy(actor)) {
			throw new ForumException.Forbidden("post.delete.forbidden");
		}
		if (post.isDeleted()) {
			throw new ForumException.Conflict("post.moderated");
		}
		Thread thread = this.threadService.get(actor, post.id().thread());
		if (post.number() < thread.postCount()) {
			throw new ForumException.Conflict("post.delete.answered");
		}
		Instant now = this.clock.instant();
		long version = this.threads.touch(post.id().thread());
		PostModeration deleted = new PostModeration(PostModeration.State.DELETED, "", actor.displayName(), true, now);
		decide(actor, post, AuditAction.POST_DELETED_BY_AUTHOR, "sichtbar", "gelöscht", "", ChangeKind.POST_DELETED,
				version, this.posts.moderationEvidence(post.id(), deleted), () -> {
					this.posts.erase(post.id(), deleted);
					this.reports.resolve(post.id(), Report.Resolution.DELETED, actor.displayName(), now);
				});
		return this.posts.findById(post.id()).orElseThrow();
	}

	/** The reports of a post were unfounded: they leave the queue, the post stays. */
	public long dismiss(Actor actor, String postId, String reason) {
		requireModerator(actor);
		String why = text(reason, "reason", PostModeration.MAX_REASON, false);
		Post post = readable(actor, postId);
		long open = this.reports.countOpen(post.id());
		if (open == 0) {
			throw new ForumException.Conflict("postReport.none");
		}
		Thread thread = this.threads.findById(post.id().thread()).orElseThrow();
		AuditEntry entry = this.audit.entry(actor, AuditAction.REPORTS_DISMISSED,
				Target.post(post.id().toString(), thread.title()), post.author(), open + " offen", "erledigt", why);
		long[] settled = { 0 };
		this.audit.decide(entry, null, this.reports.resolveEvidence(post.id(), Report.Resolution.DISMISSED, entry.at()),
				() -> {
					settled[0] = this.reports.resolve(post.id(), Report.Resolution.DISMISSED, actor.displayName(),
							entry.at());
					if (settled[0] == 0) {
						// Another moderator settled them meanwhile.
						throw new ForumException.Conflict("postReport.none");
					}
					return null;
				});
		return settled[0];
	}

	/**
	 * Suspends a member for some days: they can read, not write; the reason is shown to
	 * them. Moderators cannot be suspended here (their role comes from the identity
	 * provider).
	 */
	public Suspension suspend(Actor actor, String username, int days, String reason) {
		requireModerator(actor);
		String why = text(reason, "reason", PostModeration.MAX_REASON, true);
		if (days < 1 || days > Suspension.MAX_DAYS) {
			throw new ForumException.Invalid("days", "suspension.days.invalid", Suspension.MAX_DAYS);
		}
		Member member = this.members.findByUsername(username)
			.orElseThrow(() -> new ForumException.NotFound("member.notFound"));
		if (member.asActor().isModerator() || member.id().equals(actor.id())) {
			throw new ForumException.Conflict("suspension.moderator");
		}
		Instant now = this.clock.instant();
		Suspension suspension = new Suspension(member.id(), now.plus(Duration.ofDays(days)), why, actor.displayName(),
				now);
		String before = this.suspensions.find(member.id())
			.filter((s) -> s.isActiveAt(now))
			.map((s) -> "gesperrt bis " + s.until())
			.orElse("aktiv");
		AuditEntry entry = this.audit.entry(actor, AuditAction.MEMBER_SUSPENDED,
				Target.member(member.username(), member.displayName()), member.id(), before,
				"gesperrt bis " + suspension.until(), why);
		ForumChange change = new ForumChange(null, ChangeKind.MEMBER_SUSPENDED, null, 0, null, actor.id().value(), 0,
				now, entry.id());
		this.audit.decide(entry, change, this.suspensions.evidence(suspension, true), () -> {
			this.suspensions.save(suspension);
			return change;
		});
		return suspension;
	}

	public void lift(Actor actor, String username, String reason) {
		requireModerator(actor);
		String why = text(reason, "reason", PostModeration.MAX_REASON, false);
		Member member = this.members.findByUsername(username)
			.orElseThrow(() -> new ForumException.NotFound("member.notFound"));
		Suspension current = activeSuspension(member.id())
			.orElseThrow(() -> new ForumException.Conflict("suspension.none"));
		AuditEntry entry = this.audit.entry(actor, AuditAction.SUSPENSION_LIFTED,
				Target.member(member.username(), member.displayName()), member.id(), "gesperrt bis " + current.until(),
				"aktiv", why);
		this.audit.decide(entry, null, this.suspensions.evidence(current, false), () -> {
			this.suspensions.delete(member.id());
			return null;
		});
	}

	/** The member's suspension if it is in force now. */
	public Optional<Suspension> activeSuspension(MemberId member) {
		Instant now = this.clock.instant();
		return this.suspensions.find(member).filter((s) -> s.isActiveAt(now));
	}

	/**
	 * Brings the thread's flag in line with its opening post when a crash came between
	 * the two writes.
	 * @return whether the flag had to be set
	 */
	private boolean hidesThread(Post opening, boolean hidden) {
		Thread thread = this.threads.findById(opening.id().thread()).orElseThrow();
		if (thread.hidden() == hidden) {
			return false;
		}
		long version = this.threads.setHidden(thread.id(), hidden);
		this.changes.publish(new ForumChange(null, ChangeKind.THREAD_REPAIRED, thread.id().value(), thread.postCount(),
				thread.space().value(), null, version, this.clock.instant()));
		return true;
	}

	private Post readable(Actor actor, String postId) {
		PostId id = PostId.parse(postId);
		this.threadService.get(actor, id.thread());
		return this.posts.findById(id).orElseThrow(() -> new ForumException.NotFound("post.notFound"));
	}

	/**
	 * A decision about a post through the audit trail ({@link AuditTrail#decide}): noted,
	 * written, then its entry and its change, with the thread's {@code version} that the
	 * decision moved before it wrote the post (so that a crash after the post leaves the
	 * search index behind the version, which the index check on the next start catches,
	 * instead of the post's old words findable), or the thread's own if hiding the
	 * opening post moved it further.
	 */
	private void decide(Actor actor, Post post, AuditAction action, String before, String after, String reason,
			ChangeKind kind, long version, WriteEvidence evidence, Runnable write) {
		Thread thread = this.threads.findById(post.id().thread()).orElseThrow();
		AuditEntry entry = this.audit.entry(actor, action, Target.post(post.id().toString(), thread.title()),
				post.author(), before, after, reason);
		ForumChange noted = new ForumChange(null, kind, thread.id().value(), post.number(), thread.space().value(),
				actor.id().value(), version, entry.at(), entry.id());
		this.audit.decide(entry, noted, evidence, () -> {
			write.run();
			Thread now = this.threads.findById(thread.id()).orElse(thread);
			return new ForumChange(null, kind, now.id().value(), post.number(), now.space().value(), actor.id().value(),
					Math.max(version, now.version()), entry.at(), entry.id());
		});
	}

	private static void requireModerator(Actor actor) {
		if (!actor.isModerator()) {
			throw new ForumException.Forbidden("moderation.forbidden");
		}
	}

	private static String text(String value, String field, int max, boolean required) {
		String t = (value != null) ? TextHygiene.strip(value).strip() : "";
		if (required && t.isEmpty()) {
			throw new ForumException.Invalid(field, "moderation.reason.required");
		}
		int length = t.codePointCount(0, t.length());
		if (length > max) {
			throw new ForumException.Invalid(field, "moderation.text.tooLong", max, length);
		}
		return t;
	}

	/**
	 * A post in the review queue.
	 *
	 * @param post the post as stored (moderators see every text)
	 * @param thread its thread
	 * @param reports its open reports, oldest first
	 */
	public record QueueItem(Post post, Thread thread, List<Report> reports) {
	}

}
