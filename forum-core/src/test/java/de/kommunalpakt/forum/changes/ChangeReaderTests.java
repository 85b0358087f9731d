package de.kommunalpakt.forum.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable reader of the change log through the real driver: it misses no change whose
 * insert lands after a newer one was read, hands nothing on twice in one run, and its
 * checkpoint only moves forward. Between full passes it reads only what is new.
 */
class ChangeReaderTests {

	static MongoTestDatabase mongo;

	CoreFixture core;

	String database;

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
		this.database = "reader-" + System.nanoTime();
		this.core = CoreFixture.withoutNotifications(mongo.client(), this.database, Clock.systemUTC());
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	/** A reader whose every pass is a full one. */
	ChangeReader reader(Duration settle) {
		return reader(this.core.changeLog, settle, Duration.ZERO);
	}

	ChangeReader reader(ChangeLog log, Duration settle, Duration fullEvery) {
		ChangeReader reader = new ChangeReader("test", log, this.core.context.getBean(ChangeCheckpoints.class), settle,
				fullEvery);
		reader.open();
		return reader;
	}

	ForumChange append(String thread) {
		return this.core.changeLog
			.append(new ForumChange(null, ChangeKind.REPLY_POSTED, thread, 2, "fragen", "a", 1, Instant.now()));
	}

	/** A change whose id was made before {@code id}'s, but whose insert lands now. */
	String landLate(ObjectId early, String thread) {
		mongo.database(this.database)
			.getCollection("changes")
			.insertOne(new Document("_id", early).append("kind", "REPLY_POSTED")
				.append("thread", thread)
				.append("post", 2)
				.append("version", 1L)
				.append("at", new Date()));
		return early.toHexString();
	}

	@Test
	void aChangeLandingAfterANewerOneWasReadIsStillHandedOnOnce() {
		ChangeReader reader = reader(Duration.ofSeconds(5));
		List<String> seen = new ArrayList<>();
		ObjectId early = new ObjectId();
		ForumChange newer = append("t-newer");
		reader.read((c) -> seen.add(c.id()), () -> true);
		String late = landLate(early, "t-late");
		reader.read((c) -> seen.add(c.id()), () -> true);
		reader.read((c) -> seen.add(c.id()), () -> true);
		assertThat(seen).containsExactly(newer.id(), late);
	}

	@Test
	void betweenFullPassesOnlyWhatCameAfterTheNewestChangeIsRead() {
		List<String> readFrom = new ArrayList<>();
		// The real log, with every position a pass reads from noted.
		ChangeLog log = (ChangeLog) java.lang.reflect.Proxy.newProxyInstance(ChangeLog.class.getClassLoader(),
				new Class<?>[] { ChangeLog.class }, (proxy, method, args) -> {
					if (method.getName().equals("after")) {
						readFrom.add(String.valueOf(args[0]));
					}
					return method.invoke(this.core.changeLog, args);
				});
		ForumChange before = append("t-before");
		ChangeReader reader = reader(log, Duration.ofSeconds(5), Duration.ofHours(1));
		List<String> seen = new ArrayList<>();
		ObjectId early = new ObjectId();
		ForumChange first = append("t-1");
		reader.read((c) -> seen.add(c.id()), () -> true);
		ForumChange second = append("t-2");
		reader.read((c) -> seen.add(c.id()), () -> true);
		landLate(early, "t-late");
		reader.read((c) -> seen.add(c.id()), () -> true);
		// The full pass read from the checkpoint, the next ones after the newest seen;
		// the late change waits for the next full pass.
		assertThat(readFrom).containsExactly(before.id(), first.id(), second.id());
		assertThat(seen).containsExactly(first.id(), second.id());
	}

	@Test
	void aCheckpointMovedByAnotherInstanceIsWhereThePassesBetweenStart() throws Exception {
		append("t-before");
		ChangeReader one = reader(this.core.changeLog, Duration.ZERO, Duration.ofSeconds(1));
		List<String> seen = new ArrayList<>();
		one.read((c) -> seen.add(c.id()), () -> true);
		append("t-1");
		append("t-2");
		// A second instance under the same name handles both and, in its next pass,
		// moves the checkpoint past them.
		ChangeReader other = reader(this.core.changeLog, Duration.ZERO, Duration.ZERO);
		other.read((c) -> {
		}, () -> true);
		other.read((c) -> {
		}, () -> true);
		Thread.sleep(1_100);
		one.read((c) -> seen.add(c.id()), () -> true);
		one.read((c) -> seen.add(c.id()), () -> true);
		assertThat(seen).isEmpty();
	}

	@Test
	void aLateChangeIsHandedOnOnceByTheNextFullPass() {
		ChangeReader reader = reader(this.core.changeLog, Duration.ofSeconds(5), Duration.ofMillis(200));
		List<String> seen = new ArrayList<>();
		ObjectId early = new ObjectId();
		ForumChange newer = append("t-newer");
		reader.read((c) -> seen.add(c.id()), () -> true);
		String late = landLate(early, "t-late");
		ForumChange newest = append("t-newest");
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
			reader.read((c) -> seen.add(c.id()), () -> true);
			return seen.contains(late);
		});
		reader.read((c) -> seen.add(c.id()), () -> true);
		assertThat(seen).containsExactlyInAnyOrder(newer.id(), newest.id(), late);
	}

	@Test
	void aCheckpointMovedAtOnceWouldSkipIt() {
		// Why the reader waits before moving its checkpoint: without the wait the late
		// change is lost for good.
		ChangeReader reader = reader(Duration.ZERO);
		List<String> seen = new ArrayList<>();
		ObjectId early = new ObjectId();
		ForumChange newer = append("t-newer");
		reader.read((c) -> seen.add(c.id()), () -> true);
		reader.read((c) -> seen.add(c.id()), () -> true);
		landLate(early, "t-late");
		reader.read((c) -> seen.add(c.id()), () -> true);
		assertThat(seen).containsExactly(newer.id());
	}

	@Test
	void aNewReaderStartsAtTheEndAndItsCheckpointOnlyMovesForward() {
		ForumChange before = append("t-before");
		ChangeReader reader = reader(Duration.ZERO);
		List<String> seen = new ArrayList<>();
		ForumChange first = append("t-1");
		ForumChange second = append("t-2");
		reader.read((c) -> seen.add(c.id()), () -> true);
		reader.read((c) -> seen.add(c.id()), () -> true);
		assertThat(seen).containsExactly(first.id(), second.id()).doesNotContain(before.id());
		ChangeCheckpoints checkpoints = this.core.context.getBean(ChangeCheckpoints.class);
		assertThat(checkpoints.find("test")).contains(new ChangeCheckpoints.Position(second.id()));
		checkpoints.advance("test", first.id());
		assertThat(checkpoints.find("test")).contains(new ChangeCheckpoints.Position(second.id()));
	}

	@Test
	void aFailingChangeStopsThePassAndComesAgain() {
		ChangeReader reader = reader(Duration.ZERO);
		ForumChange first = append("t-1");
		ForumChange second = append("t-2");
		List<String> seen = new ArrayList<>();
		try {
			reader.read((c) -> {
				if (c.id().equals(second.id()) && !seen.contains("failed")) {
					seen.add("failed");
					throw new IllegalStateException("Datenbank weg");
				}
				seen.add(c.id());
			}, () -> true);
		}
		catch (IllegalStateException expected) {
			// The pass stops at the failing change.
		}
		reader.read((c) -> seen.add(c.id()), () -> true);
		assertThat(seen).containsExactly(first.id(), "failed", second.id());
	}

}
