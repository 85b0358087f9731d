package de.kommunalpakt.forum.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Tomcat itself would answer, on a real port with raw HTTP: an encoded slash, a
 * query longer than the header buffer, a body over the limit, an unknown address. A
 * person gets the German error page with the forum's header, an API client a German
 * problem detail; Tomcat's English page never appears.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContainerErrorPageTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "container-errors");
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", () -> "http://127.0.0.1:9");
	}

	@Autowired
	RequestActivity activity;

	@Test
	void aRequestTheSecurityChainAnswersCountsAsSomeoneUsingTheForum() throws Exception {
		// Background work yields to requests from their first filter on: one that Spring
		// Security answers itself (a form without its CSRF token) counts too.
		Duration within = Duration.ofSeconds(1);
		Thread.sleep(within.toMillis() + 100);
		assertThat(this.activity.busy(within)).as("no request within the last second").isFalse();
		Answer refused = send("POST /t/abc/antworten HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n\r\ntext=x");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(this.activity.busy(within)).as("the refused form was a request").isTrue();
	}

	@Test
	void encodedSlashGetsTheGermanPageOrAProblemDetail() throws IOException {
		Answer page = send("GET /t/abc%2F..%2Fadmin HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n");
		assertThat(page.status()).isEqualTo(400);
		assertGermanPage(page);
		Answer api = send("GET /api/v1/threads/abc%2Fdef HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
		assertThat(api.status()).isEqualTo(400);
		assertProblemDetail(api);
	}

	@Test
	void veryLongQueryGetsTheGermanPage() throws IOException {
		Answer page = send("GET /suche?q=" + "Nachnutzung".repeat(2000)
				+ " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n");
		assertThat(page.status()).isEqualTo(400);
		assertGermanPage(page);
		assertThat(page.body()).contains("Adresse ist zu lang");
		// The tab names the error as the heading does, not just "Fehler".
		String heading = between(page.body(), "<h1 class=\"kern-heading\">", "</h1>");
		assertThat(heading).isNotBlank().isNotEqualTo("Fehler");
		assertThat(between(page.body(), "<title>", "</title>")).isEqualTo(heading + " – Forum Kommunalpakt");
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start);
		assertThat(from).as("%s in the page", start).isNotNegative();
		from += start.length();
		return text.substring(from, text.indexOf(end, from)).strip();
	}

	@Test
	void oversizedBodyIsRefusedWith413BeforeItIsSent() throws IOException {
		// Only the headers go out; the server must answer without waiting for 11 MB.
		Answer api = send("POST /api/v1/threads HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
				+ "Content-Length: " + (11 * 1024 * 1024) + "\r\n\r\n{\"title\":");
		assertThat(api.status()).isEqualTo(413);
		assertProblemDetail(api);
		assertThat(api.body()).contains("zu groß");
		Answer page = send("POST /t/abc/antworten HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + (11 * 1024 * 1024)
				+ "\r\n\r\ntext=");
		assertThat(page.status()).isEqualTo(413);
		assertGermanPage(page);
	}

	@Test
	void unknownApiAddressWithAnyMethodIsAProblemDetail() throws IOException {
		Answer api = send("DELETE /api/v1/gibt-es-nicht HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n");
		assertThat(api.status()).isBetween(400, 499);
		assertProblemDetail(api);
	}

	private static void assertGermanPage(Answer answer) {
		assertThat(answer.header("content-type")).startsWith("text/html");
		assertThat(answer.body())
			.contains("<html lang=\"de\"", "kern-kopfzeile", "Forum Kommunalpakt", "Zur Startseite")
			.doesNotContain("Apache Tomcat", "HTTP Status", "Whitelabel", "Exception");
	}

	private static void assertProblemDetail(Answer answer) {
		assertThat(answer.header("content-type")).startsWith("application/problem+json");
		assertThat(answer.body()).contains("\"title\"", "\"status\"", "\"detail\"").doesNotContain("Exception");
	}

	/** One request on a fresh connection; the answer as far as the server sends it. */
	private Answer send(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.UTF_8));
			out.flush();
			socket.shutdownOutput();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] buffer = new byte[8192];
			try {
				for (int n; (n = in.read(buffer)) > 0;) {
					received.write(buffer, 0, n);
					if (complete(received.toString(StandardCharsets.UTF_8))) {
						break;
					}
				}
			}
			catch (SocketException ex) {
				// A reset after the answer (the unread body) is fine.
			}
			return Answer.parse(received.toString(StandardCharsets.UTF_8));
		}
	}

	private static boolean complete(String text) {
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
		if (head.contains("transfer-encoding: chunked")) {
			return text.endsWith("0\r\n\r\n");
		}
		var length = java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(head);
		return length.find()
				&& text.substring(end + 4).getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length.group(1));
	}

	record Answer(int status, String head, String body) {

		static Answer parse(String raw) {
			int end = raw.indexOf("\r\n\r\n");
			assertThat(end).as("an HTTP answer, got: %s", raw).isPositive();
			String head = raw.substring(0, end);
			return new Answer(Integer.parseInt(head.split(" ")[1]), head, raw.substring(end + 4));
		}

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).strip();
				}
			}
			return "";
		}

	}

}
