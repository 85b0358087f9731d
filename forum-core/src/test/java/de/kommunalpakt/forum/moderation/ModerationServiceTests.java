package de.kommunalpakt.forum.moderation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditLog;
import de.kommunalpakt.forum.audit.AuditQuery;
import de.kommunalpakt.forum.audit.AuditRetention;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.audit.DecisionCheck;
import de.kommunalpakt.forum.audit.PendingDecisions;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.Crash;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.MutableClock;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.ThreadCommands.EditPost;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reports, the review queue, hiding, deleting and suspending, through the real driver
 * against the stand-in, with the audit log and the author's notifications.
 */
class ModerationServiceTests {

	static MongoTestDatabase mongo;

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

	CoreFixture core;

	ThreadService threads;

	ModerationService moderation;

	NotificationService notifications;

	AuditLog audit;

	final Actor author = TestActors.kommune();

	final Actor reader = TestActors.otherKommune();

	final Actor land = TestActors.land();

	final Actor moderator = TestActors.moderator();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase(true);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void setUp() {
		this.core = new CoreFixture(mongo.client(), "m" + System.nanoTime(), this.clock);
		this.core.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
		for (Actor a : List.of(this.author, this.reader, this.land, this.moderator)) {
			this.core.members.recordLogin(a);
		}
		this.threads = this.core.threadService;
		this.moderation = this.core.context.getBean(ModerationService.class);
		this.notifications = this.core.context.getBean(NotificationService.class);
		this.audit = this.core.context.getBean(AuditLog.class);
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	private PostId question(String text) {
		return this.threads.start(this.author, new StartThread("fragen", ThreadType.QUESTION,
				"Wer zahlt den Betrieb des Onlinedienstes?", text, Set.of(), Set.of(), null));
	}

	private List<Notification> inboxOf(Actor actor) throws Exception {
		this.notifications.drain();
		return this.notifications.inbox(actor).items();
	}

	@Test
	void reportReachesTheQueueOnceAndNeverForOnesOwnPost() {
		PostId post = question("Unsere Ansprechpartnerin ist Frau Muster, Telefon 0611 123456.");
		this.moderation.report(this.reader, post.toString(), ReportReason.PERSONAL_DATA, "Telefonnummer");
		this.moderation.report(this.land, post.toString(), ReportReason.OFF_TOPIC, "");

		assertThatThrownBy(
				() -> this.moderation.report(this.reader, post.toString(), ReportReason.WRONG, "noch einmal"))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("postReport.duplicate");
		assertThatThrownBy(() -> this.moderation.report(this.author, post.toString(), ReportReason.WRONG, ""))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> this.moderation.report(this.reader, post.toString(), ReportReason.OTHER, " "))
			.isInstanceOf(ForumException.Invalid.class);

		assertThat(this.moderation.openReports(this.moderator)).isEqualTo(2);
		assertThat(this.moderation.openReports(this.reader)).isZero();
		assertThat(this.moderation.queue(this.moderator)).singleElement().satisfies((item) -> {
			assertThat(item.post().id()).isEqualTo(post);
			assertThat(item.reports()).extracting(Report::reason)
				.containsExactly(ReportReason.PERSONAL_DATA, ReportReason.OFF_TOPIC);
		});
		assertThatThrownBy(() -> this.moderation.queue(this.reader)).isInstanceOf(ForumException.Forbidden.class);
	}

