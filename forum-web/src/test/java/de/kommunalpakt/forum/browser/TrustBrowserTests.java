package de.kommunalpakt.forum.browser;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.infra.SharedTestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trust and safety as a person meets it, with the real Keycloak and Chromium: a session
 * that Keycloak ends (an administrator signs the person out) is over in the forum too;
 * the German error page for a mangled address, checked with axe.
 */
class TrustBrowserTests extends BrowserTestSupport {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void signingOutInKeycloakEndsTheForumSession() throws Exception {
		login("koeln");
		this.browser.get(url("/benachrichtigungen"));
		assertThat(this.browser.getCurrentUrl()).startsWith(url("/benachrichtigungen"));
		assertThat(this.browser.findElement(By.cssSelector(".site-user__name")).getText()).contains("Jonas Weber");

		// The administrator ends every session of the person in Keycloak; Keycloak then
		// posts a logout token to the forum's back-channel address.
		String token = adminToken();
		String userId = json(send(HttpRequest
			.newBuilder(URI.create(
					SharedTestServices.keycloakUrl() + "/admin/realms/kommunalpakt/users?exact=true&username=koeln"))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build())).get(0).get("id").asText();
		HttpResponse<String> logout = this.http.send(HttpRequest
			.newBuilder(URI
				.create(SharedTestServices.keycloakUrl() + "/admin/realms/kommunalpakt/users/" + userId + "/logout"))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(logout.statusCode()).isEqualTo(204);

		// The same browser, the same forum cookie: the forum no longer knows the session
		// and sends the person to Keycloak's login form.
		new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((driver) -> {
			driver.get(url("/benachrichtigungen"));
			return !driver.getCurrentUrl().startsWith(url("/"));
		});
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		assertThat(this.browser.getCurrentUrl()).startsWith(SharedTestServices.keycloakUrl());
	}

	@Test
	void logoutButtonPassesTheNarrowFormActionToKeycloakAndBack() {
		login("hessen");
		settledClick(this.browser,
				this.browser.findElement(By.cssSelector("form[action='/abmelden'] button[type='submit']")));
		// The form posts to the forum, which redirects to Keycloak's end-session
		// endpoint:
		// CSP form-action must allow the issuer, or Chromium stops here.
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until((driver) -> driver.getCurrentUrl().startsWith(url("/abgemeldet")));
		this.browser.get(url("/"));
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
	}

	@Test
	void mangledAddressShowsTheGermanErrorPageWithTheUsualHeader() {
		// Refused before any login: the firewall (encoded slash) and Tomcat (request line
		// too long) answer first.
		this.browser.get(url("/t/abc%2F..%2Fadmin"));
		assertThat(this.browser.findElement(By.cssSelector("h1")).getText()).isEqualTo("Ungültige Eingabe");
		assertThat(this.browser.findElement(By.cssSelector(".site-title__name")).getText())
			.isEqualTo("Forum Kommunalpakt");
		assertThat(this.browser.getPageSource()).doesNotContain("Apache Tomcat");
		assertThat(accessibilityViolations()).isEmpty();
		this.browser.get(url("/suche?q=" + "Nachnutzung".repeat(1500)));
		assertThat(this.browser.getPageSource()).contains("Die Adresse ist zu lang", "kern-kopfzeile");
		assertThat(this.browser.findElement(By.cssSelector(".site-title__name")).getText())
			.isEqualTo("Forum Kommunalpakt");
		assertThat(accessibilityViolations()).isEmpty();
	}

	private String adminToken() throws Exception {
		String form = "grant_type=password&client_id=admin-cli&username=admin&password="
				+ URLEncoder.encode("admin", StandardCharsets.UTF_8);
		return json(send(HttpRequest
			.newBuilder(URI.create(SharedTestServices.keycloakUrl() + "/realms/master/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build())).get("access_token").asText();
	}

	private String send(HttpRequest request) throws Exception {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private static JsonNode json(String body) throws Exception {
		return new ObjectMapper().readTree(body);
	}

}
