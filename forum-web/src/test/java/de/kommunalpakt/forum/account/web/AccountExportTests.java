package de.kommunalpakt.forum.account.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.OpenReportingRound;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.moderation.ReportReason;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The data export of /konto and the API: a ZIP with JSON and Markdown holding the
 * member's profile, posts with every revision, reports, watch settings, notifications and
 * moderation decisions, the reuse-model versions and Land reports they wrote, and nobody
 * else's posts or versions.
 */
class AccountExportTests extends WebTestSupport {

	@Autowired
	ModerationService moderation;

	@Autowired
	NotificationService notifications;

	@Autowired
	de.kommunalpakt.forum.member.MemberRepository members;

	@Autowired
	ReuseModelService reuseModels;

	@Autowired
	LandReportService landReports;

	@Autowired
	MongoDatabase database;

	@Test
	void exportHoldsOwnPostsWithRevisionsReportsWatchesAndNotificationsInJsonAndMarkdown() throws Exception {
		this.members.recordLogin(actor(Members.HESSEN));
		this.members.recordLogin(actor(Members.KOELN));
		PostId question = question(Members.KOELN, OPEN_SPACE, "Frage für den Datenexport");
		PostId mine = this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Erste Fassung Silberreiher", null, null));
		this.threads.edit(actor(Members.HESSEN),
				new ThreadCommands.EditPost(mine.toString(), "Zweite Fassung Silberreiher", null));
		this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(question.thread().value(), "Antwort von Köln Graureiher", null, null));
		this.moderation.report(actor(Members.HESSEN), question.toString(), ReportReason.OUTDATED, "Stand 2024");
		this.notifications.watch(actor(Members.HESSEN), WatchTarget.thread(question.thread().value()),
				WatchLevel.WATCH);
		this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(question.thread().value(), "Noch eine Antwort", null, null));
		this.moderation.hide(actor(Members.DSTGB), mine.toString(), "Doppelt gepostet");
		this.notifications.drain();

		byte[] zip = this.mvc.perform(get("/api/v1/me/export").with(Members.HESSEN.bearer()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/zip"))
			.andExpect(header().string("Content-Disposition", containsString("forum-kommunalpakt-daten-hessen-")))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		Map<String, String> files = unzip(zip);
		assertThat(files).containsOnlyKeys("daten.json", "daten.md");

		JsonNode json = new ObjectMapper().readTree(files.get("daten.json"));
		assertThat(json.at("/profile/username").asText()).isEqualTo("hessen");
		assertThat(json.at("/profile/organisation").asText()).isEqualTo("land-he");
		JsonNode post = null;
		for (JsonNode p : json.get("posts")) {
			if (p.get("id").asText().equals(mine.toString())) {
				post = p;
			}
		}
		assertThat(post).isNotNull();
		assertThat(post.get("markdown").asText()).isEqualTo("Zweite Fassung Silberreiher");
		assertThat(post.get("revisions")).hasSize(2);
		assertThat(post.at("/revisions/0/markdown").asText()).isEqualTo("Erste Fassung Silberreiher");
		JsonNode report = null;
		for (JsonNode r : json.get("reports")) {
			if (r.get("post").asText().equals(question.toString())) {
				report = r;
			}
		}
		assertThat(report).isNotNull();
		assertThat(report.get("reason").asText()).isEqualTo("OUTDATED");
		assertThat(report.get("note").asText()).isEqualTo("Stand 2024");
		assertThat(json.at("/watchSettings/thread:" + question.thread().value()).asText()).isEqualTo("WATCH");
		assertThat(json.get("notifications").findValuesAsText("kind")).contains("WATCHED_REPLY");

		String md = files.get("daten.md");
		assertThat(md).startsWith("# Ihre Daten im Forum Kommunalpakt")
			.contains("Benutzername: hessen", "Zweite Fassung Silberreiher", "Erste Fassung Silberreiher", "Stand 2024")
			.doesNotContain("Graureiher");
		// For reading: in German, by name, as the pages say it; not the JSON's codes and
		// ids.
		assertThat(md)
			.contains("Grund: veraltet", "- Thema „Frage für den Datenexport“: Beobachten",
					"hat im beobachteten Thema „Frage für den Datenexport“ geantwortet")
			.doesNotContain("OUTDATED", "WATCHED_REPLY", "thread:" + question.thread().value());
		// Reports and decisions name the post by its number and thread, not by its id.
		assertThat(md)
			.contains("Beitrag 1 im Thema „Frage für den Datenexport“, Grund: veraltet",
					"(Beitrag " + mine.number() + " im Thema „Frage für den Datenexport“) durch Martin Krüger, "
							+ "Begründung: Doppelt gepostet")
			.doesNotContain(question.toString(), mine.toString());
		assertThat(files.get("daten.json")).doesNotContain("Graureiher");

		this.mvc.perform(get("/konto").with(Members.HESSEN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/konto/daten.zip")));
		this.mvc.perform(get("/konto/daten.zip").with(Members.HESSEN.session()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/zip"));
	}

	@Autowired
	de.kommunalpakt.forum.mail.MailSettingsRepository mailSettings;

	@Autowired
	de.kommunalpakt.forum.mail.MailOutbox outbox;

	@Autowired
	de.kommunalpakt.forum.mail.DigestItems digestItems;

	/**
	 * The mail data stored about the member: address and settings with the delivery
	 * reports, notifications waiting for the digest, the mails in the outbox; and whether
	 * a feed token exists.
	 */
	@Test
	void exportHoldsTheMailSettingsDeliveryReportsWaitingDigestItemsAndMails() throws Exception {
		String member = actor(Members.DSTGB).id().value();
		this.members.recordLogin(actor(Members.DSTGB));
		String run = java.util.UUID.randomUUID().toString();
		String address = "export-" + run + "@test.example";
		this.mailSettings.save(new de.kommunalpakt.forum.mail.MailSettings(member, address,
				de.kommunalpakt.forum.mail.MailSettings.Delivery.IMMEDIATE,
				de.kommunalpakt.forum.mail.MailSettings.Delivery.DAILY, 7, java.time.DayOfWeek.MONDAY));
		this.mailSettings.recordBounce(member, address, java.time.Instant.parse("2026-12-05T09:30:00Z"),
				"5.2.2 552 Mailbox full");
		// Due in a hundred years: the forum's own dispatcher leaves it alone.
		java.time.Instant later = java.time.Instant.now().plus(java.time.Duration.ofDays(36500));
		this.outbox.add(de.kommunalpakt.forum.mail.OutgoingMail.compose("export-" + run, member, address,
				"Betreff für den Export", "Text der Mail", "<p>Text der Mail</p>", run + "@localhost", null, null, null,
				later));
		this.digestItems.add(new de.kommunalpakt.forum.mail.DigestItem("export-item-" + run, member,
				de.kommunalpakt.forum.mail.MailSettings.Category.WATCHED,
				de.kommunalpakt.forum.notification.NotificationKind.WATCHED_REPLY, "faden00001", 2, "Jonas Weber",
				java.time.Instant.now()));
		// About a thread that exists: named by its title (the one above is gone: not
		// named).
		PostId readable = question(Members.KOELN, OPEN_SPACE, "Zusammenfassung im Export");
		this.digestItems.add(new de.kommunalpakt.forum.mail.DigestItem("export-item-2-" + run, member,
				de.kommunalpakt.forum.mail.MailSettings.Category.WATCHED,
				de.kommunalpakt.forum.notification.NotificationKind.WATCHED_REPLY, readable.thread().value(), 3,
				"Jonas Weber", java.time.Instant.now()));
		try {
			Map<String, String> files = export(Members.DSTGB.bearer());
			JsonNode json = new ObjectMapper().readTree(files.get("daten.json"));
			assertThat(json.at("/mail/email").asText()).isEqualTo(address);
			assertThat(json.at("/mail/watched").asText()).isEqualTo("DAILY");
			assertThat(json.at("/mail/bounces/count").asInt()).isEqualTo(1);
			assertThat(json.at("/mail/bounces/diagnosis").asText()).isEqualTo("5.2.2 552 Mailbox full");
			assertThat(json.at("/mail/paused").asBoolean()).isFalse();
			// Other test classes' mails to the same member may be there too.
			JsonNode mail = null;
			for (JsonNode m : json.at("/mail/outbox")) {
				if (m.get("subject").asText().equals("Betreff für den Export")) {
					mail = m;
				}
			}
			assertThat(mail).isNotNull();
			assertThat(mail.get("status").asText()).isEqualTo("PENDING");
			assertThat(mail.get("text").asText()).isEqualTo("Text der Mail");
			assertThat(mail.get("to").asText()).isEqualTo(address);
			assertThat(json.at("/mail/waitingForDigest").findValuesAsText("by")).contains("Jonas Weber");
			assertThat(json.at("/feedToken/exists").isBoolean()).isTrue();
			assertThat(files.get("daten.md")).contains("## Mails", "- Adresse: " + address,
					"Beobachtetes: täglich als Zusammenfassung", "Unzustellbare Mails an " + address + ": 1 in Folge",
					"Betreff für den Export (an " + address + ", wartet)", "Beitrag 2, von Jonas Weber",
					"## Feed-Schlüssel", "Thema „Zusammenfassung im Export“, Beitrag 3, von Jonas Weber",
					"Thema (nicht mehr zugänglich");
			assertThat(json.at("/mail/waitingForDigest").findValuesAsText("threadTitle"))
				.contains("Zusammenfassung im Export");
		}
		finally {
			this.database.getCollection("mail_outbox")
				.deleteOne(com.mongodb.client.model.Filters.eq("_id", "export-" + run));
			this.digestItems.removeFree(member, de.kommunalpakt.forum.mail.MailSettings.Category.WATCHED);
			this.mailSettings.resume(member);
		}
	}

	@Autowired
	de.kommunalpakt.forum.organisation.OrganisationRepository organisations;

	/** The export's Markdown and the account page name the organisation, not its id. */
	@Test
	void theOrganisationIsNamedNotItsId() throws Exception {
		de.kommunalpakt.forum.support.ReuseLogins member = de.kommunalpakt.forum.support.ReuseLogins
			.of("sub-export-org", "export-org", "Olga Ortmann", "kommune-exportstadt", "KOMMUNE", "HE");
		this.organisations.save(new de.kommunalpakt.forum.organisation.Organisation(
				new de.kommunalpakt.forum.organisation.OrganisationId("kommune-exportstadt"),
				de.kommunalpakt.forum.organisation.OrganisationKind.KOMMUNE, "Gemeinde Exportstadt", LandCode.HE, ""));
		this.members.recordLogin(member.actor());
		var who = jwt().jwt((j) -> j.claims((c) -> c.putAll(member.claims())));
		Map<String, String> files = export(who);
		assertThat(files.get("daten.md")).contains("- Organisation: Gemeinde Exportstadt");
		assertThat(new ObjectMapper().readTree(files.get("daten.json")).at("/profile/organisation").asText())
			.isEqualTo("kommune-exportstadt");
		this.mvc.perform(get("/konto").with(member.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">Gemeinde Exportstadt</a>")));
	}

	@Test
	void exportHoldsTheMembersReuseModelVersionsAndLandReports() throws Exception {
		de.kommunalpakt.forum.support.ReuseLogins.clear(this.database);
		de.kommunalpakt.forum.support.ReuseLogins editor = de.kommunalpakt.forum.support.ReuseLogins.of("sub-export-he",
				"export-he", "Erika Exportiert", "land-he", "LAND", "HE");
		de.kommunalpakt.forum.support.ReuseLogins colleague = de.kommunalpakt.forum.support.ReuseLogins
			.of("sub-export-he-2", "export-he-2", "Karl Kollege", "land-he", "LAND", "HE");
		this.members.recordLogin(editor.actor());
		this.reuseModels.save(editor.actor(), LandCode.HE, model("Modell Kranich"));
		this.reuseModels.save(colleague.actor(), LandCode.HE, model("Modell Kormoran"));
		this.reuseModels.save(editor.actor(), LandCode.HE, model("Modell Kiebitz"));
		this.landReports.open(de.kommunalpakt.forum.support.ReuseLogins.moderator().actor(),
				new OpenReportingRound("Runde für den Export", "export-runde", "01.01.2099", "31.12.2098"));
		this.landReports.save(editor.actor(), this.landReports.round("export-runde"), LandCode.HE,
				new EditLandReport("Rahmenvertrag Fischadler", "Anbindung Seeadler", "", "", null), true);
		// Another Land's draft in the same round: nobody has submitted it yet (until
		// 06.12.2026 such a draft made every export fail with a 500).
		de.kommunalpakt.forum.support.ReuseLogins bavaria = de.kommunalpakt.forum.support.ReuseLogins
			.of("sub-export-by", "export-by", "Berta Bayer", "land-by", "LAND", "BY");
		this.landReports.save(bavaria.actor(), this.landReports.round("export-runde"), LandCode.BY,
				new EditLandReport("Entwurf Rohrdommel", "", "", "", null), false);

		Map<String, String> files = export(jwt().jwt((j) -> j.claims((c) -> c.putAll(editor.claims()))));
		JsonNode json = new ObjectMapper().readTree(files.get("daten.json"));
		JsonNode edits = json.get("reuseModelEdits");
		assertThat(edits).hasSize(2);
		assertThat(edits.get(0).get("land").asText()).isEqualTo("HE");
		assertThat(edits.get(0).get("version").asLong()).isEqualTo(1);
		assertThat(edits.get(0).at("/content/name").asText()).isEqualTo("Modell Kranich");
		assertThat(edits.get(1).get("version").asLong()).isEqualTo(3);
		assertThat(edits.get(1).at("/content/name").asText()).isEqualTo("Modell Kiebitz");
		assertThat(edits.get(1).get("changedFields").toString()).contains("name");
		assertThat(json.get("reuseModelEdits").toString()).doesNotContain("Kormoran");
		JsonNode reports = json.get("landReports");
		assertThat(reports).hasSize(1);
		assertThat(reports.at("/0/round").asText()).isEqualTo("export-runde");
		assertThat(reports.at("/0/status").asText()).isEqualTo("SUBMITTED");
		assertThat(reports.at("/0/content/measuresTaken/0").asText()).isEqualTo("Rahmenvertrag Fischadler");
		assertThat(files.get("daten.md"))
			.contains("## Fassungen von Nachnutzungsmodellen (2)", "„Modell Kiebitz“", "## Kurzberichte der Länder (1)",
					"Umgesetzt: Rahmenvertrag Fischadler", "Hessen: eingereicht am ")
			.doesNotContain("Kormoran", "Rohrdommel", "SUBMITTED");
	}

	private static EditReuseModel model(String name) {
		return new EditReuseModel(name, "ekom21", "IN_HOUSE", "", "Vertrag", "LAND", "", "LAND", "", "Beitritt",
				"8 Wochen", "FIT-Connect", List.of(), List.of("Servicestelle"), List.of("ekom21"),
				List.of("service@ekom21.example"), List.of(""), "2023-09-15", "DRAFT", null);
	}

	/** The export over the API, unzipped: file name to text. */
	private Map<String, String> export(org.springframework.test.web.servlet.request.RequestPostProcessor who)
			throws Exception {
		return unzip(this.mvc.perform(get("/api/v1/me/export").with(who))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray());
	}

	private static Map<String, String> unzip(byte[] zip) throws Exception {
		Map<String, String> files = new HashMap<>();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
			ZipEntry entry;
			while ((entry = in.getNextEntry()) != null) {
				files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return files;
	}

}
