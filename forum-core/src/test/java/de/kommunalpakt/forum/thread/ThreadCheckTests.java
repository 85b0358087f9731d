package de.kommunalpakt.forum.thread;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.Crash;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.MutableClock;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up check against the states a crash between the writes of a reply leaves in a
 * store without transactions, made directly in the database (stand-in server, real
 * driver).
 */
@ExtendWith(OutputCaptureExtension.class)
class ThreadCheckTests {

	static MongoTestDatabase mongo;

	CoreFixture core;

	ThreadService service;

	ThreadCheck check;

	MongoCollection<Document> threadDocs;

	MongoCollection<Document> postDocs;

	MongoCollection<Document> changeDocs;

	final Actor kommune = TestActors.kommune();

	final Actor land = TestActors.land();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase();
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void setUp() {
		String database = "check" + System.nanoTime();
		this.core = new CoreFixture(mongo.client(), database,
				Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
		this.core.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
		this.service = this.core.threadService;
		this.check = this.core.context.getBean(ThreadCheck.class);
		this.threadDocs = mongo.database(database).getCollection("threads");
		this.postDocs = mongo.database(database).getCollection("posts");
		this.changeDocs = mongo.database(database).getCollection("changes");
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	@Test
	void consistentThreadsNeedNoCorrectionAndTheCheckChangesNothing() {
		ThreadId question = thread(ThreadType.QUESTION, 30);
		this.service.acceptAnswer(this.kommune, question + "-7");
		thread(ThreadType.DISCUSSION, 1);
		long version = version(question);

		ThreadCheck.Result result = this.check.checkAll();

		assertThat(result.threads()).isEqualTo(2);
		assertThat(result.corrections()).isEmpty();
		assertThat(version(question)).isEqualTo(version);
	}

	@Test
	void counterAheadOfThePostsIsLoweredSoTheLastPageIsNotEmpty(CapturedOutput output) {
		ThreadId id = thread(ThreadType.DISCUSSION, 22);
		// The crash: posts 20 to 22 lost, number 23 reserved but never written.
		this.postDocs.deleteMany(Filters.in("_id", List.of(id + "-20", id + "-21", id + "-22")));
		this.threadDocs.updateOne(Filters.eq("_id", id.value()), Updates.set("postCount", 23));
		long before = version(id);

		ThreadCheck.Result result = this.check.checkAll();

		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.postCount()).isEqualTo(19);
		assertThat(thread.pageCount()).isEqualTo(1);
		// Post 19 was written by the Kommune, the lost 22 by the Land.
		assertThat(thread.lastPosterName()).isEqualTo(this.kommune.displayName());
		ThreadPage last = this.service.open(this.kommune, id.value(), thread.pageCount() - 1);
		assertThat(last.posts()).hasSize(19);
		assertThat(result.corrections()).anySatisfy((line) -> assertThat(line).contains("Beitragszähler 23 -> 19"));
		assertThat(output).contains("Beitragszähler 23 -> 19 (Beiträge 20 bis 23 fehlen)");
		assertRepairLogged(id, before);
	}

	@Test
	void aGapInTheMiddleStaysAndItsPageShowsThePostsThatExist() {
		ThreadId id = thread(ThreadType.DISCUSSION, 25);
		// Number 5 reserved, its writer crashed; later replies were written.
		this.postDocs.deleteOne(Filters.eq("_id", id + "-5"));

		ThreadCheck.Result result = this.check.checkAll();

		assertThat(result.corrections()).isEmpty();
		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.postCount()).isEqualTo(25);
		ThreadPage first = this.service.open(this.kommune, id.value(), 0);
		assertThat(first.posts()).hasSize(19).extracting(Post::number).doesNotContain(5).contains(4, 6, 20);
		assertThat(this.service.open(this.kommune, id.value(), 1).posts()).hasSize(5);
	}

