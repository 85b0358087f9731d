package de.kommunalpakt.forum.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Turns accepted writes into notifications and keeps the inboxes.
 *
 * <p>
 * It listens to the change events of this instance only (each write is announced once,
 * where it happened), on one background thread so posting does not wait for it. The
 * notification id is derived from the change id, so a replayed change adds nothing twice.
 * Who is told:
 * <ul>
 * <li>a reply: the thread's author (unless muted) and the thread's watchers;</li>
 * <li>a new thread: the watchers of its space, its tags and its Länder (a mute on the
 * space wins);</li>
 * <li>{@code @username} in a new post: that member, if they may read the space;</li>
 * <li>an accepted answer: the answer's author, and the asker if a moderator chose;</li>
 * <li>moderation (close, lock, pin, move, an edit by someone else): the author.</li>
 * </ul>
 * Nobody is notified of their own action.
 */
@Service
public class NotificationService {

	private static final Logger log = LoggerFactory.getLogger(NotificationService.class);

	/** {@code @username} at the start or after a non-word character, not in an e-mail. */
	static final Pattern MENTION = Pattern.compile("(?<![\\w@.])@([a-z0-9][a-z0-9._-]{1,39})",
			Pattern.CASE_INSENSITIVE);

	private static final int MAX_MENTIONS = 20;

	private final InboxRepository inboxes;

	private final WatchRepository watches;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final SpaceRepository spaces;

	private final MemberRepository members;

	private final Clock clock;

	private final org.springframework.beans.factory.ObjectProvider<de.kommunalpakt.forum.pilot.PilotApplicationRepository> pilots;

	private final ExecutorService worker = Executors.newSingleThreadExecutor((r) -> {
		java.lang.Thread t = new java.lang.Thread(r, "notifications");
		t.setDaemon(true);
		return t;
	});

	public NotificationService(InboxRepository inboxes, WatchRepository watches, ThreadRepository threads,
			PostRepository posts, SpaceRepository spaces, MemberRepository members, Clock clock,
			org.springframework.beans.factory.ObjectProvider<de.kommunalpakt.forum.pilot.PilotApplicationRepository> pilots) {
		this.pilots = pilots;
		this.inboxes = inboxes;
		this.watches = watches;
		this.threads = threads;
		this.posts = posts;
		this.spaces = spaces;
		this.members = members;
		this.clock = clock;
	}

	@EventListener
	public void on(ForumChange change) {
		if (change.threadId() == null || change.id() == null) {
			return;
		}
		this.worker.execute(() -> {
			try {
				notify(change);
			}
			catch (RuntimeException ex) {
				log.warn("Benachrichtigungen zu {} nicht zugestellt: {}", change.id(), ex.toString());
			}
		});
	}

	/**
	 * Each step of a First Mover application reaches the members of the municipality (not
	 * the reviewer who made it).
	 */
	@EventListener
	public void on(de.kommunalpakt.forum.pilot.PilotApplicationChanged change) {
		if (change.previous() == null) {
			return;
		}
		this.worker.execute(() -> {
			try {
				de.kommunalpakt.forum.pilot.PilotApplicationRepository repository = this.pilots.getIfAvailable();
				if (repository == null) {
					return;
				}
				repository.findById(change.applicationId()).ifPresent((application) -> {
					Notification note = new Notification(change.applicationId() + ":" + change.status().name(),
							NotificationKind.PILOT_STATUS, application.id(), 0, application.subjectName(),
							this.members.findById(new MemberId(change.actorId())).map(Member::displayName).orElse(""),
							change.status().name(), this.clock.instant(), false);
					Set<MemberId> recipients = new LinkedHashSet<>();
					recipients.add(application.submittedBy());
					this.members.findByOrganisation(change.municipality()).forEach((m) -> recipients.add(m.id()));
					recipients.remove(new MemberId(change.actorId()));
					recipients.forEach((member) -> update(member, (inbox) -> inbox.add(note)));
				});
			}
			catch (RuntimeException ex) {
				log.warn("Benachrichtigung zur Bekundung {} nicht zugestellt: {}", change.applicationId(),
						ex.toString());
			}
		});
	}

	/** Waits until the changes announced so far are processed (tests, shutdown). */
	public void drain() throws Exception {
		this.worker.submit(() -> {
		}).get(10, TimeUnit.SECONDS);
	}

	@PreDestroy
	void stop() {
		this.worker.shutdown();
	}

	public Inbox inbox(Actor actor) {
		return this.inboxes.find(actor.id()).orElseGet(() -> Inbox.empty(actor.id()));
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

	public void watch(Actor actor, WatchTarget target, WatchLevel level) {
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
		Optional<Thread> found = this.threads.findById(new ThreadId(change.threadId()));
		if (found.isEmpty()) {
			return;
		}
		Thread thread = found.get();
		Space space = this.spaces.findById(thread.space()).orElse(null);
		if (space == null) {
			return;
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
				return;
			}
		}
		if (actorId != null) {
			out.remove(actorId);
		}
		if (out.isEmpty()) {
			return;
		}
		Map<MemberId, Member> recipients = new LinkedHashMap<>();
		this.members.findAllById(out.keySet()).forEach((m) -> recipients.put(m.id(), m));
		out.forEach((member, notification) -> {
			Member m = recipients.get(member);
			if (m != null && space.readableBy(m.asActor())) {
				update(member, (inbox) -> inbox.add(notification));
			}
		});
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
				this.clock.instant(), false);
	}

}
