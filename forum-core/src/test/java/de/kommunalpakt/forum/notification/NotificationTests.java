package de.kommunalpakt.forum.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.changes.LiveFeed;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.EditPost;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Who is notified of what, through the real driver, and the live feed's change streams.
 */
class NotificationTests {

	static MongoTestDatabase mongo;

	CoreFixture core;

	ThreadService threads;

	NotificationService notifications;

	final Actor kommune = TestActors.kommune();

	final Actor koeln = TestActors.otherKommune();

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
		this.core = new CoreFixture(mongo.client(), "n" + System.nanoTime(),
				Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
		this.core.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
		this.core.spaces.save(new Space(new SpaceId("laender"), "Länderrunde", "", Visibility.STATE_LEVEL, null, 2));
		for (Actor a : List.of(this.kommune, this.koeln, this.land, this.moderator)) {
			this.core.members.recordLogin(a);
		}
		this.threads = this.core.threadService;
		this.notifications = this.core.context.getBean(NotificationService.class);
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	private PostId question(Actor asker, String space, String text) {
		return this.threads.start(asker, new StartThread(space, ThreadType.QUESTION,
				"Wie treten wir dem FIT-Store bei?", text, Set.of("fit-store"), Set.of(LandCode.HE), null));
	}

	private Inbox inboxOf(Actor actor) throws Exception {
		this.notifications.drain();
		return this.notifications.inbox(actor);
	}

	@Test
	void replyNotifiesTheAskerButNotTheReplier() throws Exception {
		PostId opening = question(this.kommune, "fragen", "Frage");
		PostId reply = this.threads.reply(this.land,
				new Reply(opening.thread().value(), "Antwort des Landes", null, null));

		Inbox asker = inboxOf(this.kommune);
		assertThat(asker.items()).singleElement().satisfies((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.REPLY);
			assertThat(n.postId()).isEqualTo(reply.toString());
			assertThat(n.actorName()).isEqualTo("Dr. Petra Schulz");
			assertThat(n.read()).isFalse();
		});
		assertThat(this.notifications.unread(this.kommune)).isEqualTo(1);
		assertThat(inboxOf(this.land).items()).isEmpty();

		this.threads.reply(this.kommune, new Reply(opening.thread().value(), "Danke!", null, null));
		assertThat(inboxOf(this.kommune).items()).hasSize(1);
	}

	@Test
	void mutedThreadIsSilentAndWatchedThreadNotifiesWatchers() throws Exception {
		PostId opening = question(this.kommune, "fragen", "Frage");
		String thread = opening.thread().value();
		this.notifications.watch(this.kommune, WatchTarget.thread(thread), WatchLevel.MUTE);
		this.notifications.watch(this.koeln, WatchTarget.thread(thread), WatchLevel.WATCH);

		this.threads.reply(this.land, new Reply(thread, "Antwort", null, null));

		assertThat(inboxOf(this.kommune).items()).isEmpty();
		assertThat(inboxOf(this.koeln).items()).extracting(Notification::kind)
			.containsExactly(NotificationKind.WATCHED_REPLY);
		assertThat(this.notifications.level(this.koeln, WatchTarget.thread(thread))).isEqualTo(WatchLevel.WATCH);
	}

	@Test
	void mentionReachesOnlyMembersWhoMayReadTheSpace() throws Exception {
		question(this.land, "laender", "Frage an @hessen und @darmstadt, nicht an mail@koeln.de");
		// The municipality may not read the Länder space: no notification, no leak.
		assertThat(inboxOf(this.kommune).items()).isEmpty();

		PostId open = question(this.land, "fragen", "Was meinen @Darmstadt und `@koeln`?");
		assertThat(inboxOf(this.kommune).items()).singleElement()
			.satisfies((n) -> assertThat(n.kind()).isEqualTo(NotificationKind.MENTION))
			.satisfies((n) -> assertThat(n.threadId()).isEqualTo(open.thread().value()));
		assertThat(inboxOf(this.koeln).items()).isEmpty();
		assertThat(NotificationService.mentionedUsernames("@a. @bert, @carla_m! x@y.de\n```\n@code\n```"))
			.containsExactly("bert", "carla_m");
	}

