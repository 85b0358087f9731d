package de.kommunalpakt.forum.web;

import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import de.kommunalpakt.forum.infra.EmbeddedMongo;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import de.kommunalpakt.forum.space.Visibility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With the database gone, a write is refused quickly with a German 503 (problem details
 * on the API, the error page for pages) instead of a 500 or a 30-second wait.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageTests {

	/** A database of this test's own, so stopping it harms no other test. */
	private static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory(0);

	@Autowired
	MockMvc mvc;

	@Autowired
	ThreadService threads;

	@Autowired
	SpaceRepository spaces;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		// The product's own driver timeouts (CoreProperties), none in the address.
		registry.add("spring.mongodb.uri", MONGO::connectionString);
		registry.add("forum.core.database", () -> "database-outage");
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", () -> "http://127.0.0.1:9");
		registry.add("forum.search.timeout", () -> "500ms");
	}

	@AfterAll
	static void close() {
		MONGO.close();
	}

	@Test
	void writesWhileTheDatabaseIsDownGetAGerman503(CapturedOutput log) throws Exception {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		Actor darmstadt = ActorMapper.fromClaims(Members.DARMSTADT.claims());
		PostId opening = this.threads.start(darmstadt, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
				"Wohngeld digital beantragen", "Wer nutzt den Dienst schon?", Set.of(), Set.of(), null));

		MONGO.close();

		long started = System.nanoTime();
		this.mvc
			.perform(post("/api/v1/threads/" + opening.thread().value() + "/posts").with(Members.KOELN.bearer())
				.header(RequestId.HEADER, "ausfall-0815-abcdef")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Wir nutzen ihn seit März.\"}"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "60"))
			.andExpect(jsonPath("$.detail", containsString("nicht gespeichert")))
			.andExpect(jsonPath("$.requestId").value("ausfall-0815-abcdef"));
		// The warning about it names the request.
		assertThat(log.getOut()).containsPattern("ausfall-0815-abcdef.*Database refused POST");
		// Three seconds of server selection (the driver's default is 30), not a
		// half-minute wait.
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(8));
		this.mvc.perform(get("/").with(Members.DARMSTADT.session()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("Die Datenbank des Forums ist gerade nicht erreichbar")))
			.andExpect(content().string(containsString("Kennung dieser Anfrage für Rückfragen:")));
	}

}
