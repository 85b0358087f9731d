package de.kommunalpakt.forum.mail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.browser.BrowserTestSupport;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.mail.MailInbox.Received;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member who only uses the API, with a real Keycloak token, and never signs in through
 * the browser, gets mail at the address in her token. Runs in the browser tests'
 * application (the real identity provider and the test services' mail server); the
 * browser itself stays unused.
 */
class ApiMemberMailTests extends BrowserTestSupport {

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	SpaceRepository spaces;

	@Autowired
	MailSettingsRepository settings;

	@BeforeEach
	void space() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
	}

	@Test
	void aQuestionAskedThroughTheApiIsAnsweredByMail() throws Exception {
		String asker = passwordToken("kreis-gi");
		JsonNode claims = this.json.readTree(Base64.getUrlDecoder().decode(asker.split("\\.")[1]));
		String member = claims.get("sub").asText();
		String address = claims.get("email").asText();
		assertThat(address).isEqualTo("kreis-gi@demo.forum-kommunalpakt.example");
		// No browser login has recorded an address before (nor has an earlier run).
		this.settings.save(MailSettings.defaults(member, null));
		String title = "Rechnungseingang über die API " + UUID.randomUUID().toString().substring(0, 8);

		HttpResponse<String> asked = send("POST", "/api/v1/threads", asker, """
				{"space":"fragen","type":"QUESTION","title":"%s",
				 "markdown":"Wer nutzt den Rechnungseingang schon nach und wie lief der Anschluss?"}
				""".formatted(title));
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		assertThat(this.settings.find(member).orElseThrow().email()).isEqualTo(address);
		HttpResponse<String> own = send("GET", "/api/v1/me/mail-settings", asker, null);
		assertThat(this.json.readTree(own.body()).get("email").asText()).isEqualTo(address);

		String thread = asked.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
		HttpResponse<String> answered = send("POST", "/api/v1/threads/" + thread + "/posts", passwordToken("hessen"),
				"""
						{"markdown":"Hessen hat den Rechnungseingang seit März im Betrieb; der Anschluss dauerte zwei Wochen."}
						""");
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);

		List<Received> mails = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> MailInbox.read(SharedTestServices.mail().imap(), address)
				.stream()
				.filter((m) -> m.subject().contains(title))
				.toList(), (found) -> !found.isEmpty());
		assertThat(mails).hasSize(1);
		assertThat(mails.get(0).subject()).isEqualTo("Neue Antwort auf Ihr Thema: " + title);
		assertThat(mails.get(0).text()).contains("Hessen hat den Rechnungseingang seit März im Betrieb");
	}

	private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(url(path)))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
							: HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