	@Test
	void newThreadReachesWatchersOfSpaceTagAndLandOnceAndSpaceMuteWins() throws Exception {
		this.notifications.watch(this.koeln, WatchTarget.tag("FIT-Store"), WatchLevel.WATCH);
		this.notifications.watch(this.koeln, WatchTarget.land("he"), WatchLevel.WATCH);
		this.notifications.watch(this.moderator, WatchTarget.land("HE"), WatchLevel.WATCH);
		this.notifications.watch(this.moderator, WatchTarget.space("fragen"), WatchLevel.MUTE);

		question(this.kommune, "fragen", "Frage");

		assertThat(inboxOf(this.koeln).items()).extracting(Notification::kind)
			.containsExactly(NotificationKind.NEW_THREAD);
		assertThat(inboxOf(this.moderator).items()).isEmpty();
		assertThat(this.notifications.watchSettings(this.koeln)).containsKeys("tag:fit-store", "land:HE");
	}

	@Test
	void acceptedAnswerAndModerationReachTheAuthors() throws Exception {
		PostId opening = question(this.kommune, "fragen", "Frage");
		String thread = opening.thread().value();
		PostId answer = this.threads.reply(this.land, new Reply(thread, "Antwort", null, null));
		this.threads.acceptAnswer(this.moderator, answer.toString());
		this.threads.edit(this.moderator, new EditPost(answer.toString(), "Antwort (ergänzt)", null));
		this.threads.moderate(this.moderator, thread,
				de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction.CLOSE, null);

		assertThat(inboxOf(this.land).items()).extracting(Notification::kind)
			.containsExactly(NotificationKind.MODERATION, NotificationKind.ACCEPTED);
		assertThat(inboxOf(this.kommune).items()).extracting(Notification::kind)
			.containsExactly(NotificationKind.MODERATION, NotificationKind.ACCEPTED, NotificationKind.REPLY);

		this.notifications.markRead(this.kommune, inboxOf(this.kommune).items().get(0).id());
		assertThat(this.notifications.unread(this.kommune)).isEqualTo(2);
		this.notifications.markAllRead(this.kommune);
		assertThat(this.notifications.unread(this.kommune)).isZero();
		assertThat(this.notifications.inbox(this.kommune).items()).hasSize(3);
	}

	/**
	 * A notification is one atomic push: the inbox keeps the newest 200, a replay of the
	 * same change adds nothing, and a member's read mark written from an inbox read
	 * before the push does not overwrite it.
	 */
	@Test
	void anInboxKeepsTheNewestTwoHundredTakesAReplayOnceAndGuardsAgainstLostMarks() {
		InboxRepository inboxes = this.core.context.getBean(InboxRepository.class);
		MemberId member = this.kommune.id();
		Instant at = Instant.parse("2026-11-28T10:00:00Z");
		for (int i = 0; i < Inbox.KEEP + 5; i++) {
			assertThat(inboxes.add(member, reply("c" + i, at.plusSeconds(i)))).isTrue();
		}
		assertThat(inboxes.add(member, reply("c" + (Inbox.KEEP + 4), at))).as("replay").isFalse();

		Inbox inbox = inboxes.find(member).orElseThrow();
		assertThat(inbox.items()).hasSize(Inbox.KEEP);
		assertThat(inbox.items().get(0).id()).isEqualTo("c" + (Inbox.KEEP + 4));
		assertThat(inbox.items().get(Inbox.KEEP - 1).id()).isEqualTo("c5");
		assertThat(inboxes.unread(member)).isEqualTo(Inbox.KEEP);

		inboxes.add(member, reply("neu", at.plusSeconds(1000)));
		assertThat(inboxes.save(inbox.markAllRead())).as("written from a read before the push").isFalse();
		assertThat(inboxes.unread(member)).isEqualTo(Inbox.KEEP);
	}

	private static Notification reply(String id, Instant at) {
		return new Notification(id, NotificationKind.REPLY, "t1", 2, "Wie treten wir dem FIT-Store bei?", "Köln", null,
				at, false);
	}

