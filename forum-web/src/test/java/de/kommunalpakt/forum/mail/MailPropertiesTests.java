package de.kommunalpakt.forum.mail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waits of the outbox: retries of one mail, and the rounds while the relay cannot be
 * reached (which the outbox page names).
 */
class MailPropertiesTests {

	private static MailProperties with(Duration firstRetry, Duration maxRetry) {
		return new MailProperties(true, "Forum <forum@localhost>", "http://localhost:8080", "secret", 8, firstRetry,
				maxRetry, Duration.ofSeconds(5), "antwort@localhost", null, 4);
	}

	@Test
	void retriesDoubleUpToTheLongestWait() {
		MailProperties properties = with(Duration.ofSeconds(30), Duration.ofHours(1));
		assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.backoff(2)).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.backoff(7)).isEqualTo(Duration.ofMinutes(32));
		assertThat(properties.backoff(8)).isEqualTo(Duration.ofHours(1));
		assertThat(properties.backoff(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void roundsDuringAnOutageComeAtMostFiveMinutesApart() {
		MailProperties defaults = with(Duration.ofSeconds(30), Duration.ofHours(1));
		assertThat(defaults.probeWait(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.probeWait(4)).isEqualTo(Duration.ofMinutes(4));
		assertThat(defaults.probeWait(5)).isEqualTo(MailProperties.PROBE_AT_MOST);
		assertThat(defaults.probeWait(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
		// A first retry beyond five minutes: every round after five.
		assertThat(with(Duration.ofMinutes(10), Duration.ofHours(1)).probeWait(1)).isEqualTo(Duration.ofMinutes(5));
		// A longest retry below five minutes bounds the rounds as well.
		assertThat(with(Duration.ofSeconds(30), Duration.ofMinutes(2)).probeWait(Integer.MAX_VALUE))
			.isEqualTo(Duration.ofMinutes(2));
	}

}
