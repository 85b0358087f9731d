package de.kommunalpakt.forum.demo;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.support.TestMongo;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Demo content comes with the embedded profile, into an empty forum, once. */
@SpringBootTest
@ActiveProfiles("embedded")
class DemoContentTests {

	@Autowired
	DemoContent demo;

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadRepository threads;

	@Autowired
	java.time.Clock clock;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "demo-" + System.nanoTime());
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.enabled", () -> "false");
	}

	@Test
	void embeddedStartLoadsTheDemoOnceWithAnnouncementQuestionsAndARestrictedSpace() {
		long threadsAfterStart = this.threads.count();
		assertThat(this.spaces.findAll()).hasSize(7)
			.anySatisfy((s) -> assertThat(s.visibility().name()).isEqualTo("STATE_LEVEL"));
		assertThat(threadsAfterStart).isGreaterThanOrEqualTo(15);

		this.demo.loadIfEmpty();

		assertThat(this.threads.count()).as("a second start must not load the demo again").isEqualTo(threadsAfterStart);
		assertThat(this.spaces.findAll()).hasSize(7);
	}

	@Test
	void theDemoShowsWeeksOfHistoryAndTheClockIsRealAfterwards() {
		java.util.List<de.kommunalpakt.forum.thread.Thread> all = new java.util.ArrayList<>();
		this.threads.forEach(all::add);
		Instant now = Instant.now();
		assertThat(all).extracting(de.kommunalpakt.forum.thread.Thread::createdAt)
			.allSatisfy((at) -> assertThat(at).isBefore(now))
			.anySatisfy((at) -> assertThat(at).isBefore(now.minus(Duration.ofDays(14))))
			.anySatisfy((at) -> assertThat(at).isAfter(now.minus(Duration.ofDays(10))));
		// Threads start on different days.
		assertThat(all.stream()
			.map((t) -> t.createdAt().atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalDate())
			.distinct()
			.count()).isGreaterThanOrEqualTo(10);
		assertThat(all).allSatisfy((t) -> assertThat(t.lastActivityAt()).isBefore(now));
		// The Länder's models (each with its discussion thread) came before that.
		assertThat(all).filteredOn((t) -> t.title().startsWith("Nachnutzungsmodell "))
			.hasSizeGreaterThanOrEqualTo(10)
			.allSatisfy((t) -> assertThat(t.createdAt()).isBefore(now.minus(Duration.ofDays(10))));
		assertThat(Duration.between(this.clock.instant(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
	}

}
