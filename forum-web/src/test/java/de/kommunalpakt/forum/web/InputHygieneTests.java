package de.kommunalpakt.forum.web;

import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadQuery;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Control characters and bidi overrides: refused with a German reason in titles and tags
 * (API and page form), removed from bodies.
 */
class InputHygieneTests extends WebTestSupport {

	private static final String RLO = "\u202E";

	@Test
	void titleWithNulOrRightToLeftOverrideIsRefusedAndNothingIsStored() throws Exception {
		long before = threadCount();
		for (String title : new String[] { "Frage\\u0000zur Nachnutzung", "Frage " + RLO + "gnuztunhcaN",
				"Frage\\u2066isoliert\\u2069", "Frage\\u001b[31m" }) {
			this.mvc
				.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"space\":\"fragen\",\"type\":\"QUESTION\",\"title\":\"" + title
							+ "\",\"markdown\":\"Text\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.code").value("input.controlCharacters"))
				.andExpect(jsonPath("$.errors.title", containsString("Steuerzeichen")));
		}
		assertThat(threadCount()).isEqualTo(before);
	}

	@Test
	void pageFormShowsTheReasonAndKeepsTheText() throws Exception {
		this.mvc
			.perform(post("/bereiche/fragen/neu").with(Members.KOELN.session())
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
				.param("typ", "QUESTION")
				.param("titel", "Wer " + RLO + "hat Erfahrung")
				.param("text", "Mein ausführlicher Text bleibt erhalten."))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Schreibrichtung umkehren")))
			.andExpect(content().string(containsString("Mein ausführlicher Text bleibt erhalten.")));
	}

	@Test
	void tagWithControlCharacterIsRefused() throws Exception {
		this.mvc
			.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"space\":\"fragen\",\"type\":\"QUESTION\",\"title\":\"Schlagworte\",\"markdown\":\"Text\","
						+ "\"tags\":[\"fit" + RLO + "connect\"]}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("input.controlCharacters"))
			.andExpect(jsonPath("$.errors.tags", containsString("Steuerzeichen")));
	}

	@Test
	void controlCharactersAreRemovedFromBodies() throws Exception {
		PostId question = question(Members.KOELN, OPEN_SPACE, "Steuerzeichen im Text");
		String created = this.mvc
			.perform(post("/api/v1/threads/" + question.thread().value() + "/posts").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Hallo\\u0007 Welt" + RLO + "!\\r\\nZweite\\u0000 Zeile\\tmit Tab\"}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String markdown = JsonPath.read(created, "$.markdown");
		assertThat(markdown).isEqualTo("Hallo Welt!\nZweite Zeile\tmit Tab");
		assertThat(markdown.codePoints().filter((cp) -> cp < 0x20 && cp != '\n' && cp != '\t')).isEmpty();
		// A body of nothing but such characters is empty.
		this.mvc
			.perform(post("/api/v1/threads/" + question.thread().value() + "/posts").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"\\u0000" + RLO + "\\u0007\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("post.body.empty"));
	}

	@Test
	void searchPageAndApiRefuseNothingButNeverFailOnControlCharacters() throws Exception {
		this.mvc.perform(get("/api/v1/search").param("q", "Wohn\u0000geld" + RLO).with(Members.KOELN.bearer()))
			.andExpect((r) -> assertThat(r.getResponse().getStatus()).isLessThan(500));
	}

	private long threadCount() {
		return this.threads.list(actor(Members.ADMIN), ThreadQuery.in(Set.of()), 0, 1).total();
	}

}
