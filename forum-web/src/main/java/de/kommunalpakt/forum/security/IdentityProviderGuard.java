package de.kommunalpakt.forum.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a new login to the identity provider only while it answers. Without this, a
 * person whose session has run out would be redirected to a login server that is down and
 * see their browser's connection error instead of a German page. Members who are signed
 * in are not affected: their session (pages) and their tokens (API, checked with the
 * cached signing keys) keep working while the provider is away.
 */
class IdentityProviderGuard extends OncePerRequestFilter {

	/** Where the German page explains that login is not possible right now. */
	static final String UNAVAILABLE_PAGE = "/anmeldung/nicht-verfuegbar";

	private static final Logger log = LoggerFactory.getLogger(IdentityProviderGuard.class);

	/** How long one answer of the provider counts, so a burst of logins asks once. */
	private static final long REMEMBER_NANOS = Duration.ofSeconds(3).toNanos();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(1500)).build();

	private final URI discovery;

	private volatile long checkedAt;

	private volatile boolean reachable = true;

	IdentityProviderGuard(String issuerUri) {
		this.discovery = URI.create(issuerUri + "/.well-known/openid-configuration");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith("/oauth2/authorization/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (reachable()) {
			chain.doFilter(request, response);
		}
		else {
			response.sendRedirect(request.getContextPath() + UNAVAILABLE_PAGE);
		}
	}

	boolean reachable() {
		long now = System.nanoTime();
		if (now - this.checkedAt < REMEMBER_NANOS) {
			return this.reachable;
		}
		boolean answered;
		try {
			answered = this.http
				.send(HttpRequest.newBuilder(this.discovery).timeout(Duration.ofMillis(1500)).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			answered = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			answered = false;
		}
		if (answered != this.reachable) {
			log.warn("Identity provider {} is {}", this.discovery, answered ? "reachable again" : "not reachable");
		}
		this.reachable = answered;
		this.checkedAt = now;
		return answered;
	}

}