	/**
	 * Settling a report writes the settled copy, then removes the open report; a crash
	 * between the two left the report in the queue and twice in the reporter's export.
	 * The reads now finish the move, and settling again keeps the first resolution.
	 */
	@Test
	void aReportWhoseSettlingStoppedLeavesTheQueueAndIsKeptOnce() {
		PostId post = question("Unsere Ansprechpartnerin ist Frau Muster, Telefon 0611 123456.");
		this.moderation.report(this.reader, post.toString(), ReportReason.PERSONAL_DATA, "Telefonnummer");
		var reports = this.core.context.getBean(com.mongodb.client.MongoDatabase.class).getCollection("post_reports");
		org.bson.Document open = reports.find().first();
		// What the stopped settling wrote before it went: the settled copy.
		reports.insertOne(new org.bson.Document(open).append("_id", open.get("settledId"))
			.append("open", false)
			.append("resolution", "HIDDEN")
			.append("resolvedBy", "Martin Krüger")
			.append("resolvedAt", new java.util.Date()));
		ReportRepository repository = this.core.context.getBean(ReportRepository.class);
		assertThat(repository.byReporter(this.reader.id())).singleElement()
			.satisfies((r) -> assertThat(r.resolution()).isEqualTo(Report.Resolution.HIDDEN));
		assertThat(this.moderation.queue(this.moderator)).isEmpty();
		assertThat(reports.countDocuments()).isEqualTo(1);
		assertThat(this.moderation.openReports(this.moderator)).isZero();

		// Settling again (the moderator's repeated decision) keeps the first resolution.
		this.moderation.report(this.reader, post.toString(), ReportReason.OFF_TOPIC, "");
		org.bson.Document again = reports.find(com.mongodb.client.model.Filters.eq("open", true)).first();
		reports.insertOne(new org.bson.Document(again).append("_id", again.get("settledId"))
			.append("open", false)
			.append("resolution", "HIDDEN")
			.append("resolvedBy", "Martin Krüger")
			.append("resolvedAt", new java.util.Date()));
		assertThat(repository.resolve(post, Report.Resolution.DISMISSED, "Martin Krüger", Instant.now())).isEqualTo(1);
		assertThat(repository.byReporter(this.reader.id())).extracting(Report::resolution)
			.containsExactly(Report.Resolution.HIDDEN, Report.Resolution.HIDDEN);
		assertThat(reports.countDocuments()).isEqualTo(2);
	}

