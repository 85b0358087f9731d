package de.kommunalpakt.forum.audit.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditLog;
import de.kommunalpakt.forum.audit.AuditQuery;
import de.kommunalpakt.forum.audit.AuditRetention;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.web.GermanTime;
import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log for administrators: {@code /admin/protokoll} (filters by action, person,
 * target and period, 50 entries a page) and {@code /admin/protokoll.csv}.
 */
@Controller
class AuditPageController {

	private static final int PAGE_SIZE = 50;

	private final AuditLog audit;

	private final AuditRetention retention;

	private final AuditNames names;

	private final ProblemResponses messages;

	private final GermanTime time;

	AuditPageController(AuditLog audit, AuditRetention retention, AuditNames names, ProblemResponses messages,
			GermanTime time) {
		this.audit = audit;
		this.retention = retention;
		this.names = names;
		this.messages = messages;
		this.time = time;
	}

	@GetMapping("/admin/protokoll")
	String page(Actor actor, @RequestParam(name = "aktion", defaultValue = "") String action,
			@RequestParam(name = "person", defaultValue = "") String person,
			@RequestParam(name = "ziel", defaultValue = "") String target,
			@RequestParam(name = "von", defaultValue = "") String from,
			@RequestParam(name = "bis", defaultValue = "") String to,
			@RequestParam(name = "seite", defaultValue = "1") int page, Model model) {
		requireAdmin(actor);
		AuditQuery query = query(action, person, target, from, to);
		Page<AuditEntry> entries = this.audit.find(query, Math.max(0, page - 1), PAGE_SIZE);
		model.addAttribute("entries", entries.map(this.names::forPage));
		model.addAttribute("actions", AuditAction.values());
		model.addAttribute("filter", new Filter(action, person, target, from, to));
		model.addAttribute("retentionDays", this.retention.retention().toDays());
		return "admin/audit";
	}

	@GetMapping(path = "/admin/protokoll.csv", produces = "text/csv;charset=UTF-8")
	void csv(Actor actor, @RequestParam(name = "aktion", defaultValue = "") String action,
			@RequestParam(name = "person", defaultValue = "") String person,
			@RequestParam(name = "ziel", defaultValue = "") String target,
			@RequestParam(name = "von", defaultValue = "") String from,
			@RequestParam(name = "bis", defaultValue = "") String to, HttpServletResponse response) throws IOException {
		requireAdmin(actor);
		AuditQuery query = query(action, person, target, from, to);
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader("Content-Disposition", "attachment; filename=\"pruefprotokoll.csv\"");
		Writer out = new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
		out.write('\uFEFF');
		line(out,
				List.of("Zeit", "Person", "Aktion", "Ziel", "Ziel-Id", "Betroffen", "Vorher", "Nachher", "Begründung"));
		this.audit.forEach(query, (raw) -> {
			AuditEntry e = this.names.forPage(raw);
			try {
				line(out,
						List.of(this.time.dateTime(e.at()), e.actorName(),
								this.messages.message("audit.action." + e.action().name()), e.targetLabel(),
								e.targetId(), this.names.subjectName(e), e.before(), e.after(), e.reason()));
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		out.flush();
	}

	static void requireAdmin(Actor actor) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("auth.forbidden");
		}
	}

	static AuditQuery query(String action, String person, String target, String from, String to) {
		AuditAction a = null;
		if (action != null && !action.isBlank()) {
			try {
				a = AuditAction.valueOf(action.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new ForumException.Invalid("aktion", "audit.filter.action");
			}
		}
		return new AuditQuery(a, limited(person), limited(target), day(from, 0), day(to, 1));
	}

	private static String limited(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.length() > 200) {
			throw new ForumException.Invalid("person", "audit.filter.tooLong");
		}
		return value.strip();
	}

	private static Instant day(String value, int plusDays) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip()).plusDays(plusDays).atStartOfDay(GermanTime.ZONE).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new ForumException.Invalid("von", "audit.filter.date");
		}
	}

	/**
	 * One CSV line: every field quoted; a leading =, +, - or @ is defused for
	 * spreadsheets.
	 */
	private static void line(Writer out, List<String> fields) throws IOException {
		StringBuilder line = new StringBuilder();
		for (String f : fields) {
			String v = (f != null) ? f : "";
			if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
				v = "'" + v;
			}
			line.append(line.isEmpty() ? "" : ";").append('"').append(v.replace("\"", "\"\"")).append('"');
		}
		out.write(line.append("\r\n").toString());
	}

	/**
	 * The filter as entered, for the form.
	 *
	 * @param aktion action
	 * @param person person
	 * @param ziel target
	 * @param von from (ISO date)
	 * @param bis to (ISO date)
	 */
	record Filter(String aktion, String person, String ziel, String von, String bis) {
	}

}
