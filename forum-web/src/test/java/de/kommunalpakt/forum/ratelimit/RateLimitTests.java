package de.kommunalpakt.forum.ratelimit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Limits stop scripts early, answer in German with Retry-After, and spare moderators.
 * With the production limits (the test profile raises them for all other tests).
 */
@TestPropertySource(properties = { "forum.rate-limit.limits.post.per-member=10",
		"forum.rate-limit.limits.post.per-minute=6", "forum.rate-limit.limits.post.per-address=200",
		"forum.rate-limit.limits.post.per-address-per-minute=120", "forum.rate-limit.limits.search.per-member=30",
		"forum.rate-limit.limits.search.per-minute=30", "forum.rate-limit.limits.search.per-address=600",
		"forum.rate-limit.limits.search.per-address-per-minute=300", "forum.rate-limit.limits.api.per-member=300",
		"forum.rate-limit.limits.api.per-minute=300", "forum.rate-limit.limits.api.per-address=3000",
		"forum.rate-limit.limits.api.per-address-per-minute=1500", "forum.rate-limit.limits.preview.per-member=60",
		"forum.rate-limit.limits.preview.per-minute=60" })
class RateLimitTests extends WebTestSupport {

	@Test
	void burstOfSixtyRepliesIsStoppedWellBeforeTheEnd() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Skript antwortet sechzigmal");
		long started = System.nanoTime();
		List<Integer> statuses = new ArrayList<>();
		MockHttpServletResponse firstRefusal = null;
		for (int i = 1; i <= 60; i++) {
			MockHttpServletResponse response = this.mvc
				.perform(post("/api/v1/threads/" + question.thread().value() + "/posts").with(Members.SCRIPT.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"markdown\":\"Antwort Nummer " + i + "\"}"))
				.andReturn()
				.getResponse();
			statuses.add(response.getStatus());
			if (response.getStatus() == 429 && firstRefusal == null) {
				firstRefusal = response;
			}
		}
		assertThat(System.nanoTime() - started).as("the burst took less than 10 s").isLessThan(10_000_000_000L);
		assertThat(statuses.indexOf(429)).as("first refusal (0-based)").isBetween(0, 10);
		assertThat(statuses.stream().filter((s) -> s == 201).count()).isLessThanOrEqualTo(11);
		assertThat(statuses.subList(12, 60)).containsOnly(429);
		assertThat(firstRefusal.getContentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(Long.parseLong(firstRefusal.getHeader("Retry-After"))).isBetween(1L, 60L);
		assertThat(firstRefusal.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
			.contains("\"code\":\"rateLimit.post\"", "Bitte warten Sie", "Sekunden");
	}

	@Test
	void productionDefaultsAreTheOnesThisTestUses() {
		var defaults = RateLimits.Settings.defaults();
		assertThat(defaults.get("post")).isEqualTo(new RateLimits.Limit(10, 6, 200, 120));
		assertThat(defaults.get("search")).isEqualTo(new RateLimits.Limit(30, 30, 600, 300));
		assertThat(defaults.get("api")).isEqualTo(new RateLimits.Limit(300, 300, 3000, 1500));
	}

	@Test
	void moderatorsAreNotLimited() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Moderation räumt auf");
		for (int i = 1; i <= 30; i++) {
			assertThat(this.mvc
				.perform(post("/api/v1/threads/" + question.thread().value() + "/posts").with(Members.DSTGB.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"markdown\":\"Hinweis " + i + "\"}"))
				.andReturn()
				.getResponse()
				.getStatus()).isEqualTo(201);
		}
	}

	@Test
	void replyFormShowsTheMessageAndKeepsTheText() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Formular zu schnell");
		MockHttpServletResponse refused = null;
		for (int i = 1; i <= 20 && refused == null; i++) {
			MockHttpServletResponse response = this.mvc
				.perform(post("/t/" + question.thread().value() + "/antworten").with(Members.HURRIED.session())
					.with(csrf())
					.param("text", "Mein sorgfältig geschriebener Beitrag Nummer " + i))
				.andReturn()
				.getResponse();
			if (response.getStatus() == 429) {
				refused = response;
			}
		}
		assertThat(refused).as("a refusal within 20 quick replies").isNotNull();
		assertThat(refused.getHeader("Retry-After")).isNotBlank();
		String page = refused.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(page).contains("Ihr Text bleibt erhalten")
			.containsPattern("Mein sorgfältig geschriebener Beitrag Nummer \\d+</textarea>");
	}

	@Test
	void previewShowsAShortHintWhenLimited() throws Exception {
		MockHttpServletResponse refused = null;
		for (int i = 1; i <= 70 && refused == null; i++) {
			MockHttpServletResponse response = this.mvc
				.perform(post("/vorschau").with(Members.SCRIPT.session()).with(csrf()).param("text", "Vorschau " + i))
				.andReturn()
				.getResponse();
			if (response.getStatus() == 429) {
				refused = response;
			}
		}
		assertThat(refused).isNotNull();
		assertThat(refused.getContentAsString(java.nio.charset.StandardCharsets.UTF_8))
			.startsWith("<p class=\"preview-hint\">")
			.contains("Vorschau")
			.doesNotContain("<html");
	}

	@Test
	void searchOverTheApiIsLimitedToo() throws Exception {
		int refusedAt = -1;
		for (int i = 1; i <= 60 && refusedAt < 0; i++) {
			int status = this.mvc
				.perform(get("/api/v1/search").param("q", "Wohngeld " + i).with(Members.SCRIPT.bearer()))
				.andReturn()
				.getResponse()
				.getStatus();
			if (status == 429) {
				refusedAt = i;
			}
		}
		// 30 at once, then one every 2 s: refused within a few seconds of searching.
		assertThat(refusedAt).isBetween(2, 45);
	}

}
