package de.kommunalpakt.forum.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import de.kommunalpakt.forum.audit.AuditLog;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.moderation.ReportRepository;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelRepository;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.stereotype.Service;

/**
 * The member's own data. The export reads every collection that holds something about
 * them; the scans it needs (posts by author, reports by reporter, audit entries) are fine
 * for a rare download and are indexed in production.
 */
@Service
public class AccountService {

	private final MemberRepository members;

	private final PostRepository posts;

	private final ThreadRepository threads;

	private final ReportRepository reports;

	private final NotificationService notifications;

	private final AuditLog audit;

	private final ModerationService moderation;

	private final ReuseModelRepository reuseModels;

	private final de.kommunalpakt.forum.landreport.ReportRepository landReports;

	private final Clock clock;

	public AccountService(MemberRepository members, PostRepository posts, ThreadRepository threads,
			ReportRepository reports, NotificationService notifications, AuditLog audit, ModerationService moderation,
			ReuseModelRepository reuseModels, de.kommunalpakt.forum.landreport.ReportRepository landReports,
			Clock clock) {
		this.reuseModels = reuseModels;
		this.landReports = landReports;
		this.members = members;
		this.posts = posts;
		this.threads = threads;
		this.reports = reports;
		this.notifications = notifications;
		this.audit = audit;
		this.moderation = moderation;
		this.clock = clock;
	}

	/** Everything about the actor (Art. 15 and 20 GDPR). */
	public AccountData export(Actor actor) {
		Member member = this.members.findById(actor.id()).orElseGet(() -> Member.from(actor, this.clock.instant()));
		List<Post> own = new ArrayList<>(this.posts.findByAuthor(actor.id()));
		own.sort(Comparator.comparing(Post::createdAt));
		Map<String, String> titles = this.threads
			.findAllById(own.stream().map((p) -> p.id().thread()).distinct().toList())
			.stream()
			.collect(Collectors.toMap((t) -> t.id().value(), Thread::title, (a, b) -> a));
		List<AccountData.WrittenPost> written = own.stream()
			.map((p) -> new AccountData.WrittenPost(titles.getOrDefault(p.id().thread().value(), ""), p,
					(p.revision() > 0 && !p.isDeleted()) ? this.posts.findRevisions(p.id(), p.revision()) : List.of()))
			.toList();
		return new AccountData(this.clock.instant(), member, written, this.reports.byReporter(actor.id()),
				this.notifications.watchSettings(actor), this.notifications.inbox(actor).items(),
				this.audit.involving(actor.id()), this.moderation.activeSuspension(actor.id()).orElse(null),
				reuseModelEdits(actor), landReports(actor, member));
	}

	/** Every stored version of a reuse model that the actor wrote (at most 16 models). */
	private List<ReuseModelVersion> reuseModelEdits(Actor actor) {
		List<ReuseModelVersion> edits = new ArrayList<>();
		for (ReuseModel model : this.reuseModels.findAll()) {
			this.reuseModels.findVersions(model.land(), model.version())
				.stream()
				.filter((v) -> actor.id().equals(v.author()))
				.forEach(edits::add);
		}
		edits.sort(Comparator.comparing(ReuseModelVersion::at));
		return edits;
	}

	/**
	 * The Land reports the actor last edited or submitted; a report keeps the names of
	 * those two people only, so it is found by name.
	 */
	private List<LandReport> landReports(Actor actor, Member member) {
		List<String> names = List.of(actor.displayName(), member.displayName());
		List<LandReport> found = new ArrayList<>();
		for (ReportingRound round : this.landReports.findRounds()) {
			this.landReports.findReports(round.id())
				.stream()
				// A draft has no one who submitted it (null, which List.of's contains
				// refuses).
				.filter((r) -> r.updatedByName() != null && names.contains(r.updatedByName())
						|| r.submittedByName() != null && names.contains(r.submittedByName()))
				.forEach(found::add);
		}
		return found;
	}

}
