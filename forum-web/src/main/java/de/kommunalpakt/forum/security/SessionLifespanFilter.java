package de.kommunalpakt.forum.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a forum session once the login behind it is older than the longest session
 * Keycloak allows, however active the person is: the servlet session's idle timeout alone
 * would let an active session outlive Keycloak's. The next request then goes through the
 * login again (where Keycloak decides).
 */
class SessionLifespanFilter extends OncePerRequestFilter {

	private final Duration max;

	SessionLifespanFilter(Duration max) {
		this.max = max;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
			Instant login = (user.getIdToken().getAuthenticatedAt() != null) ? user.getIdToken().getAuthenticatedAt()
					: user.getIdToken().getIssuedAt();
			if (login != null && login.plus(this.max).isBefore(Instant.now())) {
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
				SecurityContextHolder.clearContext();
			}
		}
		chain.doFilter(request, response);
	}

}
