package de.kommunalpakt.forum.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * Token buckets (Bucket4j) per member and per client address for each kind of action. A
 * person never notices them; a script that posts 60 replies in 10 seconds is stopped
 * after the first {@code post.member.capacity}. Moderators and administrators are exempt:
 * they clean up in bursts. The demo scenario writes through the services, not over HTTP,
 * so it never meets a limit.
 * <p>
 * Buckets live in this instance's memory (bounded, idle ones expire): with several
 * instances behind a balancer each one counts for itself, so the effective limit is at
 * most the number of instances times the configured one.
 */
@Component
public class RateLimits {

	/** What is limited; each has its own buckets. */
	public enum Action {

		/** A reply or an edit. */
		POST,
		/** A new thread. */
		THREAD,
		/** A report of a post. */
		REPORT,
		/** A search, on the page or over the API. */
		SEARCH,
		/** The Markdown preview while writing. */
		PREVIEW,
		/** PDF, Markdown and CSV downloads. */
		EXPORT,
		/** Any request to /api. */
		API

	}

	private final Settings settings;

	private final Cache<String, Bucket> buckets;

	public RateLimits(Settings settings) {
		this.settings = settings;
		this.buckets = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofHours(2)).build();
	}

	/**
	 * Takes one token for the action from the member's and the address's bucket.
	 * @param actor the member, or null before login
	 * @param address the client address (behind the proxy: from X-Forwarded-For)
	 * @throws ForumException.Throttled with the seconds to wait
	 */
	public void take(Action action, Actor actor, String address) {
		if (!this.settings.enabled()) {
			return;
		}
		if (actor != null && (actor.isModerator() || actor.isAdmin())) {
			return;
		}
		Limit limit = this.settings.limits().get(action.name().toLowerCase(java.util.Locale.ROOT));
		if (limit == null) {
			return;
		}
		if (actor != null) {
			consume(action, "m:" + actor.id().value(), limit.perMember(), limit.perMinute());
		}
		if (address != null) {
			consume(action, "a:" + address, limit.perAddress(), limit.perAddressPerMinute());
		}
	}

	private void consume(Action action, String who, int capacity, int perMinute) {
		if (capacity <= 0) {
			return;
		}
		Bucket bucket = this.buckets.get(action + "|" + who, (key) -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
			throw new ForumException.Throttled("rateLimit." + action.name().toLowerCase(java.util.Locale.ROOT),
					seconds);
		}
	}

	/**
	 * One limit: a burst of {@code perMember} (refilled at {@code perMinute} a minute)
	 * for each member, and {@code perAddress} (refilled at {@code perAddressPerMinute})
	 * for each client address, which many people of one administration may share.
	 *
	 * @param perMember burst per member
	 * @param perMinute refill per member and minute
	 * @param perAddress burst per address
	 * @param perAddressPerMinute refill per address and minute
	 */
	public record Limit(int perMember, int perMinute, int perAddress, int perAddressPerMinute) {
	}

	/**
	 * Limits by action ({@code post}, {@code thread}, {@code report}, {@code search},
	 * {@code preview}, {@code export}, {@code api}); a missing action is unlimited.
	 *
	 * @param enabled false only for load measurements (profile {@code bench})
	 * @param limits the limit of each action
	 */
	@ConfigurationProperties("forum.rate-limit")
	public record Settings(@DefaultValue("true") boolean enabled, @DefaultValue Map<String, Limit> limits) {

		public Settings {
			// Configured limits replace the default of their action only.
			Map<String, Limit> merged = new java.util.HashMap<>(defaults());
			if (limits != null) {
				merged.putAll(limits);
			}
			limits = Map.copyOf(merged);
		}

		/**
		 * Generous for people, tight for scripts. A reply takes a person at least half a
		 * minute; ten in a row still pass.
		 */
		public static Map<String, Limit> defaults() {
			return Map.of("post", new Limit(10, 6, 200, 120), "thread", new Limit(5, 2, 60, 30), "report",
					new Limit(10, 5, 100, 60), "search", new Limit(30, 30, 600, 300), "preview",
					new Limit(60, 60, 1200, 600), "export", new Limit(10, 10, 200, 100), "api",
					new Limit(300, 300, 3000, 1500));
		}

	}

}
