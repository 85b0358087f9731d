package de.kommunalpakt.forum.security;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.support.WebTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A new login while the identity provider is down ends on a German page instead of a
 * redirect to a server that does not answer. (The shared test context's issuer is a port
 * where nothing listens.)
 */
class LoginUnavailableTests extends WebTestSupport {

	@Test
	void newLoginWhileTheProviderIsDownShowsAGermanPage() throws Exception {
		this.mvc.perform(get("/bereiche/fragen"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/oauth2/authorization/keycloak"));
		this.mvc.perform(get("/oauth2/authorization/keycloak"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl(IdentityProviderGuard.UNAVAILABLE_PAGE));
		this.mvc.perform(get(IdentityProviderGuard.UNAVAILABLE_PAGE))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().string(containsString("Anmeldung gerade nicht möglich")))
			.andExpect(content().string(containsString("Wer schon angemeldet ist, kann weiterarbeiten")));
	}

	@Test
	void aProviderThatAnswersIsReachable() {
		assertThat(new IdentityProviderGuard(SharedTestServices.keycloakIssuer()).reachable()).isTrue();
		assertThat(new IdentityProviderGuard("http://127.0.0.1:9/realms/kommunalpakt").reachable()).isFalse();
	}

}