	@Test
	void watchingUnknownOrHiddenTargetsIsRefused() {
		PostId hidden = question(this.land, "laender", "Nur Länder");
		assertThatThrownBy(() -> this.notifications.watch(this.kommune, WatchTarget.thread(hidden.thread().value()),
				WatchLevel.WATCH))
			.isInstanceOf(ForumException.NotFound.class);
		assertThatThrownBy(() -> this.notifications.watch(this.kommune, WatchTarget.space("laender"), WatchLevel.WATCH))
			.isInstanceOf(ForumException.NotFound.class);
		assertThatThrownBy(() -> this.notifications.watch(this.kommune, WatchTarget.land("XX"), WatchLevel.WATCH))
			.isInstanceOf(ForumException.Invalid.class);
		assertThatThrownBy(() -> this.notifications.watch(this.kommune, WatchTarget.tag("a b"), WatchLevel.WATCH))
			.isInstanceOf(ForumException.Invalid.class);
		assertThat(WatchTarget.parse("space:fragen")).contains(WatchTarget.space("fragen"));
		assertThat(WatchTarget.parse("nope")).isEmpty();
		assertThat(WatchTarget.parse("planet:x")).isEmpty();
	}

	@Test
	void liveFeedDeliversChangesInOrderAndInboxUpdates() throws Exception {
		List<ForumChange> seen = new CopyOnWriteArrayList<>();
		List<MemberId> inboxes = new CopyOnWriteArrayList<>();
		try (AutoCloseable feed = this.core.context.getBean(LiveFeed.class).follow(seen::add, inboxes::add)) {
			PostId opening = question(this.kommune, "fragen", "Frage");
			for (int i = 0; i < 5; i++) {
				this.threads.reply(this.land, new Reply(opening.thread().value(), "Antwort " + i, null, null));
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(seen).extracting(ForumChange::kind)
					.containsExactly(ChangeKind.THREAD_STARTED, ChangeKind.REPLY_POSTED, ChangeKind.REPLY_POSTED,
							ChangeKind.REPLY_POSTED, ChangeKind.REPLY_POSTED, ChangeKind.REPLY_POSTED));
			assertThat(seen).extracting(ForumChange::postNumber).containsExactly(1, 2, 3, 4, 5, 6);
			await().atMost(Duration.ofSeconds(10)).until(() -> inboxes.contains(this.kommune.id()));
		}
	}

	/**
	 * Settings written at the same time for one member (a script setting many watches
	 * through the API in parallel) are all kept, on the member's document and on each
	 * target's: none overwrites another.
	 */
	@Test
	void watchSettingsWrittenAtTheSameTimeAreAllKept() throws Exception {
		WatchRepository watches = this.core.context.getBean(WatchRepository.class);
		int count = 24;
		// First each target set once, then every level changed, each round all at once.
		for (int round = 0; round < 2; round++) {
			int r = round;
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
			try {
				List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
				java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
				for (int i = 0; i < count; i++) {
					WatchTarget target = WatchTarget.tag("schlagwort-" + i);
					WatchLevel level = expected(i, r);
					done.add(pool.submit(() -> {
						start.await();
						watches.set(this.koeln.id(), target, level);
						return null;
					}));
				}
				start.countDown();
				for (java.util.concurrent.Future<?> f : done) {
					f.get(30, java.util.concurrent.TimeUnit.SECONDS);
				}
			}
			finally {
				pool.shutdownNow();
			}
			java.util.Map<String, WatchLevel> kept = watches.settings(this.koeln.id());
			assertThat(kept).as("round %d", r).hasSize(count - ((r == 1) ? count / 4 : 0));
			for (int i = 0; i < count; i++) {
				WatchLevel level = expected(i, r);
				String key = "tag:schlagwort-" + i;
				var watchers = watches.watchers(List.of(WatchTarget.tag("schlagwort-" + i))).get(key);
				if (level == WatchLevel.NORMAL) {
					assertThat(kept).doesNotContainKey(key);
					assertThat(watchers).doesNotContainKey(this.koeln.id());
				}
				else {
					assertThat(kept).containsEntry(key, level);
					assertThat(watchers).containsEntry(this.koeln.id(), level);
				}
			}
		}
	}

