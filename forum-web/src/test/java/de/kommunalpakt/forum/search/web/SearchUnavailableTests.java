package de.kommunalpakt.forum.search.web;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** With Elasticsearch unreachable, search says so and the rest of the forum works. */
@SpringBootTest
@AutoConfigureMockMvc
class SearchUnavailableTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	de.kommunalpakt.forum.space.SpaceRepository spaces;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "search-down");
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", () -> "http://127.0.0.1:9");
		registry.add("forum.search.timeout", () -> "500ms");
	}

	@Test
	void searchPageExplainsAndOtherPagesWork() throws Exception {
		this.spaces.save(new de.kommunalpakt.forum.space.Space(new de.kommunalpakt.forum.space.SpaceId("fragen"),
				"Fragen", "", de.kommunalpakt.forum.space.Visibility.ALL_MEMBERS, null, 1));
		this.mvc.perform(get("/suche?q=Wohngeld").with(Members.DARMSTADT.session()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("vorübergehend nicht verfügbar")));
		this.mvc.perform(get("/").with(Members.DARMSTADT.session())).andExpect(status().isOk());
	}

	@Test
	void searchApiAnswers503ProblemDetailWithRetryAfter() throws Exception {
		this.mvc.perform(get("/api/v1/search?q=Wohngeld").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
				.string("Retry-After", "30"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.detail")
				.value("Die Suche ist vorübergehend nicht verfügbar."));
	}

}