	@Test
	void hiddenPostIsWithheldFromMembersShownToAuthorAndModeratorAndTheAuthorLearnsWhy() throws Exception {
		// A reply: hiding a thread's opening post hides the whole thread (below).
		PostId opening = question("Wer zahlt den Betrieb?");
		PostId post = this.threads.reply(this.author, new Reply(opening.thread().value(),
				"Unsere Ansprechpartnerin ist Frau Muster, Telefon 0611 123456.", null, null));
		this.moderation.report(this.reader, post.toString(), ReportReason.PERSONAL_DATA, "");

		assertThatThrownBy(() -> this.moderation.hide(this.moderator, post.toString(), "  "))
			.isInstanceOf(ForumException.Invalid.class);
		assertThatThrownBy(() -> this.moderation.hide(this.reader, post.toString(), "weil"))
			.isInstanceOf(ForumException.Forbidden.class);
		this.moderation.hide(this.moderator, post.toString(), "Enthält eine private Telefonnummer.");

		Post seenByReader = this.threads.post(this.reader, post.toString());
		assertThat(seenByReader.isHidden()).isTrue();
		assertThat(seenByReader.markdown().source()).doesNotContain("0611");
		assertThat(seenByReader.html().html()).isEmpty();
		assertThat(seenByReader.moderation().reason()).isEqualTo("Enthält eine private Telefonnummer.");
		assertThat(this.threads.open(this.reader, post.thread().value(), 0).posts().get(1).markdown().source())
			.doesNotContain("0611");
		assertThatThrownBy(() -> this.threads.history(this.reader, post.toString()))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThat(this.threads.post(this.author, post.toString()).markdown().source()).contains("0611");
		assertThat(this.threads.post(this.moderator, post.toString()).markdown().source()).contains("0611");
		assertThatThrownBy(
				() -> this.threads.edit(this.author, new EditPost(post.toString(), "Jetzt ohne Nummer", null)))
			.isInstanceOf(ForumException.Conflict.class);

		assertThat(this.moderation.openReports(this.moderator)).isZero();
		assertThat(inboxOf(this.author)).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.POST_HIDDEN);
			assertThat(n.detail()).isEqualTo("Enthält eine private Telefonnummer.");
			assertThat(n.actorName()).isEqualTo("Martin Krüger");
			assertThat(n.postId()).isEqualTo(post.toString());
		});
		assertThat(this.audit.find(AuditQuery.all(), 0, 10).items()).singleElement().satisfies((e) -> {
			assertThat(e.action()).isEqualTo(AuditAction.POST_HIDDEN);
			assertThat(e.actor()).isEqualTo(this.moderator.id());
			assertThat(e.subject()).isEqualTo(this.author.id());
			assertThat(e.targetId()).isEqualTo(post.toString());
			assertThat(e.before()).isEqualTo("sichtbar");
			assertThat(e.after()).isEqualTo("ausgeblendet");
		});

		this.moderation.restore(this.moderator, post.toString(), "Nummer ist die der Dienststelle.");
		assertThat(this.threads.post(this.reader, post.toString()).markdown().source()).contains("0611");
		assertThat(inboxOf(this.author)).extracting(Notification::kind)
			.containsExactly(NotificationKind.POST_RESTORED, NotificationKind.POST_HIDDEN);

		// The opening post hidden: the thread is gone for members, not for its author.
		this.moderation.hide(this.moderator, opening.toString(), "Falscher Bereich.");
		assertThatThrownBy(() -> this.threads.post(this.reader, post.toString()))
			.isInstanceOf(ForumException.NotFound.class);
		assertThat(this.threads.post(this.author, post.toString()).markdown().source()).contains("0611");
	}

	/**
	 * An edit that read the post before a moderator deleted it writes neither the post
	 * nor its history afterwards: the deleted text stays gone.
	 */
	@Test
	void anEditThatReadThePostBeforeItsDeletionBringsNoTextBack() throws Exception {
		PostId opening = question("Frage");
		PostId reply = this.threads.reply(this.reader,
				new Reply(opening.thread().value(), "Erste Fassung mit 0611 123456", null, null));
		Post read = this.core.posts.findById(reply).orElseThrow();
		this.moderation.delete(this.moderator, reply.toString(), "Personenbezogene Daten.");

		this.core.posts.archive(read);
		assertThat(this.core.posts.updateText(reply, read.revision(),
				new de.kommunalpakt.forum.shared.Markdown("Neue Fassung mit 0611 123456"),
				new de.kommunalpakt.forum.shared.SafeHtml("<p>Neue Fassung</p>"), Instant.now(), this.reader.id(),
				this.reader.displayName()))
			.isFalse();
		Post stored = this.core.posts.findById(reply).orElseThrow();
		assertThat(stored.isDeleted()).isTrue();
		assertThat(stored.markdown().source()).isEqualTo(Post.WITHHELD);
		assertThat(this.core.posts.findRevisions(reply, 5)).isEmpty();
		var database = this.core.context.getBean(com.mongodb.client.MongoDatabase.class);
		assertThat(database.getCollection("post_revisions").countDocuments()).isZero();
	}

	@Test
	void deletionErasesTextAndEveryRevisionButKeepsTheNumber() throws Exception {
		PostId opening = question("Frage");
		PostId reply = this.threads.reply(this.reader,
				new Reply(opening.thread().value(), "Erste Fassung mit 0611 123456", null, null));
		this.threads.edit(this.reader, new EditPost(reply.toString(), "Zweite Fassung mit 0611 123456", null));
		assertThat(this.core.posts.findRevisions(reply, 1)).hasSize(2);

		this.moderation.delete(this.moderator, reply.toString(), "Personenbezogene Daten.");

		Post stored = this.core.posts.findById(reply).orElseThrow();
		assertThat(stored.isDeleted()).isTrue();
		assertThat(stored.markdown().source()).isEqualTo(Post.WITHHELD);
		assertThat(stored.html().html()).isEmpty();
		assertThat(this.core.posts.findRevisions(reply, 5)).isEmpty();
		assertThat(this.threads.post(this.moderator, reply.toString()).markdown().source()).doesNotContain("0611");
		assertThat(this.threads.get(this.reader, opening.thread()).postCount()).isEqualTo(2);
		assertThat(inboxOf(this.reader)).extracting(Notification::kind).containsExactly(NotificationKind.POST_DELETED);
		assertThatThrownBy(() -> this.moderation.hide(this.moderator, reply.toString(), "zu spät"))
			.isInstanceOf(ForumException.Conflict.class);
	}

	/**
	 * A decision about a post of a deleted account (its profile gone, its posts kept
	 * under "ehemaliges Mitglied") stores no inbox for it again.
	 */
	@Test
	void aDecisionAboutADeletedMembersPostStoresNoInboxForThem() throws Exception {
		PostId opening = question("Frage");
		PostId reply = this.threads.reply(this.reader, new Reply(opening.thread().value(), "Antwort", null, null));
		var database = this.core.context.getBean(com.mongodb.client.MongoDatabase.class);
		var inbox = com.mongodb.client.model.Filters.eq("_id", this.reader.id().value());
		this.notifications.drain();
		// Deleted as AccountDeletion leaves it: the ledger entry, profile and inbox gone.
		this.core.context.getBean(de.kommunalpakt.forum.member.MemberErasures.class)
			.request(this.reader.id(), List.of(), Instant.now());
		database.getCollection("members").deleteOne(inbox);
		database.getCollection("notification_inbox").deleteOne(inbox);

		this.moderation.hide(this.moderator, reply.toString(), "Werbung.");
		this.moderation.hide(this.moderator, opening.toString(), "Doppelt.");
		this.notifications.drain();

		assertThat(database.getCollection("notification_inbox").countDocuments(inbox)).isZero();
		// The author still here hears of the decision about theirs.
		assertThat(inboxOf(this.author)).extracting(Notification::kind).contains(NotificationKind.POST_HIDDEN);
	}

	/**
	 * Two decisions on one post at once: the author deletes it (or another moderator
	 * does) after a moderator's hide or restore read it as visible or hidden, before that
	 * one wrote. The deletion stays, the later decision is refused and leaves no entry.
	 */
	@Test
	void aHideOrRestoreThatReadThePostBeforeItsDeletionLeavesItDeleted() throws Exception {
		PostId reply = this.threads.reply(this.reader,
				new Reply(question("Frage").thread().value(), "Vorschnell", null, null));
		PostId other = this.threads.reply(this.land,
				new Reply(question("Frage").thread().value(), "Werbung", null, null));
		this.moderation.hide(this.moderator, other.toString(), "Werbung.");
		long before = this.audit.find(AuditQuery.all(), 0, 1).total();

		assertThatThrownBy(() -> deletingFirst(this.reader).hide(this.moderator, reply.toString(), "Zu scharf."))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> deletingFirst(this.moderator).restore(this.moderator, other.toString(), "Versehen."))
			.isInstanceOf(ForumException.Conflict.class);

		assertThat(this.core.posts.findById(reply).orElseThrow().isDeleted()).isTrue();
		assertThat(this.core.posts.findById(other).orElseThrow().isDeleted()).isTrue();
		// Only the two deletions are in the audit log, not the refused decisions.
		assertThat(this.audit.find(AuditQuery.all(), 0, 10).items()).extracting(AuditEntry::action)
			.startsWith(AuditAction.POST_DELETED, AuditAction.POST_DELETED_BY_AUTHOR);
		assertThat(this.audit.find(AuditQuery.all(), 0, 1).total()).isEqualTo(before + 2);
	}

	/**
	 * A moderation service whose first write of a post's state lets a deletion by
	 * {@code deleting} land first (as the author's own or another moderator's).
	 */
	private ModerationService deletingFirst(Actor deleting) {
		var context = this.core.context;
		PostRepository real = this.core.posts;
		PostRepository posts = (PostRepository) Proxy.newProxyInstance(PostRepository.class.getClassLoader(),
				new Class<?>[] { PostRepository.class }, (proxy, method, args) -> {
					if (method.getName().equals("setModeration")) {
						PostId id = (PostId) args[0];
						if (deleting.isModerator()) {
							this.moderation.delete(deleting, id.toString(), "Doch löschen.");
						}
						else {
							this.moderation.deleteOwn(deleting, id.toString());
						}
					}
					try {
						return method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		return new ModerationService(this.threads, context.getBean(ThreadRepository.class), posts, this.core.members,
				context.getBean(ReportRepository.class), context.getBean(SuspensionRepository.class),
				context.getBean(AuditTrail.class), context.getBean(ChangePublisher.class), this.clock);
	}

	@Test
	void authorDeletesOwnPostOnlyWhileNobodyAnswered() throws Exception {
		PostId opening = question("Frage");
		PostId reply = this.threads.reply(this.reader, new Reply(opening.thread().value(), "Vorschnell", null, null));
		assertThatThrownBy(() -> this.moderation.deleteOwn(this.author, opening.toString()))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("post.delete.answered");
		assertThatThrownBy(() -> this.moderation.deleteOwn(this.land, reply.toString()))
			.isInstanceOf(ForumException.Forbidden.class);

		this.moderation.deleteOwn(this.reader, reply.toString());

		Post gone = this.threads.post(this.author, reply.toString());
		assertThat(gone.isDeleted()).isTrue();
		assertThat(gone.moderation().byAuthor()).isTrue();
		assertThat(this.audit.find(new AuditQuery(AuditAction.POST_DELETED_BY_AUTHOR, null, null, null, null), 0, 5)
			.items()).hasSize(1);
		// Nobody is told of their own deletion.
		assertThat(inboxOf(this.reader)).isEmpty();
	}

	/**
	 * A crash right after a decision's write (the process stops: here an {@link Error}
	 * that nothing catches, thrown by the store after it wrote) left the decision without
	 * its audit entry, and the member concerned without the notification; the decision
	 * could not be made again, the state having changed. The next start finishes it. A
	 * crash before the write leaves nothing behind.
	 */
	@Test
	void aDecisionInterruptedAfterItsWriteIsFinishedOnTheNextStart() throws Exception {
		String thread = question("Wer zahlt den Betrieb?").thread().value();
		PostId hidden = this.threads.reply(this.author,
				new Reply(thread, "Unsere Ansprechpartnerin ist Frau Muster, Telefon 0611 123456.", null, null));
		PostId deleted = this.threads.reply(this.reader, new Reply(thread, "Eine Antwort mit Werbung.", null, null));
		PostId dismissed = this.threads.reply(this.land,
				new Reply(thread, "Das Land Hessen trägt den Betrieb.", null, null));
		PostId untouched = this.threads.reply(this.land, new Reply(thread, "Nachtrag: bis Ende 2027.", null, null));
		this.moderation.report(this.reader, dismissed.toString(), ReportReason.WRONG, "Stimmt nicht.");
		this.moderation.suspend(this.moderator, "hessen", 2, "Werbung.");
		this.notifications.drain();
		long before = this.audit.find(AuditQuery.all(), 0, 1).total();

		ModerationService crashingAfter = crashing(true);
		assertThatThrownBy(() -> crashingAfter.hide(this.moderator, hidden.toString(), "Private Telefonnummer."))
			.isInstanceOf(Crash.class);
		assertThatThrownBy(() -> crashingAfter.delete(this.moderator, deleted.toString(), "Werbung."))
			.isInstanceOf(Crash.class);
		assertThatThrownBy(() -> crashingAfter.dismiss(this.moderator, dismissed.toString(), "Ist richtig."))
			.isInstanceOf(Crash.class);
		assertThatThrownBy(() -> crashingAfter.suspend(this.moderator, "koeln", 3, "Wiederholt Werbung."))
			.isInstanceOf(Crash.class);
		assertThatThrownBy(() -> crashingAfter.lift(this.moderator, "hessen", "Versehen.")).isInstanceOf(Crash.class);
		assertThatThrownBy(() -> crashing(false).hide(this.moderator, untouched.toString(), "Nie geschrieben."))
			.isInstanceOf(Crash.class);
		// What the crash left: the writes, without entries; a retry is refused.
		assertThat(this.core.posts.findById(hidden).orElseThrow().isHidden()).isTrue();
		assertThat(this.core.posts.findById(deleted).orElseThrow().isDeleted()).isTrue();
		assertThat(this.moderation.activeSuspension(this.reader.id())).isPresent();
		assertThat(this.audit.find(AuditQuery.all(), 0, 1).total()).isEqualTo(before);
		assertThatThrownBy(() -> this.moderation.hide(this.moderator, hidden.toString(), "Noch einmal."))
			.isInstanceOf(ForumException.Conflict.class);

		// The periodic sweep leaves notes this young alone: they may be in flight.
		assertThat(this.core.context.getBean(DecisionCheck.class).sweep()).isZero();
		assertThat(this.core.context.getBean(PendingDecisions.class).notedBefore(Instant.now().plusSeconds(1)))
			.hasSize(6);
		int finished = this.core.context.getBean(DecisionCheck.class).finishInterrupted(Instant.now().plusSeconds(1));

		assertThat(finished).isEqualTo(5);
		assertThat(this.audit.find(AuditQuery.all(), 0, 20).items()).extracting(AuditEntry::action, AuditEntry::reason)
			.contains(tuple(AuditAction.POST_HIDDEN, "Private Telefonnummer."),
					tuple(AuditAction.POST_DELETED, "Werbung."), tuple(AuditAction.REPORTS_DISMISSED, "Ist richtig."),
					tuple(AuditAction.MEMBER_SUSPENDED, "Wiederholt Werbung."),
					tuple(AuditAction.SUSPENSION_LIFTED, "Versehen."))
			.doesNotContain(tuple(AuditAction.POST_HIDDEN, "Nie geschrieben."));
		assertThat(this.audit.find(AuditQuery.all(), 0, 1).total()).isEqualTo(before + 5);
		assertThat(this.core.posts.findById(untouched).orElseThrow().isVisible()).isTrue();
		assertThat(inboxOf(this.author)).extracting(Notification::kind, Notification::detail)
			.contains(tuple(NotificationKind.POST_HIDDEN, "Private Telefonnummer."));
		assertThat(inboxOf(this.reader)).extracting(Notification::kind, Notification::detail)
			.contains(tuple(NotificationKind.POST_DELETED, "Werbung."),
					tuple(NotificationKind.SUSPENDED, "Wiederholt Werbung."));
		assertThat(this.moderation.openReports(this.moderator)).isZero();
		// Nothing is left to finish, and nothing is done twice.
		assertThat(this.core.context.getBean(DecisionCheck.class).finishInterrupted(Instant.now().plusSeconds(1)))
			.isZero();
		assertThat(this.audit.find(AuditQuery.all(), 0, 1).total()).isEqualTo(before + 5);
		assertThat(inboxOf(this.reader)).filteredOn((n) -> n.kind() == NotificationKind.SUSPENDED).hasSize(1);
	}

	/** Stops like a crash right after ({@code after}) or right before each write. */
	private ModerationService crashing(boolean after) {
		Set<String> writes = Set.of("setModeration", "erase", "resolve", "save", "delete");
		var context = this.core.context;
		return new ModerationService(this.threads, context.getBean(ThreadRepository.class),
				crashing(PostRepository.class, this.core.posts, writes, after), this.core.members,
				crashing(ReportRepository.class, context.getBean(ReportRepository.class), writes, after),
				crashing(SuspensionRepository.class, context.getBean(SuspensionRepository.class), writes, after),
				context.getBean(AuditTrail.class), context.getBean(ChangePublisher.class), this.clock);
	}

	@SuppressWarnings("unchecked")
	private static <T> T crashing(Class<T> type, T real, Set<String> writes, boolean after) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			boolean write = writes.contains(method.getName());
			if (write && !after) {
				throw new Crash();
			}
			Object result;
			try {
				result = method.invoke(real, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
			if (write) {
				throw new Crash();
			}
			return result;
		});
	}

	@Test
	void suspensionEndsOnItsDayAndTheMemberLearnsWhy() throws Exception {
		assertThatThrownBy(() -> this.moderation.suspend(this.moderator, "dstgb", 3, "selbst"))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> this.moderation.suspend(this.moderator, "koeln", 0, "zu kurz"))
			.isInstanceOf(ForumException.Invalid.class);
		assertThatThrownBy(() -> this.moderation.suspend(this.land, "koeln", 3, "kein Recht"))
			.isInstanceOf(ForumException.Forbidden.class);

		Suspension s = this.moderation.suspend(this.moderator, "koeln", 3, "Wiederholt Werbung gepostet.");
		assertThat(s.until()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
		assertThat(this.moderation.activeSuspension(this.reader.id())).isPresent();
		assertThat(inboxOf(this.reader)).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.SUSPENDED);
			assertThat(n.detail()).isEqualTo("Wiederholt Werbung gepostet.");
		});

		this.clock.advance(Duration.ofDays(3));
		assertThat(this.moderation.activeSuspension(this.reader.id())).isEmpty();
	}

	@Test
	void auditEntriesOutliveTheChangeLogAndGoAfterTheirOwnRetention() {
		PostId post = question("Text");
		this.moderation.hide(this.moderator, post.toString(), "Test");
		AuditRetention retention = this.core.context.getBean(AuditRetention.class);
		assertThat(retention.retention()).isEqualTo(Duration.ofDays(730));

		this.clock.advance(Duration.ofDays(400));
		assertThat(retention.prune()).isZero();
		this.clock.advance(Duration.ofDays(331));
		assertThat(retention.prune()).isEqualTo(1);
		assertThat(this.audit.find(AuditQuery.all(), 0, 10).items()).isEmpty();
	}

	@Test
	void auditLogFiltersByActionActorAndTarget() {
		PostId post = question("Text");
		this.moderation.report(this.reader, post.toString(), ReportReason.WRONG, "");
		this.moderation.dismiss(this.moderator, post.toString(), "Stimmt so.");
		this.moderation.suspend(this.moderator, "koeln", 1, "Test");

		assertThat(this.audit.find(AuditQuery.all(), 0, 10).items()).extracting(AuditEntry::action)
			.containsExactly(AuditAction.MEMBER_SUSPENDED, AuditAction.REPORTS_DISMISSED);
		assertThat(this.audit.find(new AuditQuery(null, "krüger", post.toString(), null, null), 0, 10).items())
			.extracting(AuditEntry::action)
			.containsExactly(AuditAction.REPORTS_DISMISSED);
		assertThat(this.audit.find(new AuditQuery(null, "niemand", null, null, null), 0, 10).total()).isZero();
	}

}
