package de.kommunalpakt.forum.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The forum's clock in the embedded stack: real time, except while the demo content is
 * written. Then {@link DemoContent} (and the reuse models' demo) sets the time of each
 * write, so the demo shows a forum with a few weeks of history (questions on different
 * days, answers hours later) instead of every post at the minute of the first start. Only
 * the embedded profile has it; elsewhere the clock is the system's.
 */
@Component
@Primary
@Profile("embedded")
public class DemoClock extends Clock {

	/** The time writes get now, or null for real time. */
	private volatile Instant story;

	/** Writes from now on happen at {@code at}, until {@link #backToNow()}. */
	public void set(Instant at) {
		this.story = at;
	}

	public void backToNow() {
		this.story = null;
	}

	@Override
	public Instant instant() {
		Instant at = this.story;
		return (at != null) ? at : Instant.now();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		DemoClock self = this;
		return new Clock() {

			@Override
			public Instant instant() {
				return self.instant();
			}

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return self.withZone(other);
			}

		};
	}

}
