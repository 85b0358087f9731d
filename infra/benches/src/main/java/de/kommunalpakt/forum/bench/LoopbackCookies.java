package de.kommunalpakt.forum.bench;

import java.net.CookieHandler;
import java.net.HttpCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A cookie jar for loopback only: keeps name and value per host and ignores the Secure
 * flag, which Keycloak sets even on plain http and which Java's CookieManager honours
 * strictly (browsers treat localhost as a secure context).
 */
final class LoopbackCookies extends CookieHandler {

	private final Map<String, Map<String, String>> byHost = new ConcurrentHashMap<>();

	@Override
	public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
		Map<String, String> cookies = this.byHost.getOrDefault(key(uri), Map.of());
		if (cookies.isEmpty()) {
			return Map.of();
		}
		return Map.of("Cookie",
				List.of(cookies.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining("; "))));
	}

	@Override
	public void put(URI uri, Map<String, List<String>> responseHeaders) {
		responseHeaders.forEach((name, values) -> {
			if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
				for (String value : values) {
					for (HttpCookie cookie : HttpCookie.parse(value)) {
						Map<String, String> jar = this.byHost.computeIfAbsent(key(uri),
								(k) -> new ConcurrentHashMap<>());
						if (cookie.getMaxAge() == 0) {
							jar.remove(cookie.getName());
						}
						else {
							jar.put(cookie.getName(), cookie.getValue());
						}
					}
				}
			}
		});
	}

	private static String key(URI uri) {
		return uri.getHost() + ":" + uri.getPort();
	}

}
