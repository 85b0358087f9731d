package de.kommunalpakt.forum.thread;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.ThreadCommands.EditPost;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The thread use cases through the real MongoDB driver and wire protocol. */
class ThreadPersistenceTests {

	static MongoTestDatabase mongo;

	CoreFixture core;

	ThreadService threads;

	final Actor kommune = TestActors.kommune();

	final Actor land = TestActors.land();

	final Actor moderator = TestActors.moderator();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase();
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@org.junit.jupiter.api.AfterEach
	void tearDown() {
		this.core.close();
	}

	@BeforeEach
	void setUp() {
		this.core = new CoreFixture(mongo.client(), "t" + System.nanoTime(),
				Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));
		SpaceRepository spaces = this.core.spaces;
		spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
		spaces.save(new Space(new SpaceId("laender"), "Länderrunde", "", Visibility.STATE_LEVEL, null, 2));
		this.threads = this.core.threadService;
	}

	@Test
	void startedThreadOpensWithItsRenderedPost() {
		PostId id = this.threads.start(this.kommune,
				new StartThread("fragen", ThreadType.QUESTION, "Wie treten wir dem Rahmenvertrag bei?",
						"Wir sind eine **kleine** Gemeinde.", Set.of("Rahmenvertrag"), Set.of(), null));

		ThreadPage page = this.threads.open(this.land, id.thread().value(), 0);

		assertThat(page.thread().title()).isEqualTo("Wie treten wir dem Rahmenvertrag bei?");
		assertThat(page.thread().tags()).containsExactly("rahmenvertrag");
		assertThat(page.posts()).singleElement()
			.satisfies((p) -> assertThat(p.html().html()).contains("<strong>kleine</strong>"));
		assertThat(this.core.changeLog.after(null, 10)).extracting(ForumChange::kind)
			.containsExactly(ChangeKind.THREAD_STARTED);
	}

	@Test
	void repliesFillPagesOfTwentyInOrder() {
		PostId id = start();
		for (int i = 2; i <= 45; i++) {
			this.threads.reply(this.land, new Reply(id.thread().value(), "Antwort " + i, null, null));
		}
		ThreadPage second = this.threads.open(this.kommune, id.thread().value(), 1);
		ThreadPage third = this.threads.open(this.kommune, id.thread().value(), 2);

		assertThat(second.thread().postCount()).isEqualTo(45);
		assertThat(second.posts()).extracting(Post::number).containsExactlyElementsOf(range(21, 40));
		assertThat(third.posts()).extracting(Post::number).containsExactlyElementsOf(range(41, 45));
	}

	@Test
	void concurrentRepliesGetDistinctNumbersAndNoneIsLost() throws Exception {
		PostId id = start();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<PostId>> futures = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			int n = i;
			futures.add(pool.submit(
					() -> this.threads.reply(this.land, new Reply(id.thread().value(), "Parallel " + n, null, null))));
		}
		List<Integer> numbers = new ArrayList<>();
		for (Future<PostId> f : futures) {
			numbers.add(f.get().number());
		}
		pool.shutdown();

		assertThat(numbers).doesNotHaveDuplicates().hasSize(40);
		Thread thread = this.threads.get(this.kommune, id.thread());
		assertThat(this.core.posts.findAll(id.thread(), thread.postCount())).hasSize(41);
	}

	@Test
	void doubleSubmitWritesOnePost() {
		PostId id = start();
		Reply reply = new Reply(id.thread().value(), "Einmal bitte", null, "token-123");

		PostId first = this.threads.reply(this.land, reply);
		PostId second = this.threads.reply(this.land, reply);

		assertThat(second).isEqualTo(first);
		assertThat(this.threads.get(this.land, id.thread()).postCount()).isEqualTo(2);
	}

	@Test
	void refusedSubmitReleasesItsTokenForTheCorrectedForm() {
		PostId id = start();
		assertThatThrownBy(() -> this.threads.reply(this.land, new Reply(id.thread().value(), " ", null, "tok-1")))
			.isInstanceOf(ForumException.Invalid.class);
		PostId ok = this.threads.reply(this.land, new Reply(id.thread().value(), "Jetzt mit Text", null, "tok-1"));
		assertThat(ok.number()).isEqualTo(2);
	}

	@Test
	void closedThreadRefusesRepliesAndKeepsItsCount() {
		PostId id = start();
		this.threads.moderate(this.moderator, id.thread().value(), ModerationAction.CLOSE, null);

		assertThatThrownBy(() -> this.threads.reply(this.land, new Reply(id.thread().value(), "Zu spät", null, null)))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("thread.closed");
		assertThat(this.threads.get(this.land, id.thread()).postCount()).isEqualTo(1);
	}

	@Test
	void editKeepsHistoryAndMarksThePost() {
		PostId id = start();
		PostId reply = this.threads.reply(this.land, new Reply(id.thread().value(), "Erste Fassung", null, null));

		Post edited = this.threads.edit(this.land, new EditPost(reply.toString(), "Zweite Fassung", 0));

		assertThat(edited.isEdited()).isTrue();
		assertThat(edited.markdown().source()).isEqualTo("Zweite Fassung");
		assertThat(this.threads.history(this.kommune, reply.toString())).extracting((r) -> r.markdown().source())
			.containsExactly("Erste Fassung", "Zweite Fassung");
		assertThatThrownBy(() -> this.threads.edit(this.land, new EditPost(reply.toString(), "Dritte", 0)))
			.isInstanceOf(ForumException.Conflict.class);
	}

	/**
	 * An edit stopped after it wrote to the history (a crash; before 07.12.2026 it wrote
	 * the new text there first) left a revision the post never reached: every later edit
	 * of the post failed on it. Now the next edit goes through and the history tells what
	 * the post really said.
	 */
	@Test
	void anEditAfterAnInterruptedOneGoesThroughAndTheHistoryIsTrue() {
		PostId id = start();
		PostId reply = this.threads.reply(this.land, new Reply(id.thread().value(), "Erste Fassung", null, null));
		var database = this.core.context.getBean(com.mongodb.client.MongoDatabase.class);
		var revisions = database.getCollection("post_revisions");
		// What an interrupted edit of the old code left: the original and a text never
		// stored in the post.
		revisions.insertOne(new org.bson.Document("_id", reply + ":0").append("md", "Erste Fassung")
			.append("editor", this.land.id().value())
			.append("editorName", this.land.displayName())
			.append("at", java.util.Date.from(Instant.parse("2026-11-28T09:00:00Z"))));
		revisions.insertOne(new org.bson.Document("_id", reply + ":1").append("md", "Nie gespeichert")
			.append("editor", this.land.id().value())
			.append("editorName", this.land.displayName())
			.append("at", java.util.Date.from(Instant.parse("2026-11-28T09:30:00Z"))));

		this.threads.edit(this.land, new EditPost(reply.toString(), "Zweite Fassung", 0));
		// An edit that stops after the history (here: its own conflict) blocks nothing.
		Post second = this.threads.post(this.land, reply.toString());
		this.core.posts.archive(second);
		this.threads.edit(this.moderator, new EditPost(reply.toString(), "Dritte Fassung", 1));

		assertThat(this.threads.history(this.kommune, reply.toString()))
			.extracting((r) -> r.revision() + " " + r.markdown().source() + " " + r.editorName())
			.containsExactly("0 Erste Fassung " + this.land.displayName(),
					"1 Zweite Fassung " + this.land.displayName(), "2 Dritte Fassung " + this.moderator.displayName());
		assertThat(this.core.posts.findRevisions(reply, 2)).extracting(PostRevision::editor)
			.containsExactly(this.land.id(), this.land.id(), this.moderator.id());
	}

	/**
	 * Editors of one post at the same moment: for each revision one wins, the others are
	 * told the post changed (409), none fails otherwise, and the history holds what the
	 * winners wrote.
	 */
	@Test
	void editorsAtTheSameMomentEachGetTheirEditOrAConflict() throws Exception {
		PostId id = start();
		PostId reply = this.threads.reply(this.land, new Reply(id.thread().value(), "Fassung 0", null, null));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 5; round++) {
				int revision = round;
				List<Future<Post>> edits = new ArrayList<>();
				for (int editor = 0; editor < 4; editor++) {
					String text = "Fassung " + (round + 1) + " von " + editor;
					Actor actor = (editor % 2 == 0) ? this.land : this.moderator;
					edits.add(pool
						.submit(() -> this.threads.edit(actor, new EditPost(reply.toString(), text, revision))));
				}
				int won = 0;
				for (Future<Post> edit : edits) {
					try {
						edit.get();
						won++;
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOf(ForumException.Conflict.class)
							.hasMessageContaining("post.edit.stale");
					}
				}
				assertThat(won).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
		Post post = this.threads.post(this.land, reply.toString());
		assertThat(post.revision()).isEqualTo(5);
		List<PostRevision> history = this.threads.history(this.land, reply.toString());
		assertThat(history).extracting(PostRevision::revision).containsExactly(0, 1, 2, 3, 4, 5);
		assertThat(history.get(5).markdown()).isEqualTo(post.markdown());
		for (PostRevision revision : history.subList(1, 6)) {
			assertThat(revision.markdown().source()).startsWith("Fassung " + revision.revision() + " von ");
			// The editor named is the one who wrote that text (even: Land, odd:
			// moderation).
			int editor = Integer
				.parseInt(revision.markdown().source().substring(revision.markdown().source().length() - 1));
			assertThat(revision.editor()).isEqualTo((editor % 2 == 0) ? this.land.id() : this.moderator.id());
		}
	}

	/**
	 * A submit that stopped (a crash) after it claimed its form's token: a repeat within
	 * two minutes is told the first is still running, a later one takes the claim over,
	 * and finds what the stopped one wrote instead of writing it twice. Before 07.12.2026
	 * the token answered "wird gerade gespeichert" for 24 hours (and a reply by mail was
	 * bounced and lost).
	 */
	@Test
	void aTokenWhoseSubmitStoppedIsTakenOverAndNothingIsWrittenTwice() {
		PostId opening = start();
		String thread = opening.thread().value();
		var submissions = this.core.context.getBean(com.mongodb.client.MongoDatabase.class)
			.getCollection("submissions");
		java.util.Date stopped = java.util.Date.from(Instant.parse("2026-11-28T09:50:00Z"));
		// Only the claim got written.
		submissions.insertOne(new org.bson.Document("_id", this.land.id().value() + "|t1").append("at",
				java.util.Date.from(Instant.parse("2026-11-28T09:59:00Z"))));
		assertThatThrownBy(() -> this.threads.reply(this.land, new Reply(thread, "Antwort", null, "t1")))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("form.submitting");
		submissions.updateOne(com.mongodb.client.model.Filters.eq("_id", this.land.id().value() + "|t1"),
				com.mongodb.client.model.Updates.set("at", stopped));
		PostId first = this.threads.reply(this.land, new Reply(thread, "Antwort", null, "t1"));
		assertThat(this.threads.reply(this.land, new Reply(thread, "Antwort", null, "t1"))).isEqualTo(first);

		// Claim and reply written, the claim not completed.
		PostId second = this.threads.reply(this.land, new Reply(thread, "Nachtrag", null, "t2"));
		stop(submissions, this.land, "t2", stopped);
		assertThat(this.threads.reply(this.land, new Reply(thread, "Nachtrag", null, "t2"))).isEqualTo(second);
		assertThat(this.threads.get(this.kommune, opening.thread()).postCount()).isEqualTo(3);

		// A new thread: written, the claim not completed; then only its opening post.
		StartThread command = new StartThread("fragen", ThreadType.QUESTION, "Wer betreibt den Dienst?",
				"Und wer haftet?", Set.of(), Set.of(), "t3");
		PostId started = this.threads.start(this.kommune, command);
		stop(submissions, this.kommune, "t3", stopped);
		assertThat(this.threads.start(this.kommune, command)).isEqualTo(started);
		this.core.context.getBean(com.mongodb.client.MongoDatabase.class)
			.getCollection("threads")
			.deleteOne(com.mongodb.client.model.Filters.eq("_id", started.thread().value()));
		stop(submissions, this.kommune, "t3", stopped);
		assertThat(this.threads.start(this.kommune, command)).isEqualTo(started);
		assertThat(this.threads.get(this.land, started.thread()).title()).isEqualTo("Wer betreibt den Dienst?");
		assertThat(this.core.posts.findByAuthor(this.kommune.id())).filteredOn((p) -> p.number() == 1).hasSize(2);
	}

	/**
	 * As if the submit of {@code token} stopped at {@code at} before completing its
	 * claim.
	 */
	private static void stop(com.mongodb.client.MongoCollection<org.bson.Document> submissions, Actor actor,
			String token, java.util.Date at) {
		submissions.updateOne(com.mongodb.client.model.Filters.eq("_id", actor.id().value() + "|" + token),
				com.mongodb.client.model.Updates.combine(com.mongodb.client.model.Updates.unset("post"),
						com.mongodb.client.model.Updates.set("at", at)));
	}

	@Test
	void othersCannotEditAPost() {
		PostId id = start();
		assertThatThrownBy(() -> this.threads.edit(this.land, new EditPost(id.toString(), "Gekapert", null)))
			.isInstanceOf(ForumException.Forbidden.class);
	}

	@Test
	void askerAcceptsAnAnswerAndTheThreadIsAnswered() {
		PostId id = start();
		PostId answer = this.threads.reply(this.land, new Reply(id.thread().value(), "So geht es.", null, null));

		Thread thread = this.threads.acceptAnswer(this.kommune, answer.toString());

		assertThat(thread.state()).isEqualTo(ThreadState.ANSWERED);
		assertThat(thread.acceptedAnswerId()).contains(answer);
	}

	@Test
	void helpfulMarksCountOncePerMember() {
		PostId id = start();
		PostId answer = this.threads.reply(this.land, new Reply(id.thread().value(), "Hilfreich?", null, null));

		this.threads.setHelpful(this.kommune, answer.toString(), true);
		Post post = this.threads.setHelpful(this.kommune, answer.toString(), true);

		assertThat(post.helpfulCount()).isEqualTo(1);
		assertThatThrownBy(() -> this.threads.setHelpful(this.land, answer.toString(), true))
			.isInstanceOf(ForumException.Conflict.class);
	}

	@Test
	void kommuneCannotReadAStateLevelSpaceNorItsThreads() {
		PostId id = this.threads.start(this.land, new StartThread("laender", ThreadType.DISCUSSION, "Nur für Länder",
				"Interne Abstimmung", Set.of(), Set.of(), null));

		assertThatThrownBy(() -> this.threads.open(this.kommune, id.thread().value(), 0))
			.isInstanceOf(ForumException.NotFound.class);
		assertThat(this.threads.list(this.kommune, ThreadQuery.in(Set.of()), 0, 20).items()).isEmpty();
		assertThat(this.threads.list(this.land, ThreadQuery.in(Set.of()), 0, 20).items()).hasSize(1);
	}

	@Test
	void malformedIdsAreNotFound() {
		assertThatThrownBy(() -> this.threads.open(this.kommune, "../../etc", 0))
			.isInstanceOf(ForumException.NotFound.class);
		assertThatThrownBy(() -> this.threads.post(this.kommune, "abc")).isInstanceOf(ForumException.NotFound.class);
		assertThatThrownBy(() -> this.threads.post(this.kommune, "abcdefghjk-999"))
			.isInstanceOf(ForumException.NotFound.class);
	}

	@Test
	void moveNeedsAReadableTargetAndChangesTheSpace() {
		PostId id = start();
		Thread moved = this.threads.moderate(this.moderator, id.thread().value(), ModerationAction.MOVE, "laender");
		assertThat(moved.space()).isEqualTo(new SpaceId("laender"));
		assertThatThrownBy(() -> this.threads.open(this.kommune, id.thread().value(), 0))
			.isInstanceOf(ForumException.NotFound.class);
	}

	private PostId start() {
		return this.threads.start(this.kommune, new StartThread("fragen", ThreadType.QUESTION,
				"Kosten der Nachnutzung?", "Was kostet uns das?", Set.of(), Set.of(), null));
	}

	private static List<Integer> range(int from, int to) {
		List<Integer> r = new ArrayList<>();
		for (int i = from; i <= to; i++) {
			r.add(i);
		}
		return r;
	}

}
