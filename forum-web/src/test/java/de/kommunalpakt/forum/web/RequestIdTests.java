package de.kommunalpakt.forum.web;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every request has an id: in the response header, in problem details, on the error page
 * and in the log lines written for it ({@link DatabaseOutageTests}).
 */
class RequestIdTests extends WebTestSupport {

	@Test
	void theProxysRequestIdIsKeptAndNamedInTheProblemDetail() throws Exception {
		this.mvc
			.perform(post("/api/v1/threads").with(Members.KOELN.bearer())
				.header(RequestId.HEADER, "proxy-4711-abcdef")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"space\":\"fragen\",\"type\":\"QUESTION\",\"title\":\"\",\"markdown\":\"Text\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(header().string(RequestId.HEADER, "proxy-4711-abcdef"))
			.andExpect(jsonPath("$.requestId").value("proxy-4711-abcdef"));
	}

	@Test
	void withoutOneOrWithAnImplausibleOneTheForumMakesItsOwn() throws Exception {
		MvcResult first = this.mvc.perform(get("/api/v1/threads/gibt-es-nicht").with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound())
			.andReturn();
		String id = first.getResponse().getHeader(RequestId.HEADER);
		assertThat(id).matches("[0-9a-f]{16}");
		assertThat(first.getResponse().getContentAsString()).contains("\"requestId\":\"" + id + "\"");
		MvcResult second = this.mvc
			.perform(get("/api/v1/threads/gibt-es-nicht").with(Members.KOELN.bearer())
				.header(RequestId.HEADER, "<script>alert(1)</script>"))
			.andExpect(status().isNotFound())
			.andReturn();
		assertThat(second.getResponse().getHeader(RequestId.HEADER)).matches("[0-9a-f]{16}").isNotEqualTo(id);
	}

	@Test
	void theErrorPageShowsTheId() throws Exception {
		this.mvc
			.perform(
					get("/t/gibt-es-nicht").with(Members.KOELN.session()).header(RequestId.HEADER, "seite-0815-abcdef"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("Kennung dieser Anfrage für Rückfragen: seite-0815-abcdef")));
	}

}
