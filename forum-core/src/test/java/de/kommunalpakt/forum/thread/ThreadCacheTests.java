package de.kommunalpakt.forum.thread;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The threads a page shows come from a cache: this instance's writes are seen at once,
 * another instance's within a moment (change stream), and a kept thread costs no read.
 */
class ThreadCacheTests {

	private final java.util.concurrent.atomic.AtomicInteger threadReads = new java.util.concurrent.atomic.AtomicInteger();

	private MongoTestDatabase mongo;

	private CoreFixture here;

	private CoreFixture elsewhere;

	private final Actor kommune = TestActors.kommune();

	private final Actor moderator = TestActors.moderator();

	@BeforeEach
	void setUp() {
		this.mongo = new MongoTestDatabase(true, new CommandListener() {

			@Override
			public void commandStarted(CommandStartedEvent event) {
				if (event.getCommandName().equals("find")
						&& "threads".equals(event.getCommand().getString("find").getValue())) {
					ThreadCacheTests.this.threadReads.incrementAndGet();
				}
			}

		});
		String database = "c" + System.nanoTime();
		Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
		this.here = new CoreFixture(this.mongo.client(), database, clock);
		this.elsewhere = new CoreFixture(this.mongo.client(), database, clock);
		this.here.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
	}

	@AfterEach
	void tearDown() {
		this.here.close();
		this.elsewhere.close();
		this.mongo.close();
	}

	@Test
	void ownWritesAreShownAtOnceOthersSoonAndAKeptThreadIsNotReadAgain() {
		PostId opening = this.here.threadService.start(this.kommune,
				new StartThread("fragen", ThreadType.QUESTION, "Wer nutzt den Wohngeldantrag schon nach?",
						"Wir sind eine kleine Gemeinde.", Set.of(), Set.of(), null));
		String id = opening.thread().value();
		// Kept once the cache's change stream is open: a second view reads no thread.
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			assertThat(this.here.threadService.open(this.kommune, id, 0).thread().postCount()).isEqualTo(1);
			int reads = this.threadReads.get();
			assertThat(this.here.threadService.open(this.kommune, id, 0).thread().postCount()).isEqualTo(1);
			return this.threadReads.get() == reads;
		});

		// A reply through this instance: its page shows it on the next view.
		this.here.threadService.reply(this.kommune, new Reply(id, "Wir auch, seit März.", null, null));
		ThreadPage afterReply = this.here.threadService.open(this.kommune, id, 0);
		assertThat(afterReply.thread().postCount()).isEqualTo(2);
		assertThat(afterReply.posts()).hasSize(2);

		// Closed through this instance: shown closed at once.
		this.here.threadService.moderate(this.moderator, id, ModerationAction.CLOSE, null);
		assertThat(this.here.threadService.open(this.kommune, id, 0).thread().state()).isEqualTo(ThreadState.CLOSED);

		// Reopened through another instance: shown within a moment.
		this.elsewhere.threadService.moderate(this.moderator, id, ModerationAction.REOPEN, null);
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertThat(this.here.threadService.open(this.kommune, id, 0).thread().state())
				.isNotEqualTo(ThreadState.CLOSED));
	}

}
