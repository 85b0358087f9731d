package de.kommunalpakt.forum.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On every start: watch settings whose writing a crash interrupted (the member's document
 * written, the target's not) are completed, so that the members they belong to get the
 * notifications their settings page promises ({@link WatchRepository#finishInterrupted}).
 */
@Component
class WatchCheck implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(WatchCheck.class);

	private final WatchRepository watches;

	WatchCheck(WatchRepository watches) {
		this.watches = watches;
	}

	@Override
	public void run(ApplicationArguments args) {
		int finished = this.watches.finishInterrupted();
		if (finished > 0) {
			log.warn("Start-Prüfung: {} unterbrochene Beobachtungs-Einstellungen vervollständigt", finished);
		}
	}

}
