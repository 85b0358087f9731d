package de.kommunalpakt.forum.changes;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.shared.mongo.CoreProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the change log from growing without end: once an hour, changes older than
 * {@code forum.core.change-retention} (14 days unless set) go. Its readers need only the
 * recent part: the live pages the last seconds, the search indexer what came after its
 * checkpoint, notifications what came after theirs; an indexer further behind than that
 * rebuilds its index ({@link ChangeLog#prunedBelow()}), while notifications that far
 * behind are dropped with a warning ({@link ChangeReader}): two weeks late, they would
 * only mislead. Several instances may prune at once; each removes the same range.
 */
@Component
public class ChangeLogRetention {

	private static final Logger log = LoggerFactory.getLogger(ChangeLogRetention.class);

	private final ChangeLog changes;

	private final Duration retention;

	private final Clock clock;

	ChangeLogRetention(ChangeLog changes, CoreProperties properties, Clock clock) {
		this.changes = changes;
		this.retention = properties.changeRetention();
		this.clock = clock;
	}

	/** Removes the changes older than the retention; returns how many. */
	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	public long prune() {
		long removed = this.changes.pruneBefore(this.clock.instant().minus(this.retention));
		if (removed > 0) {
			log.info("Änderungsprotokoll: {} Einträge älter als {} entfernt", removed, this.retention);
		}
		return removed;
	}

}
