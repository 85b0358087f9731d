package de.kommunalpakt.forum.notification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.audit.AuditLog;
import de.kommunalpakt.forum.changes.ChangeCheckpoints;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangeReader;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.pilot.PilotApplicationRepository;
import de.kommunalpakt.forum.pilot.StatusChange;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.shared.PassWorker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Turns accepted writes into notifications and keeps the inboxes.
 *
 * <p>
 * The source is the change log, read from a checkpoint stored in MongoDB (reader
 * {@value #READER}), as search indexing does: a change that was logged but not yet
 * delivered when the application stopped or crashed is delivered after the next start (or
 * by another instance), and nothing waits in memory only. Each notification's id is the
 * change's id, and an inbox takes an id once, so a change handled again after a crash
 * (inbox written, checkpoint not yet moved) notifies nobody twice. Reading runs on one
 * background thread, so posting never waits for it; a change announced in this instance
 * only wakes it early, and a poll every second picks up the other instances' writes. Who
 * is told:
 * <ul>
 * <li>a reply: the thread's author (unless muted) and the thread's watchers;</li>
 * <li>a new thread: the watchers of its space, its tags and its Länder (a mute on the
 * space wins);</li>
 * <li>{@code @username} in a new post: that member, if they may read the space;</li>
 * <li>an accepted answer: the answer's author, and the asker if a moderator chose;</li>
 * <li>moderation (close, lock, pin, move, an edit by someone else): the author;</li>
 * <li>a review step of a First Mover application: the members of the municipality;</li>
 * <li>a post hidden, shown again or deleted, a suspension: the member concerned, with the
 * reason from the audit entry the change names.</li>
 * </ul>
 * Nobody is notified of their own action.
 */
@Service
public class NotificationService implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

	/** The name of this reader's checkpoint. */
	static final String READER = "notifications";

	/** {@code @username} at the start or after a non-word character, not in an e-mail. */
	static final Pattern MENTION = Pattern.compile("(?<![\\w@.])@([a-z0-9][a-z0-9._-]{1,39})",
			Pattern.CASE_INSENSITIVE);

	private static final int MAX_MENTIONS = 20;

	/** The least time between two passes over the log. */
	private static final Duration PASS_INTERVAL = Duration.ofMillis(100);

	private final InboxRepository inboxes;

	private final WatchRepository watches;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final SpaceRepository spaces;

	private final MemberRepository members;

	private final ObjectProvider<PilotApplicationRepository> pilots;

	private final ChangeReader reader;

	private final ObjectProvider<AuditLog> audit;

	private final ObjectProvider<MemberErasures> erasures;

	/** The one thread that delivers. */
	private final PassWorker worker = new PassWorker("notifications", this::spacePasses, () -> {
		if (System.currentTimeMillis() >= this.backoffUntil) {
			pass();
		}
	});

	private volatile boolean running;

	private volatile long backoffUntil;

	/** When the last pass ended (nanoTime; worker thread only). */
	private long lastPass = System.nanoTime() - PASS_INTERVAL.toNanos();

	public NotificationService(InboxRepository inboxes, WatchRepository watches, ThreadRepository threads,
			PostRepository posts, SpaceRepository spaces, MemberRepository members, ChangeLog changes,
			ChangeCheckpoints checkpoints, ObjectProvider<PilotApplicationRepository> pilots,
			ObjectProvider<AuditLog> audit, ObjectProvider<MemberErasures> erasures) {
		this.pilots = pilots;
		this.audit = audit;
		this.erasures = erasures;
		this.inboxes = inboxes;
		this.watches = watches;
		this.threads = threads;
		this.posts = posts;
		this.spaces = spaces;
		this.members = members;
		this.reader = new ChangeReader(READER, changes, checkpoints, Duration.ofSeconds(5));
	}

	/**
	 * Changes not yet turned into notifications, counted up to {@code cap} (for the
	 * operations metrics).
	 */
	public int backlog(int cap) {
		return this.reader.backlog(cap);
	}

	/** A write in this instance: deliver now rather than at the next poll. */
	@EventListener
	public void on(ForumChange change) {
		wake();
	}

	/** Other instances' writes, and retries after a failure. */
	@Scheduled(fixedDelay = 1000)
	public void poll() {
		wake();
	}

	private void wake() {
		this.worker.wake();
	}

	/**
	 * Under a stream of writes every wake-up would start a pass, and each pass reads the
	 * log by {@code _id} range (a scan on the stand-in, about 70 ms at 100,000 changes):
	 * one pass per {@link #PASS_INTERVAL} at most, the wake-ups meanwhile join it.
	 */
	private void spacePasses() {
		long wait = this.lastPass + PASS_INTERVAL.toNanos() - System.nanoTime();
		if (wait > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			catch (InterruptedException ex) {
				java.lang.Thread.currentThread().interrupt();
			}
		}
	}

	private void pass() {
		try {
			this.reader.read(this::deliver, () -> this.running);
			this.backoffUntil = 0;
		}
		catch (RuntimeException ex) {
			// The database refused: the checkpoint stays, and the next pass tries again.
			this.backoffUntil = System.currentTimeMillis() + 2000;
			log.warn("Benachrichtigungen pausieren, neuer Versuch in 2 s: {}", ex.toString());
		}
		finally {
			this.lastPass = System.nanoTime();
		}
	}

	/**
	 * Delivers everything the change log holds so far and waits for it (tests, tools).
	 */
	public void drain() throws Exception {
		this.worker.runAndWait(this::pass, Duration.ofSeconds(30));
	}

	/** Starts before the web server, so no write can come before the checkpoint. */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public void start() {
		this.reader.open();
		this.running = true;
		this.worker.start();
	}

	/**
	 * Finishes the change in hand and stops; what is left stays in the change log for the
	 * next start or another instance.
	 */
	@Override
	public void stop() {
		this.running = false;
		if (!this.worker.stop(Duration.ofSeconds(10))) {
			log.warn("Benachrichtigungen: Zustellung beim Beenden nach 10 s abgebrochen");
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A change whose thread is gone (the domain refuses it) is skipped; one the code
	 * cannot handle (a bug, or data it does not expect) is skipped with an error: trying
	 * it again would hold up everyone's notifications for good. Anything else (the
	 * database refusing, a full disk, an inbox too busy) leaves the change for the next
	 * pass, however long that takes.
	 */
	private void deliver(ForumChange change) {
		try {
			if (change.kind() == ChangeKind.PILOT_CHANGED) {
				pilotStep(change);
			}
			else if (MODERATION_KINDS.containsKey(change.kind())) {
				moderationStep(change);
			}
			else if (change.threadId() != null) {
				notify(change);
			}
		}
		catch (de.kommunalpakt.forum.shared.ForumException ex) {
			// The domain's answer, not a passing failure: the thread is gone or no longer
			// readable. Asking again gives the same answer and would hold up everyone's
			// notifications behind this change.
			log.info("Benachrichtigungen zu {} entfallen: {}", change.id(), ex.getMessage());
		}
		catch (NullPointerException | IllegalArgumentException | ClassCastException | IndexOutOfBoundsException ex) {
			log.error("Benachrichtigungen zu {} übersprungen", change.id(), ex);
		}
	}

	/**
	 * Each review step of a First Mover application reaches the members of the
	 * municipality (not the reviewer who made it); the submission itself tells nobody.
	 * The change names the application and its version, so the step is read from the
	 * application's history.
	 */
	private void pilotStep(ForumChange change) {
		PilotApplicationRepository repository = this.pilots.getIfAvailable();
		if (repository == null || change.subjectId() == null) {
			return;
		}
		repository.findById(change.subjectId()).ifPresent((application) -> {
			int step = (int) change.threadVersion() - 1;
			if (step < 1 || step >= application.history().size()) {
				return;
			}
			StatusChange made = application.history().get(step);
			Notification note = new Notification(change.id(), NotificationKind.PILOT_STATUS, application.id(), 0,
					application.subjectName(), made.actorName(), made.to().name(), change.at(), false);
			Set<MemberId> recipients = new LinkedHashSet<>();
			recipients.add(application.submittedBy());
			this.members.findByOrganisation(application.municipality()).forEach((m) -> recipients.add(m.id()));
			recipients.remove(made.actor());
			// A deleted account gets no inbox again.
			recipients.removeAll(erased(recipients));
			recipients.forEach((member) -> this.inboxes.add(member, note));
		});
	}

	/** The deleted accounts among {@code members}. */
	private Set<MemberId> erased(Set<MemberId> members) {
		MemberErasures ledger = this.erasures.getIfAvailable();
		return (ledger != null) ? ledger.erasedAmong(members) : Set.of();
	}

	private static final Map<ChangeKind, NotificationKind> MODERATION_KINDS = Map.of(ChangeKind.POST_HIDDEN,
			NotificationKind.POST_HIDDEN, ChangeKind.POST_RESTORED, NotificationKind.POST_RESTORED,
			ChangeKind.POST_DELETED, NotificationKind.POST_DELETED, ChangeKind.MEMBER_SUSPENDED,
			NotificationKind.SUSPENDED);

	/**
	 * A moderation decision reaches the member it concerns (not a moderator acting on
	 * their own post, not an author deleting their own), with the reason; the change
	 * names the audit entry that holds both.
	 */
	private void moderationStep(ForumChange change) {
		AuditLog log = this.audit.getIfAvailable();
		if (log == null || change.subjectId() == null) {
			return;
		}
		log.findById(change.subjectId()).ifPresent((entry) -> {
			if (entry.subject() == null || entry.subject().equals(entry.actor())
					|| !erased(Set.of(entry.subject())).isEmpty()) {
				// Not the actor's own post; and a deleted account gets no inbox again.
				return;
			}
			String about = (change.threadId() != null) ? change.threadId() : entry.id();
			Notification note = new Notification(change.id(), MODERATION_KINDS.get(change.kind()), about,
					change.postNumber(), entry.targetLabel(), entry.actorName(), entry.reason(), change.at(), false);
			this.inboxes.add(entry.subject(), note);
		});
	}

	/**
	 * The actor's notifications. Lines about a thread the moderation hid since (its
	 * opening post) are left out for everyone but moderators and its author, so its title
	 * shows nowhere else; the decision about one's own post is kept.
	 */
	public Inbox inbox(Actor actor) {
		Inbox inbox = this.inboxes.find(actor.id()).orElseGet(() -> Inbox.empty(actor.id()));
		if (actor.isModerator() || inbox.items().isEmpty()) {
			return inbox;
		}
		Set<ThreadId> about = new LinkedHashSet<>();
		for (Notification n : inbox.items()) {
			if (n.threadId() != null && !MODERATION_KINDS.containsValue(n.kind())) {
				try {
					about.add(new ThreadId(n.threadId()));
				}
				catch (de.kommunalpakt.forum.shared.ForumException ex) {
					// Not a thread id (a First-Mover application).
				}
			}
		}
		if (about.isEmpty()) {
			return inbox;
		}
		Set<String> hidden = new java.util.HashSet<>();
		this.threads.findAllById(about)
			.stream()
			.filter((t) -> !ThreadService.isShownTo(t, actor))
			.forEach((t) -> hidden.add(t.id().value()));
		if (hidden.isEmpty()) {
			return inbox;
		}
		return new Inbox(inbox.member(),
				inbox.items()
					.stream()
					.filter((n) -> MODERATION_KINDS.containsValue(n.kind()) || !hidden.contains(n.threadId()))
					.toList(),
				inbox.version());
	}

	/**
	 * The counter in every page's header: may come from a cache that every write to the
	 * inbox drops (through this instance at once, through others by change stream).
	 */
	public long headerCount(Actor actor) {
		return this.inboxes.unread(actor.id());
	}

	public long unread(Actor actor) {
		return unread(actor.id());
	}

	/**
	 * Read from the inbox itself, as every caller but the page header needs it: a live
	 * push follows a change of the inbox that the cache may not have seen yet.
	 */
	public long unread(MemberId member) {
		return this.inboxes.find(member).map(Inbox::unread).orElse(0L);
	}

	public Inbox markAllRead(Actor actor) {
		return update(actor.id(), Inbox::markAllRead);
	}

	/**
	 * Removes every notification about a thread or First-Mover application from every
	 * inbox (the demo's reset, after the subject itself is gone).
	 */
	public void forget(String threadId) {
		for (MemberId member : this.inboxes.membersNotifiedAbout(threadId)) {
			update(member, (inbox) -> inbox.withoutThread(threadId));
		}
	}

	public Inbox markRead(Actor actor, String notificationId) {
		return update(actor.id(), (inbox) -> inbox.markRead(notificationId));
	}

	public Map<String, WatchLevel> watchSettings(Actor actor) {
		return this.watches.settings(actor.id());
	}

	/** The level that applies to this member for one target (default NORMAL). */
	public WatchLevel level(Actor actor, WatchTarget target) {
		return this.watches.settings(actor.id()).getOrDefault(target.key(), WatchLevel.NORMAL);
	}

	/**
	 * Sets the actor's level for a target they may see. Resetting to NORMAL needs no such
	 * check: it only removes a setting, also one for a thread or space gone or closed to
	 * the actor since (the settings page offers exactly that).
	 */
	public void watch(Actor actor, WatchTarget target, WatchLevel level) {
		if (level == WatchLevel.NORMAL) {
			this.watches.set(actor.id(), target, level);
			return;
		}
		switch (target.type()) {
			case SPACE -> this.spaces.findById(new SpaceId(target.value()))
				.filter((s) -> s.readableBy(actor))
				.orElseThrow(() -> new ForumException.NotFound("space.notFound"));
			case THREAD -> {
				Thread thread = this.threads.findById(new ThreadId(target.value()))
					.orElseThrow(() -> new ForumException.NotFound("thread.notFound"));
				this.spaces.findById(thread.space())
					.filter((s) -> s.readableBy(actor))
					.orElseThrow(() -> new ForumException.NotFound("thread.notFound"));
			}
			case TAG -> {
				if (!target.value().matches("[\\p{L}0-9][\\p{L}0-9-]{0,39}")) {
					throw new ForumException.Invalid("tag", "watch.tag.invalid");
				}
			}
			case LAND -> {
				if (de.kommunalpakt.forum.organisation.LandCode.parse(target.value()).isEmpty()) {
					throw new ForumException.Invalid("land", "watch.land.invalid");
				}
			}
		}
		this.watches.set(actor.id(), target, level);
	}

	private Inbox update(MemberId member, java.util.function.UnaryOperator<Inbox> change) {
		for (int attempt = 0; attempt < 10; attempt++) {
			Inbox before = this.inboxes.find(member).orElseGet(() -> Inbox.empty(member));
			Inbox after = change.apply(before);
			if (after == before || after.items().equals(before.items()) && before.version() > 0) {
				return before;
			}
			if (this.inboxes.save(after)) {
				return new Inbox(after.member(), after.items(), after.version() + 1);
			}
		}
		throw new ForumException.Conflict("notification.busy");
	}

	void notify(ForumChange change) {
		recipients(change).forEach(this.inboxes::add);
	}

	/**
	 * Who is told of a change about a thread, and what: the same rules for the inbox and
	 * for mail (which reads the change log on its own). Only members who may read the
	 * space now, never the actor. Reads the database; changes nothing.
	 */
	public Map<MemberId, Notification> recipients(ForumChange change) {
		if (change.threadId() == null) {
			return Map.of();
		}
		Optional<Thread> found = this.threads.findById(new ThreadId(change.threadId()));
		if (found.isEmpty()) {
			return Map.of();
		}
		Thread thread = found.get();
		Space space = this.spaces.findById(thread.space()).orElse(null);
		if (space == null) {
			return Map.of();
		}
		MemberId actorId = (change.actorId() != null) ? new MemberId(change.actorId()) : null;
		Map<MemberId, Notification> out = new LinkedHashMap<>();
		String actorName = (actorId != null) ? this.members.findById(actorId).map(Member::displayName).orElse("") : "";
		ChangeKind kind = change.kind();
		switch (kind) {
			case REPLY_POSTED -> {
				Map<MemberId, WatchLevel> threadWatchers = watchersOf(WatchTarget.thread(thread.id().value()));
				if (threadWatchers.get(thread.author()) != WatchLevel.MUTE) {
					out.put(thread.author(), note(change, NotificationKind.REPLY, thread, actorName, ""));
				}
				threadWatchers.forEach((member, level) -> {
					if (level == WatchLevel.WATCH) {
						out.putIfAbsent(member, note(change, NotificationKind.WATCHED_REPLY, thread, actorName, ""));
					}
				});
				mentions(change, thread, actorName, out);
			}
			case THREAD_STARTED -> {
				List<WatchTarget> targets = new ArrayList<>();
				targets.add(WatchTarget.space(thread.space().value()));
				thread.tags().forEach((t) -> targets.add(WatchTarget.tag(t)));
				thread.lands().forEach((l) -> targets.add(WatchTarget.land(l.name())));
				Map<String, Map<MemberId, WatchLevel>> watchers = this.watches.watchers(targets);
				Map<MemberId, WatchLevel> spaceLevels = watchers.getOrDefault(targets.get(0).key(), Map.of());
				watchers.values().forEach((levels) -> levels.forEach((member, level) -> {
					if (level == WatchLevel.WATCH && spaceLevels.get(member) != WatchLevel.MUTE) {
						out.putIfAbsent(member, note(change, NotificationKind.NEW_THREAD, thread, actorName, ""));
					}
				}));
				mentions(change, thread, actorName, out);
			}
			case ANSWER_ACCEPTED -> {
				if (thread.acceptedAnswer() != null) {
					this.posts.findById(new PostId(thread.id(), thread.acceptedAnswer()))
						.ifPresent((answer) -> out.put(answer.author(), noteAt(change, NotificationKind.ACCEPTED,
								thread, answer.id().number(), actorName, "answer")));
					out.putIfAbsent(thread.author(), noteAt(change, NotificationKind.ACCEPTED, thread,
							thread.acceptedAnswer(), actorName, "question"));
				}
			}
			case THREAD_CLOSED, THREAD_REOPENED, THREAD_LOCKED, THREAD_PINNED, THREAD_UNPINNED, THREAD_MOVED -> out
				.put(thread.author(), noteAt(change, NotificationKind.MODERATION, thread, 1, actorName, kind.name()));
			case POST_EDITED -> this.posts.findById(new PostId(thread.id(), change.postNumber()))
				.ifPresent((post) -> out.put(post.author(),
						note(change, NotificationKind.MODERATION, thread, actorName, kind.name())));
			default -> {
				return Map.of();
			}
		}
		if (actorId != null) {
			out.remove(actorId);
		}
		if (out.isEmpty()) {
			return Map.of();
		}
		Map<MemberId, Member> recipients = new LinkedHashMap<>();
		this.members.findAllById(out.keySet()).forEach((m) -> recipients.put(m.id(), m));
		Map<MemberId, Notification> readable = new LinkedHashMap<>();
		out.forEach((member, notification) -> {
			Member m = recipients.get(member);
			if (m != null && space.readableBy(m.asActor()) && ThreadService.isShownTo(thread, m.asActor())) {
				readable.put(member, notification);
			}
		});
		return readable;
	}

	private Map<MemberId, WatchLevel> watchersOf(WatchTarget target) {
		return this.watches.watchers(List.of(target)).getOrDefault(target.key(), Map.of());
	}

	private void mentions(ForumChange change, Thread thread, String actorName, Map<MemberId, Notification> out) {
		Post post = this.posts.findById(new PostId(thread.id(), Math.max(1, change.postNumber()))).orElse(null);
		if (post == null) {
			return;
		}
		for (String username : mentionedUsernames(post.markdown().source())) {
			this.members.findByUsername(username)
				.ifPresent((m) -> out.put(m.id(), note(change, NotificationKind.MENTION, thread, actorName, "")));
		}
	}

	/** The user names mentioned in a Markdown text, outside code, at most 20. */
	static Set<String> mentionedUsernames(String markdown) {
		String text = markdown.replaceAll("(?s)```.*?```", " ").replaceAll("`[^`\n]*`", " ");
		Set<String> names = new LinkedHashSet<>();
		Matcher m = MENTION.matcher(text);
		while (m.find() && names.size() < MAX_MENTIONS) {
			String name = m.group(1).replaceAll("[._-]+$", "");
			if (name.length() >= 2) {
				names.add(name.toLowerCase(Locale.ROOT));
			}
		}
		return names;
	}

	private Notification note(ForumChange change, NotificationKind kind, Thread thread, String actorName,
			String detail) {
		return noteAt(change, kind, thread, Math.max(1, change.postNumber()), actorName, detail);
	}

	private Notification noteAt(ForumChange change, NotificationKind kind, Thread thread, int number, String actorName,
			String detail) {
		return new Notification(change.id(), kind, thread.id().value(), number, thread.title(), actorName, detail,
				change.at(), false);
	}

}