	/**
	 * Resetting needs no visible target (a thread closed since) and writes nothing for a
	 * target nobody set: random keys reset through the API leave no documents behind.
	 */
	@Test
	void resettingATargetNobodySetStoresNothing() {
		this.notifications.watch(this.koeln, WatchTarget.thread("gibtesnicht"), WatchLevel.NORMAL);
		this.notifications.watch(this.koeln, WatchTarget.tag("nie-gesetzt"), WatchLevel.NORMAL);
		var database = this.core.context.getBean(com.mongodb.client.MongoDatabase.class);
		assertThat(database.getCollection("watchers").countDocuments()).isZero();
		assertThat(database.getCollection("watch_settings").countDocuments()).isZero();
		assertThatThrownBy(
				() -> this.notifications.watch(this.koeln, WatchTarget.thread("gibtesnicht"), WatchLevel.WATCH))
			.isInstanceOf(ForumException.NotFound.class);
	}

	/**
	 * A setting whose writing stopped after the member's document (here the target's
	 * document refuses the second write; a crash between the two leaves the same) is
	 * completed on the next start, and the member then hears of the thread.
	 */
	@Test
	void aWatchSettingInterruptedAfterTheMembersDocumentIsCompletedOnStart() throws Exception {
		PostId opening = question(this.kommune, "fragen", "Frage");
		WatchTarget target = WatchTarget.thread(opening.thread().value());
		var database = this.core.context.getBean(com.mongodb.client.MongoDatabase.class);
		var watchers = database.getCollection("watchers");
		watchers.insertOne(new org.bson.Document("_id", target.key()).append("watch", "kein Array"));
		assertThatThrownBy(() -> this.notifications.watch(this.koeln, target, WatchLevel.WATCH))
			.isInstanceOf(com.mongodb.MongoException.class);
		watchers.deleteOne(com.mongodb.client.model.Filters.eq("_id", target.key()));
		WatchRepository watches = this.core.context.getBean(WatchRepository.class);
		assertThat(this.notifications.level(this.koeln, target)).isEqualTo(WatchLevel.WATCH);
		assertThat(watches.watchers(List.of(target))).doesNotContainKey(target.key());

		this.core.context.getBean(WatchCheck.class).run(null);

		assertThat(watches.watchers(List.of(target)).get(target.key())).containsEntry(this.koeln.id(),
				WatchLevel.WATCH);
		assertThat(database.getCollection("watch_settings")
			.countDocuments(com.mongodb.client.model.Filters.exists("pending.0"))).isZero();
		this.threads.reply(this.land, new Reply(target.value(), "Antwort des Landes", null, null));
		assertThat(inboxOf(this.koeln).items()).singleElement()
			.satisfies((n) -> assertThat(n.kind()).isEqualTo(NotificationKind.WATCHED_REPLY));
		// Settings written without trouble leave no note behind.
		this.notifications.watch(this.koeln, target, WatchLevel.MUTE);
		this.notifications.watch(this.koeln, WatchTarget.tag("fit-store"), WatchLevel.WATCH);
		this.notifications.watch(this.koeln, WatchTarget.tag("fit-store"), WatchLevel.NORMAL);
		assertThat(database.getCollection("watch_settings")
			.countDocuments(com.mongodb.client.model.Filters.exists("pending.0"))).isZero();
		assertThat(watches.watchers(List.of(target)).get(target.key())).containsEntry(this.koeln.id(), WatchLevel.MUTE);
	}

	/**
	 * Round 0: WATCH and MUTE in turn; round 1: MUTE and WATCH swapped, every 4th NORMAL.
	 */
	private static WatchLevel expected(int i, int round) {
		if (round == 1 && i % 4 == 3) {
			return WatchLevel.NORMAL;
		}
		return ((i + round) % 2 == 0) ? WatchLevel.WATCH : WatchLevel.MUTE;
	}

}
