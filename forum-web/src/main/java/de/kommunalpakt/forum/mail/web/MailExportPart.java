package de.kommunalpakt.forum.mail.web;

import java.util.List;
import java.util.Map;

import de.kommunalpakt.forum.account.web.AccountExportPart;
import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.notification.web.WatchTargetNames;
import de.kommunalpakt.forum.web.GermanTime;
import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.stereotype.Component;

/**
 * The member's mail data in their export: address and settings with the delivery reports,
 * the notifications waiting for the next digest, and the mails to them in the outbox
 * (with their text; 30 days kept).
 */
@Component
class MailExportPart implements AccountExportPart {

	private final MailSettingsRepository settings;

	private final DigestItems digests;

	private final MailOutbox outbox;

	private final GermanTime time;

	private final ProblemResponses messages;

	private final MemberRepository members;

	private final WatchTargetNames names;

	MailExportPart(MailSettingsRepository settings, DigestItems digests, MailOutbox outbox, GermanTime time,
			ProblemResponses messages, MemberRepository members, WatchTargetNames names) {
		this.members = members;
		this.names = names;
		this.settings = settings;
		this.digests = digests;
		this.outbox = outbox;
		this.time = time;
		this.messages = messages;
	}

	@Override
	public Section section(MemberId member) {
		MailSettings s = this.settings.findOrDefault(member.value());
		List<DigestItem> waiting = this.digests.waitingFor(member.value());
		List<OutgoingMail> mails = this.outbox.findByMember(member.value());
		// Threads by title, as the digest will name them: only those the member may open
		// now.
		Map<String, String> titles = new java.util.HashMap<>();
		this.members.findById(member)
			.ifPresent((m) -> this.names
				.names(m.asActor(), waiting.stream().map((i) -> WatchTarget.thread(i.threadId())).distinct().toList())
				.forEach((t, named) -> titles.put(t.value(), named.name())));
		// The settings as the API gives them.
		Map<String, Object> json = MailSettingsApiController.json(s);
		json.put("waitingForDigest",
				waiting.stream()
					.map((i) -> AccountExportPart.fields("category", i.category().name(), "kind", i.kind().name(),
							"thread", i.threadId(), "threadTitle", titles.get(i.threadId()), "post", i.postNumber(),
							"by", i.actorName(), "at", i.at().toString()))
					.toList());
		json.put("outbox", mails.stream()
			.map((m) -> AccountExportPart.fields("subject", m.subject(), "to", m.to(), "status", m.status().name(),
					"createdAt", AccountExportPart.iso(m.createdAt()), "sentAt", AccountExportPart.iso(m.sentAt()),
					"attempts", m.attempts(), "lastError", m.lastError(), "text", m.text()))
			.toList());
		return new Section("mail", json, markdown(s, waiting, titles, mails));
	}

	private String markdown(MailSettings s, List<DigestItem> waiting, Map<String, String> titles,
			List<OutgoingMail> mails) {
		StringBuilder md = new StringBuilder("## Mails\n\n");
		md.append("- Adresse: ")
			.append((s.email() != null) ? s.email() : "–")
			.append("\n- Eigene Themen, Erwähnungen, Moderation: ")
			.append(msg("mailSettings.delivery." + s.own().name()))
			.append("\n- Beobachtetes: ")
			.append(msg("mailSettings.delivery." + s.watched().name()))
			.append("\n- Tägliche Zusammenfassung um: ")
			.append(msg("mailSettings.hourOption", s.digestHour()))
			.append("\n- Wöchentliche Zusammenfassung am: ")
			.append(msg("mailSettings.day." + s.digestDay().name()))
			.append("\n");
		if (s.bounces() != null) {
			md.append("- Unzustellbare Mails an ")
				.append(s.bounces().address())
				.append(": ")
				.append(s.bounces().count())
				.append(" in Folge, zuletzt am ")
				.append(this.time.dateTime(s.bounces().last()))
				.append(" (")
				.append(s.bounces().diagnosis())
				.append(")")
				.append(s.paused() ? "; Mails pausiert" : "")
				.append("\n");
		}
		md.append("\n### Wartet auf die nächste Zusammenfassung (").append(waiting.size()).append(")\n\n");
		waiting.forEach((i) -> md.append("- ")
			.append(this.time.dateTime(i.at()))
			.append(": Thema ")
			.append((titles.get(i.threadId()) != null) ? "„" + titles.get(i.threadId()) + "“"
					: "(" + msg("watch.gone") + ")")
			.append(", Beitrag ")
			.append(i.postNumber())
			.append(", von ")
			.append(i.actorName())
			.append("\n"));
		md.append("\n### Mails an Sie im Postausgang (").append(mails.size()).append(")\n\n");
		mails.forEach((m) -> md.append("- ")
			.append(this.time.dateTime(m.createdAt()))
			.append(": ")
			.append(m.subject())
			.append(" (an ")
			.append(m.to())
			.append(", ")
			.append(msg("outbox.status." + m.status().name()))
			.append(")\n"));
		return md.toString();
	}

	private String msg(String code, Object... args) {
		return this.messages.message(code, args);
	}

}
