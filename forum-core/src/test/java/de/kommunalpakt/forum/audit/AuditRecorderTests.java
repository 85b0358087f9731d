package de.kommunalpakt.forum.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.Crash;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.MutableClock;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.SubmissionRepository;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Decisions announced as changes (a thread closed, moved, ...) reach the audit log also
 * when the process stops between the change and its entry: the recorder reads the change
 * log behind its own checkpoint, and stores nothing twice.
 */
class AuditRecorderTests {

	static MongoTestDatabase mongo;

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));

	final Actor author = TestActors.kommune();

	final Actor moderator = TestActors.moderator();

	CoreFixture core;

	AuditLog audit;

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
		this.core = CoreFixture.withoutNotifications(mongo.client(), "a" + System.nanoTime(), this.clock);
		this.core.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
		this.core.spaces
			.save(new Space(new SpaceId("laender"), "Länder und Modelle", "", Visibility.ALL_MEMBERS, null, 2));
		this.core.members.recordLogin(this.author);
		this.core.members.recordLogin(this.moderator);
		this.audit = this.core.context.getBean(AuditLog.class);
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	@Test
	void aThreadDecisionWhoseEntryACrashStoppedIsWrittenByTheNextPass() {
		String thread = this.core.threadService
			.start(this.author,
					new StartThread("fragen", ThreadType.QUESTION, "Wer betreibt den Dienst nach 2027?",
							"Frage zum Betrieb.", Set.of(), Set.of(), null))
			.thread()
			.value();
		AuditRecorder recorder = this.core.context.getBean(AuditRecorder.class);

		// Heard in the same request: the entry is there at once, and the pass adds none.
		this.core.threadService.moderate(this.moderator, thread, ModerationAction.PIN, null);
		assertThat(entries()).containsExactly("angeheftet");
		assertThat(recorder.catchUp()).isPositive();
		assertThat(entries()).containsExactly("angeheftet");

		// The change logged, then the process stops before anything heard of it.
		ThreadService crashing = crashingAfterTheLog();
		assertThatThrownBy(() -> crashing.moderate(this.moderator, thread, ModerationAction.CLOSE, null))
			.isInstanceOf(Crash.class);
		assertThatThrownBy(() -> crashing.moderate(this.moderator, thread, ModerationAction.MOVE, "laender"))
			.isInstanceOf(Crash.class);
		assertThat(entries()).containsExactly("angeheftet");

		assertThat(recorder.catchUp()).isEqualTo(2);
		assertThat(entries()).containsExactlyInAnyOrder("angeheftet", "geschlossen", "verschoben nach laender");
		assertThat(this.audit.find(AuditQuery.all(), 0, 10).items()).allSatisfy((e) -> {
			assertThat(e.action()).isEqualTo(AuditAction.THREAD_MODERATED);
			assertThat(e.actor()).isEqualTo(this.moderator.id());
			assertThat(e.actorName()).isEqualTo(this.moderator.displayName());
			assertThat(e.subject()).isEqualTo(this.author.id());
			assertThat(e.targetId()).isEqualTo(thread);
		});
		// Read again (a restart within the settling time): still once each.
		assertThat(this.core.context.getBean(AuditRecorder.class).catchUp()).isZero();
		assertThat(entries()).hasSize(3);
	}

	private List<String> entries() {
		return this.audit.find(AuditQuery.all(), 0, 10).items().stream().map(AuditEntry::after).toList();
	}

	/** Appends each change to the log, then stops like a crash before it is announced. */
	private ThreadService crashingAfterTheLog() {
		var context = this.core.context;
		ChangePublisher publisher = new ChangePublisher(this.core.changeLog, (event) -> {
			throw new Crash();
		});
		return new ThreadService(this.core.threads, this.core.posts, context.getBean(SubmissionRepository.class),
				context.getBean(SpaceService.class), context.getBean(OrganisationRepository.class), publisher,
				context.getBean(MarkdownRenderer.class), context.getBean(Clock.class));
	}

}
