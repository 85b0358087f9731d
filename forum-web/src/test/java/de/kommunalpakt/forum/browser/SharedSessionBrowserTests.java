package de.kommunalpakt.forum.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one MongoDB without sticky sessions: this test's application (A, the
 * address Keycloak sends people back to) and a second one (B) on another port. The
 * browser logs in on A through Keycloak's form and continues on B with the same cookie
 * (browsers send localhost cookies to every port); the Keycloak session is known to B
 * too, and a back-channel logout ends the session on both.
 */
class SharedSessionBrowserTests extends BrowserTestSupport {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void loggedInOnAContinuesOnBAndKeycloakLogoutEndsItOnBoth() throws Exception {
		Map<String, String> props = Map.of("server.port", "0", "spring.mongodb.uri", TestMongo.uri(),
				"forum.core.database", "browser-tests", "forum.auth.issuer-uri", SharedTestServices.keycloakIssuer(),
				"forum.search.uris", SharedTestServices.elasticsearchUrl(), "forum.search.index",
				"browser-tests-threads");
		String[] args = props.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext b = new SpringApplicationBuilder(ForumApplication.class).run(args)) {
			String onB = "http://localhost:" + b.getEnvironment().getProperty("local.server.port");

			login("koeln");
			String cookie = this.browser.manage().getCookieNamed("JSESSIONID").getValue();
			this.browser.get(onB + "/benachrichtigungen");
			assertThat(this.browser.getCurrentUrl()).isEqualTo(onB + "/benachrichtigungen");
			assertThat(this.browser.findElement(By.cssSelector(".site-user__name")).getText()).contains("Jonas Weber");
			assertThat(this.browser.manage().getCookieNamed("JSESSIONID").getValue()).isEqualTo(cookie);
			assertThat(pageStatus(onB + "/benachrichtigungen", cookie)).isEqualTo(200);

			// B knows which Keycloak session belongs to the forum session created on A
			// (so a
			// logout token reaching B finds it), under the id the browser holds after
			// login.
			OidcSessionRegistry registryB = b.getBean(OidcSessionRegistry.class);
			OidcSessionInformation known = registryB.removeSessionInformation(cookie);
			assertThat(known).isNotNull();
			assertThat(known.getPrincipal().getPreferredUsername()).isEqualTo("koeln");
			registryB.saveSessionInformation(known);

			// Keycloak ends the person's sessions and posts the logout token to A: the
			// session is gone for B as well.
			adminLogout("koeln");
			// (Asked without a browser: B is not an address Keycloak sends people back
			// to.)
			new WebDriverWait(this.browser, Duration.ofSeconds(20))
				.until((driver) -> pageStatus(onB + "/benachrichtigungen", cookie) == 302);
			assertThat(registryB.removeSessionInformation(cookie)).isNull();
		}
	}

	private void adminLogout(String username) throws Exception {
		String token = new ObjectMapper()
			.readTree(send(HttpRequest
				.newBuilder(
						URI.create(SharedTestServices.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers
					.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin"))
				.build()))
			.get("access_token")
			.asText();
		JsonNode users = new ObjectMapper().readTree(send(HttpRequest
			.newBuilder(URI.create(SharedTestServices.keycloakUrl()
					+ "/admin/realms/kommunalpakt/users?exact=true&username=" + username))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build()));
		HttpResponse<String> logout = this.http.send(HttpRequest
			.newBuilder(URI.create(SharedTestServices.keycloakUrl() + "/admin/realms/kommunalpakt/users/"
					+ users.get(0).get("id").asText() + "/logout"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(logout.statusCode()).isEqualTo(204);
	}

	/** The status of a page asked for with the session cookie, redirects not followed. */
	private int pageStatus(String url, String session) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", "JSESSIONID=" + session).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String send(HttpRequest request) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
