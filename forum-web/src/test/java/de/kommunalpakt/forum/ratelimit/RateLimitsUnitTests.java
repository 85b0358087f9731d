package de.kommunalpakt.forum.ratelimit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.support.Members;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The buckets without Spring: per address as well as per member, and the bench switch.
 */
class RateLimitsUnitTests {

	@Test
	void addressBucketStopsManyMembersBehindOneAddress() {
		RateLimits limits = new RateLimits(
				new RateLimits.Settings(true, Map.of("post", new RateLimits.Limit(100, 100, 3, 1))));
		limits.take(RateLimits.Action.POST, ActorMapper.fromClaims(Members.DARMSTADT.claims()), "10.0.0.7");
		limits.take(RateLimits.Action.POST, ActorMapper.fromClaims(Members.KOELN.claims()), "10.0.0.7");
		limits.take(RateLimits.Action.POST, ActorMapper.fromClaims(Members.HESSEN.claims()), "10.0.0.7");
		assertThatThrownBy(
				() -> limits.take(RateLimits.Action.POST, ActorMapper.fromClaims(Members.SCRIPT.claims()), "10.0.0.7"))
			.isInstanceOf(ForumException.Throttled.class);
		assertThatCode(
				() -> limits.take(RateLimits.Action.POST, ActorMapper.fromClaims(Members.SCRIPT.claims()), "10.0.0.8"))
			.doesNotThrowAnyException();
	}

	@Test
	void disabledLimitsNeverRefuse() {
		RateLimits limits = new RateLimits(new RateLimits.Settings(false, Map.of()));
		for (int i = 0; i < 1000; i++) {
			limits.take(RateLimits.Action.POST, ActorMapper.fromClaims(Members.SCRIPT.claims()), "10.0.0.9");
		}
	}

}
