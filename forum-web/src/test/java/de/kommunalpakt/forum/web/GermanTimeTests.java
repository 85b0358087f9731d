package de.kommunalpakt.forum.web;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GermanTimeTests {

	private final GermanTime time = new GermanTime();

	@Test
	void showsGermanWinterAndSummerTimeWhateverTheServersZone() {
		assertThat(this.time.dateTime(Instant.parse("2026-11-29T23:30:00Z"))).isEqualTo("30.11.2026 00:30");
		assertThat(this.time.date(Instant.parse("2026-11-29T23:30:00Z"))).isEqualTo("30.11.2026");
		assertThat(this.time.dateTime(Instant.parse("2026-07-01T10:05:00Z"))).isEqualTo("01.07.2026 12:05");
		// The night the clocks go back: 02:30 comes twice, an hour apart.
		assertThat(this.time.dateTime(Instant.parse("2026-10-25T00:30:00Z"))).isEqualTo("25.10.2026 02:30");
		assertThat(this.time.dateTime(Instant.parse("2026-10-25T01:30:00Z"))).isEqualTo("25.10.2026 02:30");
	}

	@Test
	void noInstantIsAnEmptyText() {
		assertThat(this.time.dateTime(null)).isEmpty();
		assertThat(this.time.date(null)).isEmpty();
	}

}
