package de.kommunalpakt.forum.security;

import java.util.Map;
import java.util.Optional;

import de.kommunalpakt.forum.member.Actor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The actor of the current request, from the OIDC session or the bearer token. */
public final class CurrentActor {

	private CurrentActor() {
	}

	public static Optional<Actor> get() {
		return from(SecurityContextHolder.getContext().getAuthentication());
	}

	public static Optional<Actor> from(Authentication authentication) {
		return claims(authentication).map(ActorMapper::fromClaims);
	}

	public static Optional<Map<String, Object>> claims(Authentication authentication) {
		if (authentication == null) {
			return Optional.empty();
		}
		if (authentication.getPrincipal() instanceof OidcUser user) {
			return Optional.of(user.getClaims());
		}
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return Optional.of(jwt.getToken().getClaims());
		}
		return Optional.empty();
	}

}
