package de.kommunalpakt.forum.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Headers of a hardened production forum, and a session that ends with Keycloak's. */
class SecurityHeadersTests extends WebTestSupport {

	@Test
	void pagesSendHstsReferrerAndPermissionsPolicyAndANarrowFormAction() throws Exception {
		this.mvc.perform(get("/").secure(true).with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(header().string("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains"))
			.andExpect(header().string("Referrer-Policy", "same-origin"))
			.andExpect(header().string("Permissions-Policy",
					allOf(containsString("camera=()"), containsString("geolocation=()"),
							containsString("microphone=()"))))
			.andExpect(header().string("Content-Security-Policy",
					allOf(containsString("form-action 'self' http://localhost:9;"), not(containsString("https:;")),
							not(containsString("localhost:*")))));
	}

	@Test
	void hstsOnlyOverHttpsAndOnTheApiToo() throws Exception {
		this.mvc.perform(get("/impressum")).andExpect(header().doesNotExist("Strict-Transport-Security"));
		this.mvc.perform(get("/api/v1/me").secure(true).with(Members.DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(header().exists("Strict-Transport-Security"))
			.andExpect(header().string("Referrer-Policy", "same-origin"))
			.andExpect(header().exists("Permissions-Policy"));
	}

	@Test
	void sessionOlderThanKeycloaksMaximumLogsInAgain() throws Exception {
		this.mvc.perform(get("/").with(login(Instant.now().minus(9, ChronoUnit.HOURS)))).andExpect(status().isOk());
		this.mvc.perform(get("/").with(login(Instant.now().minus(11, ChronoUnit.HOURS))))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/oauth2/authorization/keycloak"));
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor login(Instant at) {
		return SecurityMockMvcRequestPostProcessors.oidcLogin()
			.idToken((token) -> token.claims((c) -> c.putAll(Members.DARMSTADT.claims()))
				.claim("auth_time", at)
				.issuedAt(at));
	}

}
