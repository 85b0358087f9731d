package de.kommunalpakt.forum.landreport;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Ids;
import de.kommunalpakt.forum.validation.Problems;

/**
 * Opening a round, as the form sends it.
 *
 * @param title title
 * @param slug id in the address (optional; made from the title)
 * @param sessionDate date of the session ({@code yyyy-MM-dd} or {@code dd.MM.yyyy})
 * @param deadlineDate last day for reports; due at the end of that day, German time
 */
public record OpenReportingRound(String title, String slug, String sessionDate, String deadlineDate) {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("d.M.uuuu", Locale.GERMAN)
		.withResolverStyle(java.time.format.ResolverStyle.STRICT);

	/** Checks every field. */
	public Problems problems() {
		Problems p = new Problems("reportRound");
		p.line("title", this.title, true, 200);
		if (this.slug != null && !this.slug.isBlank() && ReportingRoundId.parse(this.slug.strip()).isEmpty()) {
			p.add("slug", "invalid");
		}
		date("sessionDate", this.sessionDate, p);
		date("deadline", this.deadlineDate, p);
		return p;
	}

	ReportingRound toRound(Actor actor, Instant now) {
		Problems p = problems();
		p.throwIfAny();
		String t = Problems.singleLine(this.title);
		String id = (this.slug != null && !this.slug.isBlank()) ? this.slug.strip() : Ids.slug(t);
		LocalDate session = date("sessionDate", this.sessionDate, new Problems("reportRound"));
		LocalDate due = date("deadline", this.deadlineDate, new Problems("reportRound"));
		if (session == null || due == null) {
			throw new ForumException.Invalid("deadline", "reportRound.deadline.required");
		}
		Instant deadline = due.atTime(LocalTime.MAX).atZone(BERLIN).toInstant();
		return new ReportingRound(new ReportingRoundId(id), t, session, deadline, now, actor.displayName());
	}

	private static LocalDate date(String field, String value, Problems p) {
		String raw = (value != null) ? value.strip() : "";
		if (raw.isEmpty()) {
			p.add(field, "required");
			return null;
		}
		try {
			LocalDate d = raw.contains(".") ? LocalDate.parse(raw, GERMAN_DATE) : LocalDate.parse(raw);
			if (d.getYear() < 2000 || d.getYear() > 2100) {
				p.add(field, "invalid");
				return null;
			}
			return d;
		}
		catch (DateTimeParseException ex) {
			p.add(field, "invalid");
			return null;
		}
	}

}
