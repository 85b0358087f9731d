package de.kommunalpakt.forum.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Times as German readers expect them: in German time (Europe/Berlin, with summer time),
 * whatever zone the server runs in. Every page shows a point in time through here;
 * templates reach it as {@code @germanTime}, the {@code datetime} attribute keeps the
 * instant itself (ISO 8601, UTC).
 */
@Component("germanTime")
public class GermanTime {

	public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMAN)
		.withZone(ZONE);

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", Locale.GERMAN)
		.withZone(ZONE);

	/** {@code 29.11.2026}, or empty for no instant. */
	public String date(Instant instant) {
		return (instant != null) ? DATE.format(instant) : "";
	}

	/** {@code 29.11.2026 15:04}, or empty for no instant. */
	public String dateTime(Instant instant) {
		return (instant != null) ? DATE_TIME.format(instant) : "";
	}

}
