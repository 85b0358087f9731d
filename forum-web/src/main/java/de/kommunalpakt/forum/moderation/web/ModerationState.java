package de.kommunalpakt.forum.moderation.web;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.moderation.Suspension;
import org.springframework.stereotype.Component;

/**
 * What every page's header shows about moderation: the open reports for moderators and
 * the suspension of the signed-in member. Both are asked on every page, so they come from
 * a short cache (a scan of the reports on the stand-in; an {@code _id} lookup for the
 * suspension); this instance drops it on every decision, other instances see it within
 * {@link #TTL}. Templates reach it as {@code @moderationState}.
 */
@Component("moderationState")
public class ModerationState {

	static final Duration TTL = Duration.ofSeconds(5);

	private final ModerationService moderation;

	private final Cache<String, Long> openReports = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(1).build();

	private final Cache<MemberId, Optional<Suspension>> suspensions = Caffeine.newBuilder()
		.expireAfterWrite(TTL)
		.maximumSize(50_000)
		.build();

	ModerationState(ModerationService moderation) {
		this.moderation = moderation;
	}

	/**
	 * Open reports (0 for members who are not moderators; -1 while the database does not
	 * answer: the header shows no number rather than a wrong one).
	 */
	public long openReports(Actor actor) {
		if (actor == null || !actor.isModerator()) {
			return 0;
		}
		try {
			return this.openReports.get("open", (k) -> this.moderation.openReports(actor));
		}
		catch (RuntimeException databaseDown) {
			// The page itself (often the German 503 page) must still render.
			return -1;
		}
	}

	/** The member's suspension in force, if any. */
	public Optional<Suspension> suspension(Actor actor) {
		if (actor == null) {
			return Optional.empty();
		}
		try {
			return this.suspensions.get(actor.id(), this.moderation::activeSuspension)
				.filter((s) -> s.isActiveAt(java.time.Instant.now()));
		}
		catch (RuntimeException databaseDown) {
			// No banner while the database does not answer; every write is refused then
			// anyway, and the page (often the German 503 page) must still render.
			return Optional.empty();
		}
	}

	/** Another member's suspension in force (their profile, for moderators). */
	public Optional<Suspension> suspensionOf(MemberId member) {
		return this.moderation.activeSuspension(member);
	}

	/** A decision was made in this instance: the header shows it at once. */
	void changed() {
		this.openReports.invalidateAll();
		this.suspensions.invalidateAll();
	}

}
