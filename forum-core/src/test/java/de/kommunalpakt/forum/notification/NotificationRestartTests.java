package de.kommunalpakt.forum.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications come from the change log, not from memory: what an instance logged but
 * did not deliver before it went away reaches every member after the next start, and
 * exactly once, also when a run died after writing inboxes but before moving its
 * checkpoint.
 */
class NotificationRestartTests {

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

	static MongoTestDatabase mongo;

	final Actor asker = TestActors.kommune();

	final Actor watcher = TestActors.otherKommune();

	final Actor replier = TestActors.land();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase(true);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void repliesLoggedButNotDeliveredBeforeACrashReachEachMemberOnceAfterRestarts() throws Exception {
		String database = "notify-restart-" + System.nanoTime();
		String thread;
		Document checkpointBefore;
		// A first run as usual: the asker's thread, watched by another municipality.
		try (CoreFixture first = new CoreFixture(mongo.client(), database, CLOCK)) {
			first.spaces
				.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
			for (Actor a : List.of(this.asker, this.watcher, this.replier)) {
				first.members.recordLogin(a);
			}
			thread = first.threadService
				.start(this.asker,
						new StartThread("fragen", ThreadType.QUESTION, "Wie treten wir dem FIT-Store bei?", "Frage",
								Set.of("fit-store"), Set.of(LandCode.HE), null))
				.thread()
				.value();
			NotificationService notifications = first.context.getBean(NotificationService.class);
			notifications.watch(this.watcher, WatchTarget.thread(thread), WatchLevel.WATCH);
			notifications.drain();
			checkpointBefore = checkpoints(database).find(Filters.eq("_id", "notifications")).first();
		}
		// An instance acknowledges five replies and dies before it delivers any
		// notification: the change log has them, nothing else does.
		try (CoreFixture crashed = CoreFixture.withoutNotifications(mongo.client(), database, CLOCK)) {
			for (int i = 1; i <= 5; i++) {
				crashed.threadService.reply(this.replier, new Reply(thread, "Antwort " + i, null, null));
			}
		}
		List<Notification> askerInbox;
		List<Notification> watcherInbox;
		// The restart delivers what was missed: one notification per reply and member.
		try (CoreFixture restarted = new CoreFixture(mongo.client(), database, CLOCK)) {
			NotificationService notifications = restarted.context.getBean(NotificationService.class);
			notifications.drain();
			askerInbox = notifications.inbox(this.asker).items();
			watcherInbox = notifications.inbox(this.watcher).items();
			assertThat(askerInbox).extracting(Notification::kind).containsOnly(NotificationKind.REPLY);
			assertThat(askerInbox).extracting(Notification::postNumber).containsExactly(6, 5, 4, 3, 2);
			assertThat(watcherInbox).extracting(Notification::kind).containsOnly(NotificationKind.WATCHED_REPLY);
			assertThat(watcherInbox).extracting(Notification::postNumber).containsExactly(6, 5, 4, 3, 2);
			assertThat(notifications.inbox(this.replier).items()).isEmpty();
		}
		// As if that run had died after writing the inboxes but before moving its
		// checkpoint: the checkpoint goes back to where it stood before the replies.
		checkpoints(database).replaceOne(Filters.eq("_id", "notifications"),
				(checkpointBefore != null) ? checkpointBefore : new Document("_id", "notifications"),
				new ReplaceOptions().upsert(true));
		for (int restart = 1; restart <= 2; restart++) {
			try (CoreFixture again = new CoreFixture(mongo.client(), database, CLOCK)) {
				NotificationService notifications = again.context.getBean(NotificationService.class);
				notifications.drain();
				assertThat(notifications.inbox(this.asker).items()).as("asker after restart %d", restart)
					.isEqualTo(askerInbox);
				assertThat(notifications.inbox(this.watcher).items()).as("watcher after restart %d", restart)
					.isEqualTo(watcherInbox);
			}
		}
	}

	@Test
	void aChangeTheDomainRefusesDoesNotHoldUpLaterNotifications() throws Exception {
		String database = "notify-refused-" + System.nanoTime();
		try (CoreFixture fixture = new CoreFixture(mongo.client(), database, CLOCK)) {
			fixture.spaces
				.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
			for (Actor a : List.of(this.asker, this.replier)) {
				fixture.members.recordLogin(a);
			}
			NotificationService notifications = fixture.context.getBean(NotificationService.class);
			String kept = fixture.threadService
				.start(this.asker,
						new StartThread("fragen", ThreadType.QUESTION, "Wie treten wir dem FIT-Store bei?", "Frage",
								Set.of(), Set.of(LandCode.HE), null))
				.thread()
				.value();
			notifications.drain();
			// A change naming a thread id the domain refuses (ThreadId answers "not
			// found"):
			// asking again gives the same answer.
			fixture.context.getBean(de.kommunalpakt.forum.changes.ChangeLog.class)
				.append(new de.kommunalpakt.forum.changes.ForumChange(null,
						de.kommunalpakt.forum.changes.ChangeKind.REPLY_POSTED, "Kein-Thema", 2, "fragen",
						this.replier.id().value(), 2, CLOCK.instant()));
			fixture.threadService.reply(this.replier, new Reply(kept, "Antwort, die ankommen muss", null, null));
			notifications.drain();
			assertThat(notifications.inbox(this.asker).items()).extracting(Notification::postNumber).containsExactly(2);
		}
	}

	@Test
	void deliveryResumesWhenTheContextIsStartedAgainAfterAStop() throws Exception {
		String database = "notify-resume-" + System.nanoTime();
		try (CoreFixture fixture = new CoreFixture(mongo.client(), database, CLOCK)) {
			fixture.spaces
				.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
			for (Actor a : List.of(this.asker, this.replier)) {
				fixture.members.recordLogin(a);
			}
			NotificationService notifications = fixture.context.getBean(NotificationService.class);
			String thread = fixture.threadService
				.start(this.asker,
						new StartThread("fragen", ThreadType.QUESTION, "Wie treten wir dem FIT-Store bei?", "Frage",
								Set.of(), Set.of(LandCode.HE), null))
				.thread()
				.value();
			// Spring pauses a cached test context this way; a lifecycle restart does too.
			fixture.context.stop();
			fixture.context.start();
			fixture.threadService.reply(this.replier, new Reply(thread, "Antwort nach dem Neustart", null, null));
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(notifications.inbox(this.asker).items()).extracting(Notification::postNumber)
							.containsExactly(2));
		}
	}

	private static MongoCollection<Document> checkpoints(String database) {
		return mongo.database(database).getCollection("change_checkpoints");
	}

}
