package de.kommunalpakt.forum.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.LiveFeed;
import de.kommunalpakt.forum.notification.InboxRepository;
import de.kommunalpakt.forum.thread.SubmissionRepository;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The retention rules for short-lived personal data, as the privacy page states them,
 * enforced once an hour:
 * <ul>
 * <li>form and API idempotency tokens: {@value #TOKEN_HOURS} hours;</li>
 * <li>presence entries ("liest gerade"): {@value #PRESENCE_MINUTES} minutes after their
 * last refresh;</li>
 * <li>notifications: {@value #NOTIFICATION_DAYS} days (and at most the newest 200 per
 * inbox, as before).</li>
 * </ul>
 * The change log (14 days) and the audit log (two years) keep their own rules.
 */
@Component
public class DataRetention {

	static final int TOKEN_HOURS = 24;

	static final int PRESENCE_MINUTES = 60;

	static final int NOTIFICATION_DAYS = 180;

	private static final Logger log = LoggerFactory.getLogger(DataRetention.class);

	private final SubmissionRepository submissions;

	private final LiveFeed presence;

	private final InboxRepository inboxes;

	private final Clock clock;

	DataRetention(SubmissionRepository submissions, LiveFeed presence, InboxRepository inboxes, Clock clock) {
		this.submissions = submissions;
		this.presence = presence;
		this.inboxes = inboxes;
		this.clock = clock;
	}

	/**
	 * Applies every rule once.
	 * @return what was removed
	 */
	@Scheduled(initialDelayString = "PT7M", fixedDelayString = "PT1H")
	public Removed apply() {
		Instant now = this.clock.instant();
		Removed removed = new Removed(this.submissions.pruneBefore(now.minus(Duration.ofHours(TOKEN_HOURS))),
				this.presence.prunePresence(now.minus(Duration.ofMinutes(PRESENCE_MINUTES))),
				this.inboxes.pruneBefore(now.minus(Duration.ofDays(NOTIFICATION_DAYS))));
		if (removed.tokens() + removed.presence() + removed.notifications() > 0) {
			log.info("Aufbewahrung: {} Formular-Token, {} Anwesenheitseinträge, {} Benachrichtigungen entfernt",
					removed.tokens(), removed.presence(), removed.notifications());
		}
		return removed;
	}

	/**
	 * What one run removed.
	 *
	 * @param tokens idempotency tokens
	 * @param presence presence entries
	 * @param notifications notifications
	 */
	public record Removed(long tokens, long presence, long notifications) {
	}

}
