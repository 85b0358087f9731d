package de.kommunalpakt.forum.audit;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Once a day, removes audit entries older than {@code forum.audit.retention} (two years
 * unless set). Several instances may prune at once; each removes the same entries.
 */
@Component
@EnableConfigurationProperties(AuditProperties.class)
public class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	private final AuditLog audit;

	private final Duration retention;

	private final Clock clock;

	AuditRetention(AuditLog audit, AuditProperties properties, Clock clock) {
		this.audit = audit;
		this.retention = properties.retention();
		this.clock = clock;
	}

	public Duration retention() {
		return this.retention;
	}

	/** Removes the entries older than the retention; returns how many. */
	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT24H")
	public long prune() {
		long removed = this.audit.pruneBefore(this.clock.instant().minus(this.retention));
		if (removed > 0) {
			log.info("Prüfprotokoll: {} Einträge älter als {} entfernt", removed, this.retention);
		}
		return removed;
	}

}
