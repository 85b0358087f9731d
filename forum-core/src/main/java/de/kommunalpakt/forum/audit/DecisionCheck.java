package de.kommunalpakt.forum.audit;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.audit.PendingDecisions.Pending;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * On every start: decisions that a crash interrupted between their write and their audit
 * entry ({@link AuditTrail#decide}) are finished if their write landed (entry stored,
 * change announced, so the member concerned is notified), and dropped if it did not. Only
 * decisions noted before this process started are looked at: any later one may be in
 * flight here. Every five minutes after, the notes older than two minutes are looked at
 * again ({@link #sweep}): one whose write failed while the database also refused to
 * settle it (an outage), or one left by another instance that stopped.
 */
@Component
public class DecisionCheck implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DecisionCheck.class);

	/** Longer than any decision's write takes: a younger note may be in flight. */
	private static final Duration IN_FLIGHT = Duration.ofMinutes(2);

	private final PendingDecisions pending;

	private final AuditTrail trail;

	DecisionCheck(PendingDecisions pending, AuditTrail trail) {
		this.pending = pending;
		this.trail = trail;
	}

	@Override
	public void run(ApplicationArguments args) {
		finishInterrupted(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
	}

	/**
	 * The notes older than two minutes (no decision takes that long).
	 * @return how many were finished
	 */
	@Scheduled(fixedDelay = 300_000, initialDelay = 300_000)
	public int sweep() {
		try {
			return finishInterrupted(Instant.now().minus(IN_FLIGHT));
		}
		catch (RuntimeException ex) {
			log.warn("Prüfprotokoll: unterbrochene Entscheidungen nicht geprüft, neuer Versuch in 5 min: {}",
					ex.toString());
			return 0;
		}
	}

	/**
	 * Finishes or drops the decisions noted before {@code before}.
	 * @return how many were finished
	 */
	public int finishInterrupted(Instant before) {
		int finished = 0;
		int dropped = 0;
		for (Pending noted : this.pending.notedBefore(before)) {
			if (this.trail.settle(noted)) {
				finished++;
			}
			else {
				dropped++;
			}
		}
		if (finished + dropped > 0) {
			log.warn("Prüfprotokoll: {} unterbrochene Entscheidungen vervollständigt, {} ohne Wirkung verworfen",
					finished, dropped);
		}
		return finished;
	}

}
