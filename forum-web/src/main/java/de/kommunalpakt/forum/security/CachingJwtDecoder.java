package de.kommunalpakt.forum.security;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Decodes each bearer token once: an API client sends the same token with every request
 * until it expires, and checking its RSA signature and parsing its claims again each time
 * was about a tenth of the forum's work per search. A token is kept only until its own
 * expiry (so an expired token is checked anew and refused), at most {@link #MAX_TOKENS}
 * tokens; a token that fails is never kept. Each token, when it is checked and kept, is
 * handed to the listener (which records the member as a login does, see
 * {@link SignIns#token}); a token checked again after it expired is handed on again.
 */
final class CachingJwtDecoder implements JwtDecoder {

	static final int MAX_TOKENS = 2_000;

	/** Tokens without an expiry are not kept longer than this. */
	static final Duration MAX_AGE = Duration.ofMinutes(5);

	private final JwtDecoder delegate;

	private final Cache<String, Jwt> decoded;

	private final Consumer<Jwt> accepted;

	CachingJwtDecoder(JwtDecoder delegate) {
		this(delegate, (jwt) -> {
		});
	}

	CachingJwtDecoder(JwtDecoder delegate, Consumer<Jwt> accepted) {
		this.delegate = delegate;
		this.accepted = accepted;
		this.decoded = Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfter(new Expiry<String, Jwt>() {
			@Override
			public long expireAfterCreate(String token, Jwt jwt, long now) {
				Instant expires = jwt.getExpiresAt();
				Duration left = (expires != null) ? Duration.between(Instant.now(), expires) : MAX_AGE;
				return Math.max(0, Math.min(left.toNanos(), MAX_AGE.toNanos()));
			}

			@Override
			public long expireAfterUpdate(String token, Jwt jwt, long now, long current) {
				return current;
			}

			@Override
			public long expireAfterRead(String token, Jwt jwt, long now, long current) {
				return current;
			}
		}).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.decoded.getIfPresent(token);
		if (known != null && (known.getExpiresAt() == null || known.getExpiresAt().isAfter(Instant.now()))) {
			return known;
		}
		Jwt jwt = this.delegate.decode(token);
		this.decoded.put(token, jwt);
		this.accepted.accept(jwt);
		return jwt;
	}

}
