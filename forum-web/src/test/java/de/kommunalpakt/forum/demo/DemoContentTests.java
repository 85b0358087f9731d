package de.kommunalpakt.forum.demo;

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

}
