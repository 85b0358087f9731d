package de.kommunalpakt.forum.thread.api;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The REST API: bearer tokens, JSON, problem details in German, no 500 for user mistakes.
 */
class ForumApiTests extends WebTestSupport {

	@Test
	void withoutTokenTheApiAnswers401AsProblemDetail() throws Exception {
		this.mvc.perform(get("/api/v1/spaces"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Bitte melden Sie sich an."));
	}

	@Test
	void healthIsUpWithTheStandIn() throws Exception {
		// Boot's MongoDB check sends "hello", which the stand-in does not know.
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"));
	}

	@Test
	void spacesAreFilteredByVisibility() throws Exception {
		this.mvc.perform(get("/api/v1/spaces").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].id", hasItem("fragen")))
			.andExpect(jsonPath("$[*].id", not(hasItem("laender"))));
		this.mvc.perform(get("/api/v1/spaces").with(Members.HESSEN.bearer()))
			.andExpect(jsonPath("$[*].id", hasItem("laender")));
	}

	@Test
	void createThreadAnswers201WithLocationAndReplyWorks() throws Exception {
		String location = this.mvc.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.content(
					"""
							{"space":"fragen","type":"QUESTION","title":"API-Frage zu FIT-Connect","markdown":"Wie geht das?","tags":["fit-connect"],"lands":["NW"]}"""))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", startsWith("/api/v1/threads/")))
			.andExpect(jsonPath("$.lands[0]").value("NW"))
			.andReturn()
			.getResponse()
			.getHeader("Location");
		this.mvc
			.perform(post(location + "/posts").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Über den Zustellpunkt.\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.number").value(2))
			.andExpect(jsonPath("$.organisationKind").value("LAND"));
		this.mvc.perform(get(location).with(Members.DARMSTADT.bearer()))
			.andExpect(jsonPath("$.thread.postCount").value(2))
			.andExpect(jsonPath("$.posts[1].html").value("<p>Über den Zustellpunkt.</p>"));
	}

	@Test
	void sameIdempotencyKeyWritesOnePost() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Idempotenz");
		for (int i = 0; i < 3; i++) {
			this.mvc
				.perform(post("/api/v1/threads/" + id.thread().value() + "/posts").with(Members.HESSEN.bearer())
					.header("Idempotency-Key", "key-123")
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"markdown\":\"Einmal\"}"))
				.andExpect(status().isCreated());
		}
		assertThat(this.threads.get(actor(Members.HESSEN), id.thread()).postCount()).isEqualTo(2);
	}

	@Test
	void invalidInputIsAGermanProblemDetailWithFieldErrors() throws Exception {
		this.mvc
			.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"space\":\"fragen\",\"type\":\"QUESTION\",\"title\":\"\",\"markdown\":\"x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("thread.title.empty"))
			.andExpect(jsonPath("$.errors.title").value("Bitte geben Sie einen Titel ein."));
		String big = "a".repeat(64 * 1024 + 1);
		this.mvc
			.perform(
					post("/api/v1/threads").with(Members.KOELN.bearer())
						.contentType(MediaType.APPLICATION_JSON)
						.content("{\"space\":\"fragen\",\"type\":\"QUESTION\",\"title\":\"Groß\",\"markdown\":\"" + big
								+ "\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("post.body.tooLong"));
	}

	@Test
	void malformedJsonAndWrongMediaTypeAreClientErrors() throws Exception {
		this.mvc
			.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"space\": \"fragen\", "))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("kein gültiges JSON")));
		this.mvc.perform(
				post("/api/v1/threads").with(Members.KOELN.bearer()).contentType(MediaType.TEXT_PLAIN).content("hallo"))
			.andExpect(status().isUnsupportedMediaType());
		this.mvc
			.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"space\":\"fragen\",\"type\":\"UNSINN\",\"title\":\"t\",\"markdown\":\"x\"}"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void unknownIdsAre404AndClosedThreadsAre409() throws Exception {
		this.mvc.perform(get("/api/v1/threads/gibtesnicht").with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.title").value("Nicht gefunden"));
		this.mvc.perform(get(java.net.URI.create("/api/v1/posts/%3C%3E")).with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/v1/nirgendwo").with(Members.KOELN.bearer())).andExpect(status().isNotFound());
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Bald geschlossen");
		this.threads.moderate(actor(Members.DSTGB), id.thread().value(), ModerationAction.CLOSE, null);
		this.mvc
			.perform(post("/api/v1/threads/" + id.thread().value() + "/posts").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Zu spät\"}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.code").value("thread.closed"));
	}

	@Test
	void hiddenThreadsAre404ForOthers() throws Exception {
		PostId id = question(Members.HESSEN, STATE_SPACE, "Nur Länder");
		this.mvc.perform(get("/api/v1/threads/" + id.thread().value()).with(Members.DARMSTADT.bearer()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/v1/threads?space=laender").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isNotFound());
	}

	@Test
	void editWithStaleRevisionIsAConflict() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Revisionen");
		this.mvc
			.perform(put("/api/v1/posts/" + id).with(Members.DARMSTADT.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Zweite Fassung\",\"expectedRevision\":0}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.revision").value(1));
		this.mvc
			.perform(put("/api/v1/posts/" + id).with(Members.DARMSTADT.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Dritte Fassung\",\"expectedRevision\":0}"))
			.andExpect(status().isConflict());
		this.mvc.perform(get("/api/v1/posts/" + id + "/history").with(Members.KOELN.bearer()))
			.andExpect(jsonPath("$.length()").value(2));
	}

	@Test
	void badPagingIsRefused() throws Exception {
		this.mvc.perform(get("/api/v1/threads?size=1000").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/api/v1/threads?page=abc").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isBadRequest());
	}

	@Test
	void openApiDescriptionIsServed() throws Exception {
		this.mvc.perform(get("/api/v1/openapi.json"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openapi", startsWith("3.")))
			.andExpect(jsonPath("$.paths['/api/v1/threads']").exists());
	}

}
