package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person in a browser: logs in through the forum's OIDC redirect and Keycloak's form,
 * then holds the forum's session cookie. Redirects are followed by hand, so each step's
 * answer can be checked.
 */
final class BrowserSession {

	private static final Pattern FORM_ACTION = Pattern.compile("action=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new LoopbackCookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final String baseUrl;

	/**
	 * Java's cookie manager without the Secure flag: Keycloak sets it even on plain http,
	 * and browsers (not Java) treat localhost as a secure context.
	 */
	private static final class LoopbackCookieManager extends CookieManager {

		@Override
		public void put(URI uri, Map<String, List<String>> headers) throws IOException {
			Map<String, List<String>> relaxed = new HashMap<>();
			headers.forEach((name, values) -> relaxed.put(name, (name != null && name.equalsIgnoreCase("Set-Cookie"))
					? values.stream().map((v) -> v.replaceAll("(?i);\\s*Secure", "")).toList() : values));
			super.put(uri, relaxed);
		}

	}

	BrowserSession(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/**
	 * Starts a login. Returns the forum's answer when it does not send the browser on to
	 * the identity provider (the German page while Keycloak is down), else logs in and
	 * returns null.
	 */
	HttpResponse<String> login(String username) throws IOException {
		HttpResponse<String> start = get(this.baseUrl + "/oauth2/authorization/keycloak");
		String next = start.headers().firstValue("Location").orElse("");
		if (start.statusCode() != 302 || next.startsWith(this.baseUrl) || next.startsWith("/")) {
			return next.isEmpty() ? start : get(next.startsWith("/") ? this.baseUrl + next : next);
		}
		HttpResponse<String> form = get(next);
		Matcher action = FORM_ACTION.matcher(form.body());
		if (!action.find()) {
			throw new IOException("Kein Anmeldeformular von Keycloak: " + form.statusCode());
		}
		HttpResponse<String> afterLogin = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=demo")));
		String callback = afterLogin.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IOException("Anmeldung abgelehnt: " + afterLogin.statusCode()));
		HttpResponse<String> done = get(callback);
		if (done.statusCode() != 302) {
			throw new IOException("Rückkehr ins Forum beantwortet mit " + done.statusCode());
		}
		return null;
	}

	HttpResponse<String> get(String url) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? this.baseUrl + url : url)).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

}
