package de.kommunalpakt.forum.changes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.shared.mongo.CoreProperties;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The change log's retention, through the real driver and wire protocol. */
class ChangeLogRetentionTests {

	MongoTestDatabase mongo;

	CoreFixture core;

	ChangeLog changes;

	/** A server of its own per test: each test sees only its own log. */
	@BeforeEach
	void openLog() {
		this.mongo = new MongoTestDatabase();
		this.core = new CoreFixture(this.mongo.client(), "changes", Clock.systemUTC());
		this.changes = this.core.changeLog;
	}

	@AfterEach
	void closeLog() {
		this.core.close();
		this.mongo.close();
	}

	@Test
	void changesOlderThanTheRetentionGoButNeverTheNewest() {
		List<String> ids = List.of(append("t1"), append("t2"), append("t3"));
		Instant now = Instant.now();

		assertThat(retention(now).prune()).isZero();
		assertThat(this.changes.after(null, 10)).extracting(ForumChange::id).containsExactlyElementsOf(ids);
		assertThat(this.changes.prunedBelow()).isNull();

		// Fifteen days on, all three are older than 14 days; the newest stays, so a
		// reader that is up to date keeps its position.
		assertThat(retention(now.plus(Duration.ofDays(15))).prune()).isEqualTo(2);
		assertThat(this.changes.after(null, 10)).extracting(ForumChange::id).containsExactly(ids.get(2));
		assertThat(this.changes.prunedBelow()).isEqualTo(ids.get(2));
		assertThat(this.changes.after(ids.get(2), 10)).isEmpty();

		String later = append("t4");
		assertThat(this.changes.after(ids.get(2), 10)).extracting(ForumChange::id).containsExactly(later);
	}

	@Test
	void theBoundOnlyMovesForwardAndAnEmptyLogHasNothingToPrune() {
		assertThat(this.changes.pruneBefore(Instant.now().plusSeconds(60))).isZero();
		assertThat(this.changes.prunedBelow()).isNull();

		String first = append("t1");
		String second = append("t2");
		assertThat(this.changes.pruneBefore(Instant.now().plusSeconds(60))).isEqualTo(1);
		assertThat(this.changes.prunedBelow()).isEqualTo(second);
		// An instance with a clock behind (or a shorter retention) does not move it back.
		assertThat(this.changes.pruneBefore(Instant.now().minus(Duration.ofDays(1)))).isZero();
		assertThat(this.changes.prunedBelow()).isEqualTo(second);
		assertThat(first.compareTo(this.changes.prunedBelow())).isNegative();
	}

	private ChangeLogRetention retention(Instant now) {
		return new ChangeLogRetention(this.changes, new CoreProperties("unused", Duration.ofDays(14),
				Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(15)),
				Clock.fixed(now, ZoneOffset.UTC));
	}

	private String append(String thread) {
		return this.changes
			.append(new ForumChange(null, ChangeKind.THREAD_STARTED, thread, 1, "fragen", "m1", 1, Instant.now()))
			.id();
	}

}
