package de.kommunalpakt.forum.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import de.kommunalpakt.forum.web.GermanTime;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The forum's clock in the embedded stack: real time, except while demo content is
 * written. Then the demo tells a story: {@link #beginStory} moves the clock back, each
 * {@link #nextDay} or {@link #later} moves it forward, and writes get those times, so the
 * demo shows weeks of history (questions on different days, answers hours later) instead
 * of every post at the minute of the first start. {@link #backToNow} ends it. Only the
 * embedded profile has it; elsewhere the clock is the system's.
 */
@Component
@Primary
@Profile("embedded")
public class DemoClock extends Clock {

	private static final ZoneId GERMAN = GermanTime.ZONE;

	/** The time writes get now, or null for real time. */
	private volatile Instant story;

	/** From now on, writes happen {@code daysAgo} days before today, at 08:00. */
	public void beginStory(int daysAgo) {
		this.story = LocalDate.now(GERMAN).minusDays(daysAgo).atTime(8, 0).atZone(GERMAN).toInstant();
	}

	/**
	 * On to the next day of the story, at an office hour (08:15 to 15:15, German time).
	 */
	public void nextDay() {
		LocalDate day = LocalDate.ofInstant(instant(), GERMAN).plusDays(1);
		this.story = day.atTime(8, 15).plusMinutes((day.getDayOfYear() * 53L) % 420).atZone(GERMAN).toInstant();
	}

	/** The story goes on {@code pause} later. */
	public void later(Duration pause) {
		this.story = instant().plus(pause);
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
