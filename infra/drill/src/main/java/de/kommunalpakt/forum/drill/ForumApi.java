package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forum's REST API as a member uses it: a bearer token from Keycloak (password grant
 * of the demo realm), then JSON over HTTP.
 */
public final class ForumApi {

	/** The embedded stack's development client secret (infra/keycloak realm file). */
	static final String DEV_CLIENT_SECRET = "dev-secret-change-me";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String baseUrl;

	private final String issuer;

	public ForumApi(String baseUrl, String issuer) {
		this.baseUrl = baseUrl;
		this.issuer = issuer;
	}

	/** A status and, for 2xx, the body. */
	public record Answer(int status, JsonNode body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

	/** An access token for a demo member (password {@code demo}). */
	public String token(String username) throws IOException {
		String form = "grant_type=password&client_id=forum-web&client_secret=" + DEV_CLIENT_SECRET + "&username="
				+ username + "&password=demo&scope=openid";
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create(this.issuer + "/protocol/openid-connect/token"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form)));
		if (response.statusCode() != 200) {
			throw new IOException("Anmeldung von " + username + " fehlgeschlagen: " + response.statusCode());
		}
		return JSON.readTree(response.body()).path("access_token").asString();
	}

	public String startThread(String token, String space, String title, String markdown) throws IOException {
		Answer answer = postJson(token, "/api/v1/threads",
				Map.of("space", space, "type", "DISCUSSION", "title", title, "markdown", markdown));
		if (!answer.ok()) {
			throw new IOException("Thema nicht angelegt: " + answer.status());
		}
		return answer.body().path("id").asString();
	}

	public Answer reply(String token, String threadId, String markdown) throws IOException {
		return postJson(token, "/api/v1/threads/" + threadId + "/posts", Map.of("markdown", markdown));
	}

	/** A moderation decision about a post (HIDE, RESTORE, ...). */
	public Answer moderate(String token, String postId, String action, String reason) throws IOException {
		return postJson(token, "/api/v1/posts/" + postId + "/moderation", Map.of("action", action, "reason", reason));
	}

	public Answer get(String token, String path) throws IOException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "application/json")
			.GET());
		return answer(response);
	}

	/** The markdown of every post the thread serves, page by page, and its thread. */
	public ThreadContent thread(String token, String threadId) throws IOException {
		List<JsonNode> posts = new ArrayList<>();
		JsonNode thread = null;
		int pages = 1;
		for (int page = 0; page < pages; page++) {
			Answer answer = get(token, "/api/v1/threads/" + threadId + "?page=" + page);
			if (!answer.ok()) {
				throw new IOException("Thema " + threadId + " Seite " + page + ": " + answer.status());
			}
			thread = answer.body().path("thread");
			pages = answer.body().path("pageCount").asInt();
			answer.body().path("posts").forEach(posts::add);
		}
		return new ThreadContent(thread, pages, posts);
	}

	/** A thread as the API serves it. */
	public record ThreadContent(JsonNode thread, int pageCount, List<JsonNode> posts) {
	}

	/** Ids of the threads a search finds, or empty when the search itself failed. */
	public Optional<List<String>> search(String token, String query) throws IOException {
		Answer answer = get(token, "/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		if (!answer.ok()) {
			return Optional.empty();
		}
		List<String> ids = new ArrayList<>();
		answer.body().path("hits").forEach((hit) -> ids.add(hit.path("threadId").asString()));
		return Optional.of(ids);
	}

	private Answer postJson(String token, String path, Object body) throws IOException {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		return answer(response);
	}

	private static Answer answer(HttpResponse<String> response) {
		JsonNode body = null;
		String text = response.body();
		if (text != null && !text.isBlank() && text.strip().startsWith("{")) {
			try {
				body = JSON.readTree(text);
			}
			catch (RuntimeException ex) {
				body = null;
			}
		}
		return new Answer(response.statusCode(), body);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
