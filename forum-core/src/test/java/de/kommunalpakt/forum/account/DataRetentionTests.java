package de.kommunalpakt.forum.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.changes.LiveFeed;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.notification.InboxRepository;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.MutableClock;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.SubmissionRepository;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention rules the privacy page states, applied to real data through the driver:
 * idempotency tokens after a day, presence after an hour, notifications after 180 days.
 */
class DataRetentionTests {

	static MongoTestDatabase mongo;

	final Actor asker = TestActors.kommune();

	final Actor land = TestActors.land();

	final MutableClock clock = new MutableClock(Instant.now());

	CoreFixture core;

	DataRetention retention;

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
		this.core = new CoreFixture(mongo.client(), "r" + System.nanoTime(), this.clock);
		this.core.spaces.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		List.of(this.asker, this.land).forEach(this.core.members::recordLogin);
		this.retention = new DataRetention(this.core.context.getBean(SubmissionRepository.class),
				this.core.context.getBean(LiveFeed.class), this.core.context.getBean(InboxRepository.class),
				this.clock);
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	@Test
	void tokensPresenceAndOldNotificationsGoAfterTheirPeriodsAndNotBefore() throws Exception {
		PostId opening = this.core.threadService.start(this.asker, new StartThread("fragen", ThreadType.QUESTION,
				"Aufbewahrung", "Frage", Set.of(), Set.of(), "token-frage-1"));
		this.core.threadService.reply(this.land, new Reply(opening.thread().value(), "Antwort", null, "token-antwort"));
		NotificationService notifications = this.core.context.getBean(NotificationService.class);
		notifications.drain();
		assertThat(notifications.inbox(this.asker).items()).hasSize(1);
		this.core.context.getBean(LiveFeed.class).presence("instanz-a", opening.thread().value(), Set.of("sub-x"));

		assertThat(this.retention.apply()).isEqualTo(new DataRetention.Removed(0, 0, 0));

		this.clock.advance(Duration.ofHours(25));
		DataRetention.Removed day = this.retention.apply();
		assertThat(day.tokens()).isEqualTo(2);
		assertThat(day.presence()).isEqualTo(1);
		assertThat(day.notifications()).isZero();
		// The token is free again: the same form token writes a new thread.
		PostId again = this.core.threadService.start(this.asker, new StartThread("fragen", ThreadType.QUESTION,
				"Aufbewahrung 2", "Frage", Set.of(), Set.of(), "token-frage-1"));
		assertThat(again).isNotEqualTo(opening);

		this.clock.advance(Duration.ofDays(180));
		assertThat(this.retention.apply().notifications()).isEqualTo(1);
		assertThat(notifications.inbox(this.asker).items()).isEmpty();
	}

}
