package de.kommunalpakt.forum.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTests {

	@Test
	void aTokenIsCheckedOnceUntilItExpires() {
		AtomicInteger checks = new AtomicInteger();
		JwtDecoder decoder = new CachingJwtDecoder((token) -> {
			checks.incrementAndGet();
			return jwt(token, Instant.now().plusSeconds(300));
		});
		Jwt first = decoder.decode("a");
		assertThat(decoder.decode("a")).isSameAs(first);
		assertThat(checks).hasValue(1);
		decoder.decode("b");
		assertThat(checks).hasValue(2);
	}

	@Test
	void eachTokenIsHandedOnOnceWhenItIsAcceptedAndARefusedOneNever() {
		List<String> accepted = new ArrayList<>();
		JwtDecoder decoder = new CachingJwtDecoder((token) -> {
			if (token.equals("forged")) {
				throw new BadJwtException("signature");
			}
			return jwt(token, Instant.now().plusSeconds(300));
		}, (jwt) -> accepted.add(jwt.getTokenValue()));
		decoder.decode("a");
		decoder.decode("a");
		decoder.decode("b");
		assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
		assertThat(accepted).containsExactly("a", "b");
	}

	@Test
	void anExpiredTokenIsCheckedAgainAndARefusedOneIsNeverKept() {
		AtomicInteger checks = new AtomicInteger();
		JwtDecoder decoder = new CachingJwtDecoder((token) -> {
			if (checks.incrementAndGet() > 1) {
				throw new BadJwtException("expired");
			}
			return jwt(token, Instant.now().minusSeconds(1));
		});
		decoder.decode("old");
		assertThatThrownBy(() -> decoder.decode("old")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> decoder.decode("old")).isInstanceOf(BadJwtException.class);
		assertThat(checks).hasValue(3);
	}

	@Test
	void theFirewallRuleIsTheDefaultPatternsRule() {
		Pattern defaultRule = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
		String[] values = { "", "Bearer eyJhbGciOi.abc-_", "Grüße aus Köln", "a\u0000b", "tab\there", "new\nline",
				"\u007f", "\u0085", "\u202e", "\ud83d\ude00", "\ud83d", "\u0378", "x\u009fy" };
		for (String value : values) {
			assertThat(SecurityConfiguration.assignedAndNotControl(value)).as("%s", value)
				.isEqualTo(defaultRule.matcher(value).matches());
		}
	}

	private static Jwt jwt(String token, Instant expires) {
		return Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.claim("sub", "x")
			.issuedAt(expires.minusSeconds(600))
			.expiresAt(expires)
			.build();
	}

}
