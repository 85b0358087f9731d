package de.kommunalpakt.forum.account.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import de.kommunalpakt.forum.account.AccountData;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.landreport.ReportStatus;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.moderation.Report;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.notification.web.NotificationTexts;
import de.kommunalpakt.forum.notification.web.WatchTargetNames;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRevision;
import de.kommunalpakt.forum.web.GermanTime;
import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.stereotype.Component;

/**
 * The export's two files: {@code daten.json} with plain maps (stable field names, ISO
 * times) and {@code daten.md} for reading.
 */
@Component
class AccountExport {

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final GermanTime time;

	private final ProblemResponses messages;

	private final WatchTargetNames names;

	private final OrganisationRepository organisations;

	private final NotificationTexts notificationTexts;

	AccountExport(GermanTime time, ProblemResponses messages, WatchTargetNames names,
			OrganisationRepository organisations, NotificationTexts notificationTexts) {
		this.organisations = organisations;
		this.notificationTexts = notificationTexts;
		this.time = time;
		this.messages = messages;
		this.names = names;
	}

	byte[] json(AccountData d) {
		return json(d, List.of());
	}

	/** With the parts other parts of the forum keep, after the account's own. */
	byte[] json(AccountData d, List<AccountExportPart.Section> parts) {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("format", "forum-kommunalpakt-export/1");
		root.put("createdAt", iso(d.createdAt()));
		root.put("profile", profile(d.member()));
		List<Object> posts = new ArrayList<>();
		for (AccountData.WrittenPost w : d.posts()) {
			Post p = w.post();
			Map<String, Object> post = new LinkedHashMap<>();
			post.put("id", p.id().toString());
			post.put("thread", p.id().thread().value());
			post.put("threadTitle", w.threadTitle());
			post.put("createdAt", iso(p.createdAt()));
			post.put("editedAt", iso(p.editedAt()));
			post.put("state", (p.moderation() != null) ? p.moderation().state().name() : "VISIBLE");
			post.put("moderationReason", (p.moderation() != null) ? p.moderation().reason() : null);
			post.put("markdown", p.isDeleted() ? null : p.markdown().source());
			List<Object> revisions = new ArrayList<>();
			for (PostRevision r : w.revisions()) {
				revisions.add(map("revision", r.revision(), "markdown", r.markdown().source(), "editor", r.editorName(),
						"at", iso(r.at())));
			}
			post.put("revisions", revisions);
			posts.add(post);
		}
		root.put("posts", posts);
		root.put("reports",
				d.reports()
					.stream()
					.map((r) -> map("post", r.post().toString(), "reason", r.reason().name(), "note", r.note(), "at",
							iso(r.at()), "resolution", (r.resolution() != null) ? r.resolution().name() : null))
					.toList());
		root.put("watchSettings", d.watches());
		root.put("notifications", d.notifications()
			.stream()
			.map((n) -> map("kind", n.kind().name(), "thread", n.threadId(), "post", n.postNumber(), "title",
					n.threadTitle(), "by", n.actorName(), "detail", n.detail(), "at", iso(n.at()), "read", n.read()))
			.toList());
		root.put("moderationDecisions",
				d.decisions()
					.stream()
					.map((e) -> map("at", iso(e.at()), "action", e.action().name(), "by", e.actorName(), "target",
							e.targetId(), "before", e.before(), "after", e.after(), "reason", e.reason()))
					.toList());
		root.put("suspension", (d.suspension() != null)
				? map("until", iso(d.suspension().until()), "reason", d.suspension().reason()) : null);
		root.put("reuseModelEdits",
				d.reuseModelEdits()
					.stream()
					.map((v) -> map("land", v.land().name(), "version", v.number(), "at", iso(v.at()), "changedFields",
							v.changedFields(), "content", plain(v.profile())))
					.toList());
		root.put("landReports",
				d.landReports()
					.stream()
					.map((r) -> map("round", r.round().value(), "land", r.land().name(), "status", r.status().name(),
							"late", r.late(), "updatedAt", iso(r.updatedAt()), "updatedByYou",
							r.updatedByName() != null && (r.updatedByName().equals(d.member().displayName())),
							"submittedAt", iso(r.submittedAt()), "content", plain(r.content())))
					.toList());
		parts.forEach((part) -> root.put(part.key(), part.json()));
		try {
			return this.json.writeValueAsBytes(root);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String markdown(AccountData d) {
		return markdown(d, List.of());
	}

	/** With the parts other parts of the forum keep, after the account's own. */
	String markdown(AccountData d, List<AccountExportPart.Section> parts) {
		StringBuilder md = new StringBuilder();
		Member m = d.member();
		md.append("# Ihre Daten im Forum Kommunalpakt\n\n")
			.append("Stand: ")
			.append(this.time.dateTime(d.createdAt()))
			.append("\n\n## Profil\n\n")
			.append("- Name: ")
			.append(m.displayName())
			.append("\n- Benutzername: ")
			.append(m.username())
			.append("\n- Organisation: ")
			.append(this.organisations.findById(m.organisation())
				.map(Organisation::name)
				.orElse(m.organisation().value()))
			.append("\n- Land: ")
			.append((m.land() != null) ? m.land().displayName() : "–")
			.append("\n- Erste Anmeldung: ")
			.append(this.time.dateTime(m.firstSeen()))
			.append("\n- Letzte Anmeldung: ")
			.append(this.time.dateTime(m.lastSeen()))
			.append("\n\n## Beiträge (")
			.append(d.posts().size())
			.append(")\n");
		for (AccountData.WrittenPost w : d.posts()) {
			Post p = w.post();
			md.append("\n### ")
				.append(w.threadTitle())
				.append(", Beitrag ")
				.append(p.number())
				.append(" (")
				.append(this.time.dateTime(p.createdAt()))
				.append(")\n\n");
			if (p.moderation() != null) {
				md.append("_")
					.append(p.isDeleted() ? "gelöscht" : "ausgeblendet")
					.append(p.moderation().reason().isEmpty() ? "" : ": " + p.moderation().reason())
					.append("_\n\n");
			}
			if (!p.isDeleted()) {
				md.append(p.markdown().source()).append("\n");
			}
			for (PostRevision r : w.revisions()) {
				md.append("\n#### Fassung ")
					.append(r.revision())
					.append(" von ")
					.append(r.editorName())
					.append(", ")
					.append(this.time.dateTime(r.at()))
					.append("\n\n")
					.append(r.markdown().source())
					.append("\n");
			}
		}
		md.append("\n## Meldungen (").append(d.reports().size()).append(")\n\n");
		Map<WatchTarget, WatchTargetNames.Named> reported = this.names.names(m.asActor(),
				d.reports().stream().map((r) -> WatchTarget.thread(r.post().thread().value())).distinct().toList());
		for (Report r : d.reports()) {
			String title = reported.get(WatchTarget.thread(r.post().thread().value())).name();
			md.append("- ")
				.append(this.time.dateTime(r.at()))
				.append(": Beitrag ")
				// By the thread's title where the member may still open it, else by id.
				.append((title != null) ? r.post().number() + " im Thema „" + title + "“" : r.post().toString())
				.append(", Grund: ")
				.append(label("postReport.reason.", r.reason()))
				.append(r.note().isEmpty() ? "" : ", „" + r.note() + "“")
				.append("\n");
		}
		md.append("\n## Beobachtungen\n\n");
		Map<WatchTarget, WatchTargetNames.Named> names = this.names.names(m.asActor(),
				d.watches().keySet().stream().flatMap((key) -> WatchTarget.parse(key).stream()).toList());
		d.watches()
			.forEach((key, level) -> md.append("- ")
				.append(watched(names, key))
				.append(": ")
				.append(label("watch.level.", level))
				.append("\n"));
		md.append("\n## Benachrichtigungen (").append(d.notifications().size()).append(")\n\n");
		for (Notification n : d.notifications()) {
			md.append("- ")
				.append(this.time.dateTime(n.at()))
				.append(": ")
				.append(this.notificationTexts.sentence(n))
				.append("\n");
		}
		md.append("\n## Entscheidungen von Moderation und Administration (")
			.append(d.decisions().size())
			.append(")\n\n");
		for (AuditEntry e : d.decisions()) {
			md.append("- ")
				.append(this.time.dateTime(e.at()))
				.append(": ")
				.append(label("audit.action.", e.action()))
				.append(" (")
				.append(decided(e))
				.append(") durch ")
				.append(e.actorName())
				.append(e.reason().isEmpty() ? "" : ", Begründung: " + e.reason())
				.append("\n");
		}
		md.append("\n## Fassungen von Nachnutzungsmodellen (").append(d.reuseModelEdits().size()).append(")\n\n");
		for (ReuseModelVersion v : d.reuseModelEdits()) {
			md.append("- ")
				.append(this.time.dateTime(v.at()))
				.append(": Nachnutzungsmodell ")
				.append(v.land().displayName())
				.append(" („")
				.append(v.profile().name())
				.append("“), Fassung ")
				.append(v.number())
				.append(v.changedFields().isEmpty() ? ""
						: ", geänderte Felder: " + String.join(", ", v.changedFields()))
				.append("\n");
		}
		md.append("\n## Kurzberichte der Länder (").append(d.landReports().size()).append(")\n\n");
		for (LandReport r : d.landReports()) {
			md.append("- Berichtsrunde ")
				.append(r.round().value())
				.append(", ")
				.append(r.land().displayName())
				.append(": ")
				.append((r.status() == ReportStatus.DRAFT) ? msg("round.state.DRAFT")
						: msg(r.late() ? "round.state.LATE" : "round.state.SUBMITTED",
								this.time.dateTime(r.submittedAt())))
				.append(", zuletzt bearbeitet ")
				.append(this.time.dateTime(r.updatedAt()))
				.append("\n");
			r.content().measuresTaken().forEach((line) -> md.append("  - Umgesetzt: ").append(line).append("\n"));
			r.content().measuresPlanned().forEach((line) -> md.append("  - Geplant: ").append(line).append("\n"));
		}
		if (d.suspension() != null) {
			md.append("\n## Sperre\n\nGesperrt bis ")
				.append(this.time.dateTime(d.suspension().until()))
				.append(". Begründung: ")
				.append(d.suspension().reason())
				.append("\n");
		}
		parts.forEach((part) -> md.append("\n").append(part.markdown()));
		return md.toString();
	}

	/** What is watched, by name, as on the settings page: "Thema „…“", "Land Hessen". */
	private String watched(Map<WatchTarget, WatchTargetNames.Named> names, String key) {
		return WatchTarget.parse(key).map((t) -> {
			String name = names.get(t).name();
			String type = msg("watch.type." + t.type().name());
			return (name != null) ? type + " „" + name + "“" : type + " (" + msg("watch.gone") + ")";
		}).orElse(key);
	}

	/**
	 * What a decision was about, by the name it had then (the audit's label: a post by
	 * its thread's title, a member by name); the id where there is no label.
	 */
	private static String decided(AuditEntry e) {
		if (e.targetLabel().isEmpty()) {
			return e.targetId();
		}
		if ("post".equals(e.targetType())) {
			try {
				return "Beitrag " + PostId.parse(e.targetId()).number() + " im Thema „" + e.targetLabel() + "“";
			}
			catch (RuntimeException ex) {
				return "Thema „" + e.targetLabel() + "“";
			}
		}
		if ("thread".equals(e.targetType())) {
			return "Thema „" + e.targetLabel() + "“";
		}
		return e.targetLabel();
	}

	/** An enum's German label, or its name where there is none. */
	private String label(String prefix, Enum<?> value) {
		return this.messages.hasMessage(prefix + value.name()) ? msg(prefix + value.name()) : value.name();
	}

	private String msg(String code, Object... args) {
		return this.messages.message(code, args);
	}

	private static Map<String, Object> profile(Member m) {
		return map("id", m.id().value(), "username", m.username(), "name", m.displayName(), "organisation",
				m.organisation().value(), "organisationKind", m.organisationKind().name(), "land",
				(m.land() != null) ? m.land().name() : null, "roles",
				m.roles().stream().map(Enum::name).sorted().toList(), "firstSeen", iso(m.firstSeen()), "lastSeen",
				iso(m.lastSeen()));
	}

	/**
	 * Records, enums, lists and values as plain JSON values (ids and dates as text), for
	 * content whose shape belongs to its feature.
	 */
	static Object plain(Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Enum<?> e) {
			return e.name();
		}
		if (value instanceof java.util.Collection<?> c) {
			return c.stream().map(AccountExport::plain).toList();
		}
		if (value instanceof Record r) {
			java.lang.reflect.RecordComponent[] components = r.getClass().getRecordComponents();
			if (components.length == 1 && components[0].getType() == String.class) {
				// An id such as EfaServiceId: its text.
				return invoke(components[0], r);
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			for (java.lang.reflect.RecordComponent component : components) {
				fields.put(component.getName(), plain(invoke(component, r)));
			}
			return fields;
		}
		return value.toString();
	}

	private static Object invoke(java.lang.reflect.RecordComponent component, Record r) {
		try {
			return component.getAccessor().invoke(r);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String iso(Instant instant) {
		return AccountExportPart.iso(instant);
	}

	private static Map<String, Object> map(Object... keysAndValues) {
		return AccountExportPart.fields(keysAndValues);
	}

}
