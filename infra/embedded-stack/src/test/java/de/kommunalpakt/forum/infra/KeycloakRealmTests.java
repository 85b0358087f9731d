package de.kommunalpakt.forum.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's realm file in a real Keycloak: the tokens carry what the forum maps to an
 * organisation and roles, and the audience it checks.
 */
class KeycloakRealmTests {

	@Test
	void demoMunicipalityTokenCarriesOrganisationLandAndAudience() throws Exception {
		String payload = accessTokenPayload("darmstadt");
		assertThat(payload).contains("\"organisation_id\":\"kommune-darmstadt\"", "\"organisation_kind\":\"KOMMUNE\"",
				"\"land\":\"HE\"", "\"aud\":\"forum-web\"", "\"preferred_username\":\"darmstadt\"",
				"\"iss\":\"" + SharedTestServices.keycloakIssuer() + "\"");
	}

	@Test
	void moderatorTokenCarriesItsRealmRoles() throws Exception {
		String payload = accessTokenPayload("bmi");
		assertThat(payload).contains("\"organisation_kind\":\"BUND\"", "forum-moderator", "forum-admin");
	}

	@Test
	void wrongPasswordGetsNoToken() throws Exception {
		HttpResponse<String> response = tokenRequest("darmstadt", "falsch");
		// OAuth 2.0 (RFC 6749 §5.2): a bad password is an invalid grant, and no token is
		// issued.
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid_grant").doesNotContain("access_token");
	}

	private static String accessTokenPayload(String user) throws Exception {
		HttpResponse<String> response = tokenRequest(user, "demo");
		assertThat(response.statusCode()).isEqualTo(200);
		String token = response.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
		return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
	}

	private static HttpResponse<String> tokenRequest(String user, String password) throws Exception {
		String form = "grant_type=password&client_id=forum-web&client_secret=dev-secret-change-me&scope=openid&username="
				+ user + "&password=" + password;
		return HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(SharedTestServices.keycloakIssuer() + "/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