	@Test
	void anAcceptedAnswerThatIsGoneIsTakenBackAndTheQuestionIsOpenAgain(CapturedOutput output) {
		ThreadId id = thread(ThreadType.QUESTION, 4);
		this.service.acceptAnswer(this.kommune, id + "-2");
		this.postDocs.deleteOne(Filters.eq("_id", id + "-2"));
		long before = version(id);

		this.check.checkAll();

		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.acceptedAnswer()).isNull();
		assertThat(thread.state()).isEqualTo(ThreadState.OPEN);
		assertThat(thread.postCount()).isEqualTo(4);
		assertThat(output).contains("akzeptierte Antwort #2 existiert nicht");
		assertRepairLogged(id, before);
	}

	@Test
	void anAcceptedLastAnswerLostWithItsPostIsTakenBackWithTheCounter(CapturedOutput output) {
		ThreadId id = thread(ThreadType.QUESTION, 3);
		this.service.acceptAnswer(this.kommune, id + "-3");
		this.postDocs.deleteOne(Filters.eq("_id", id + "-3"));

		this.check.checkAll();

		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.postCount()).isEqualTo(2);
		assertThat(thread.acceptedAnswer()).isNull();
		assertThat(thread.state()).isEqualTo(ThreadState.OPEN);
		assertThat(output).contains("Beitragszähler 3 -> 2").contains("akzeptierte Antwort #3 existiert nicht");
	}

	@Test
	void aReplyWhoseChangeWasNeverLoggedGetsAChangeSoSearchLearnsOfIt(CapturedOutput output) {
		ThreadId id = thread(ThreadType.DISCUSSION, 3);
		// The crash came after the post and its activity, before the change log.
		Document lastChange = this.changeDocs.find(Filters.eq("thread", id.value()))
			.sort(Sorts.descending("_id"))
			.first();
		this.changeDocs.deleteOne(Filters.eq("_id", lastChange.get("_id")));
		long before = version(id);

		ThreadCheck.Result result = this.check.checkAll();

		assertThat(result.corrections()).hasSize(1);
		assertThat(output).contains("Version " + before + " fehlt im Änderungsprotokoll");
		assertRepairLogged(id, before);
	}

	/**
	 * A crash after a reply's post, before its change: the repair change reloads search
	 * and caches but notifies nobody, so the question's author never heard of the answer
	 * (nor got its mail). The check announces such a post as the change it missed, once;
	 * so many posts without changes in one thread that no crash explains (a bulk load)
	 * are only logged.
	 */
	@Test
	void aReplyWhoseChangeACrashLostIsAnnouncedOnceSoItsNotificationsGoOut(CapturedOutput output) throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
		try (CoreFixture here = new CoreFixture(mongo.client(), "announce" + System.nanoTime(), clock)) {
			here.spaces
				.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
			here.members.recordLogin(this.kommune);
			here.members.recordLogin(this.land);
			ThreadService crashing = crashingBeforeTheLog(here);
			String question = here.threadService
				.start(this.kommune,
						new StartThread("fragen", ThreadType.QUESTION, "Wer trägt die Betriebskosten?", "Frage",
								Set.of(), Set.of(), null))
				.thread()
				.value();
			// Two writers at once: the crash took the changes of replies 3 and 5, not 4.
			for (int n = 2; n <= 5; n++) {
				Reply reply = new Reply(question, "Antwort " + n + " des Landes", null, null);
				if (n % 2 == 1) {
					assertThatThrownBy(() -> crashing.reply(this.land, reply)).isInstanceOf(Crash.class);
				}
				else {
					here.threadService.reply(this.land, reply);
				}
			}
			String bulk = here.threadService
				.start(this.land,
						new StartThread("fragen", ThreadType.DISCUSSION, "Eingespielte Beiträge", "Start", Set.of(),
								Set.of(), null))
				.thread()
				.value();
			for (int n = 2; n <= 2 + ThreadCheck.MAX_UNLOGGED; n++) {
				Reply reply = new Reply(bulk, "Eingespielt " + n, null, null);
				assertThatThrownBy(() -> crashing.reply(this.kommune, reply)).isInstanceOf(Crash.class);
			}
			NotificationService notifications = here.context.getBean(NotificationService.class);
			notifications.drain();
			assertThat(notifications.inbox(this.kommune).items()).extracting(Notification::postNumber)
				.containsExactly(4, 2);

			clock.advance(Duration.ofMinutes(1));
			here.context.getBean(ThreadCheck.class).checkAll();
			here.context.getBean(ThreadCheck.class).checkAll();
			notifications.drain();

			assertThat(notifications.inbox(this.kommune).items()).extracting(Notification::postNumber)
				.containsExactlyInAnyOrder(2, 3, 4, 5);
			assertThat(here.changeLog.after(null, 10_000)).filteredOn((c) -> c.kind() == ChangeKind.REPLY_POSTED)
				.extracting(ForumChange::postNumber)
				.containsExactlyInAnyOrder(2, 3, 4, 5);
			assertThat(output).contains("Beitrag #3").contains("Beitrag #5").doesNotContain("Beitrag #4");
			assertThat(output).contains("Themen mit mehr als " + ThreadCheck.MAX_UNLOGGED)
				.contains("nicht angekündigt: 1")
				.doesNotContain(bulk + ": Beitrag");
		}
	}

	/** A thread service whose change log stops like a crash before each append. */
	private static ThreadService crashingBeforeTheLog(CoreFixture here) {
		ChangeLog log = (ChangeLog) Proxy.newProxyInstance(ChangeLog.class.getClassLoader(),
				new Class<?>[] { ChangeLog.class }, (proxy, method, args) -> {
					if (method.getName().equals("append")) {
						throw new Crash();
					}
					try {
						return method.invoke(here.changeLog, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		var context = here.context;
		return new ThreadService(here.threads, here.posts, context.getBean(SubmissionRepository.class),
				here.spaceService, here.organisations, new ChangePublisher(log, context),
				context.getBean(MarkdownRenderer.class), context.getBean(Clock.class));
	}

	@Test
	void aPostWrittenWithoutItsActivityMovesTheLastActivity(CapturedOutput output) {
		ThreadId id = thread(ThreadType.DISCUSSION, 2);
		// The crash came after the post, before recordActivity and the change.
		this.threadDocs.updateOne(Filters.eq("_id", id.value()),
				Updates.combine(Updates.set("lastActivityAt", Date.from(Instant.parse("2026-11-28T09:00:00Z"))),
						Updates.set("lastPosterName", "Niemand")));

		this.check.checkAll();

		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.lastActivityAt()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
		assertThat(thread.lastPosterName()).isEqualTo(this.land.displayName());
		assertThat(output).contains("letzte Aktivität");
	}

	@Test
	void aReservationWhosePostWasNeverWrittenGivesBackNumberAndActivity(CapturedOutput output) {
		ThreadId id = thread(ThreadType.DISCUSSION, 4);
		Thread before = this.core.threads.findById(id).orElseThrow();
		// The crash came right after a reply's first write: number and activity, no post.
		this.core.threads.reservePostNumber(id, "Niemand", before.lastActivityAt().plusSeconds(3600)).orElseThrow();

		this.check.checkAll();

		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.postCount()).isEqualTo(4);
		assertThat(thread.lastActivityAt()).isEqualTo(before.lastActivityAt());
		assertThat(thread.lastPosterName()).isEqualTo(before.lastPosterName());
		assertThat(output).contains("Beitragszähler 5 -> 4").contains("letzte Aktivität");
	}

	@Test
	void aPostBeyondTheCounterIsCounted() {
		ThreadId id = thread(ThreadType.DISCUSSION, 5);
		this.threadDocs.updateOne(Filters.eq("_id", id.value()), Updates.set("postCount", 3));

		this.check.checkAll();

		assertThat(this.core.threads.findById(id).orElseThrow().postCount()).isEqualTo(5);
	}

	@Test
	void aSecondRunAndASecondInstanceFindNothingLeftToCorrect() {
		ThreadId id = thread(ThreadType.QUESTION, 12);
		this.service.acceptAnswer(this.kommune, id + "-12");
		this.postDocs.deleteMany(Filters.in("_id", List.of(id + "-11", id + "-12")));

		assertThat(this.check.checkAll().corrections()).isNotEmpty();
		long repaired = version(id);
		assertThat(this.check.checkAll().corrections()).isEmpty();
		assertThat(version(id)).isEqualTo(repaired);
		assertThat(this.core.threads.findById(id).orElseThrow().postCount()).isEqualTo(10);
	}

	@Test
	void twoInstancesCheckingAtOnceLeaveOneCorrectState() throws Exception {
		ThreadId id = thread(ThreadType.QUESTION, 30);
		this.service.acceptAnswer(this.kommune, id + "-30");
		this.postDocs.deleteMany(Filters.in("_id", List.of(id + "-29", id + "-30")));
		this.threadDocs.updateOne(Filters.eq("_id", id.value()), Updates.set("postCount", 31));
		try (CoreFixture second = new CoreFixture(mongo.client(), this.threadDocs.getNamespace().getDatabaseName(),
				Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC))) {
			ThreadCheck other = second.context.getBean(ThreadCheck.class);
			var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
			var a = pool.submit(this.check::checkAll);
			var b = pool.submit(other::checkAll);
			a.get();
			b.get();
			pool.shutdown();
		}

		Thread thread = this.core.threads.findById(id).orElseThrow();
		assertThat(thread.postCount()).isEqualTo(28);
		assertThat(thread.acceptedAnswer()).isNull();
		assertThat(thread.state()).isEqualTo(ThreadState.OPEN);
		assertThat(this.check.checkAll().corrections()).isEmpty();
	}

	/**
	 * A thread by the Land with {@code posts} posts, replies alternating Kommune and
	 * Land.
	 */
	private ThreadId thread(ThreadType type, int posts) {
		PostId opening = this.service.start(this.kommune, new StartThread("fragen", type,
				"Prüfung beim Start " + System.nanoTime(), "Eröffnung", Set.of(), Set.of(), null));
		for (int n = 2; n <= posts; n++) {
			this.service.reply((n % 2 == 0) ? this.land : this.kommune,
					new Reply(opening.thread().value(), "Antwort " + n, null, null));
		}
		return opening.thread();
	}

	private long version(ThreadId id) {
		return this.core.threads.findById(id).orElseThrow().version();
	}

	private void assertRepairLogged(ThreadId id, long before) {
		long after = version(id);
		assertThat(after).isGreaterThan(before);
		List<ForumChange> log = this.core.changeLog.after(null, 10_000);
		assertThat(log).anySatisfy((c) -> {
			assertThat(c.kind()).isEqualTo(ChangeKind.THREAD_REPAIRED);
			assertThat(c.threadId()).isEqualTo(id.value());
			assertThat(c.threadVersion()).isEqualTo(after);
		});
	}

}
