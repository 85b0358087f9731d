package de.kommunalpakt.forum.mail;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.mail.MailInbox.Received;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Mail settings per member (page and API, defaults) and the one-click unsubscribe from a
 * mail received over IMAP, without a login.
 */
class MailSettingsTests extends WebTestSupport {

	@Autowired
	MailSettingsRepository settings;

	@Autowired
	MemberRepository members;

	@Autowired
	MailOutbox outbox;

	@Autowired
	MailDispatcher dispatcher;

	@Autowired
	MailTokens tokens;

	@Autowired
	de.kommunalpakt.forum.moderation.ModerationService moderation;

	@Autowired
	de.kommunalpakt.forum.notification.WatchRepository watches;

	@BeforeEach
	void members() {
		for (Members m : List.of(Members.DARMSTADT, Members.HESSEN, Members.KOELN)) {
			this.members.recordLogin(actor(m));
		}
	}

	private String address(Members member) {
		String address = member.name().toLowerCase() + "-" + UUID.randomUUID() + "@test.example";
		this.settings.save(MailSettings.defaults(actor(member).id().value(), address));
		return address;
	}

	@Test
	void defaultsAreImmediateForOwnThreadsAndDailyForWatched() {
		MailSettings defaults = this.settings.findOrDefault("sub-niemand-" + UUID.randomUUID());
		assertThat(defaults.own()).isEqualTo(Delivery.IMMEDIATE);
		assertThat(defaults.watched()).isEqualTo(Delivery.DAILY);
		assertThat(defaults.email()).isNull();
	}

	@Test
	void settingsPageShowsAndSavesTheMailChoices() throws Exception {
		String address = address(Members.KOELN);
		this.mvc.perform(get("/benachrichtigungen/einstellungen").with(Members.KOELN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"mail-settings-form\"")))
			.andExpect(content().string(containsString("Mails gehen an " + address)));
		this.mvc
			.perform(post("/benachrichtigungen/mail").with(Members.KOELN.session())
				.with(csrf())
				.param("eigene", "WEEKLY")
				.param("beobachtet", "NEVER")
				.param("stunde", "18")
				.param("tag", "FRIDAY"))
			.andExpect(redirectedUrl("/benachrichtigungen/einstellungen"));
		MailSettings saved = this.settings.find(actor(Members.KOELN).id().value()).orElseThrow();
		assertThat(saved).isEqualTo(
				new MailSettings(saved.memberId(), address, Delivery.WEEKLY, Delivery.NEVER, 18, DayOfWeek.FRIDAY));
		this.mvc
			.perform(post("/benachrichtigungen/mail").with(Members.KOELN.session()).with(csrf()).param("stunde", "25"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("volle Stunde von 0 bis 23")));
	}

	@Test
	void apiReadsAndChangesTheMailSettings() throws Exception {
		address(Members.HESSEN);
		this.mvc.perform(get("/api/v1/me/mail-settings").with(Members.HESSEN.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.own").value("IMMEDIATE"))
			.andExpect(jsonPath("$.watched").value("DAILY"))
			.andExpect(jsonPath("$.digestHour").value(7));
		this.mvc
			.perform(put("/api/v1/me/mail-settings").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watched\":\"WEEKLY\",\"digestDay\":\"SUNDAY\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.own").value("IMMEDIATE"))
			.andExpect(jsonPath("$.watched").value("WEEKLY"))
			.andExpect(jsonPath("$.digestDay").value("SUNDAY"));
		this.mvc
			.perform(put("/api/v1/me/mail-settings").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"own\":\"manchmal\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Bitte wählen Sie sofort, täglich, wöchentlich oder nie."));

		// What GET gave may come back whole (the fields only the forum sets unchanged)
		// ...
		String whole = this.mvc.perform(get("/api/v1/me/mail-settings").with(Members.HESSEN.bearer()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		this.mvc
			.perform(put("/api/v1/me/mail-settings").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content(whole.replace("\"WEEKLY\"", "\"DAILY\"")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.watched").value("DAILY"));
		// ... but changing them, or a field that does not exist, is refused, not dropped.
		this.mvc
			.perform(put("/api/v1/me/mail-settings").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watched\":\"NEVER\",\"email\":\"privat@example.org\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("„email“ lässt sich hier nicht ändern: "
					+ "Die Adresse kommt bei jeder Anmeldung aus Ihrem Konto beim Anmeldedienst."));
		this.mvc
			.perform(put("/api/v1/me/mail-settings").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watched\":\"NEVER\",\"digesthour\":5}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Das Feld „digesthour“ gibt es in den Mail-Einstellungen nicht. "
					+ "Änderbar sind own, watched, digestHour und digestDay."));
		MailSettings kept = this.settings.find(actor(Members.HESSEN).id().value()).orElseThrow();
		assertThat(kept.watched()).isEqualTo(Delivery.DAILY);
	}

	/**
	 * Delivery reports about several mails to one address arrive at once (four SMTP
	 * connections, the reports mailbox, another instance): every one counts.
	 */
	@Test
	void reportsArrivingAtOnceAllCount() throws Exception {
		String member = "sub-bounces-" + UUID.randomUUID();
		String address = "voll@test.example";
		this.settings.recordAddress(member, address);
		var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			List<java.util.concurrent.Future<?>> reports = new java.util.ArrayList<>();
			for (int i = 0; i < 80; i++) {
				reports.add(pool.submit(() -> this.settings.recordBounce(member, address, java.time.Instant.now(),
						"452 4.2.2 Mailbox full")));
			}
			for (var report : reports) {
				report.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.settings.find(member).orElseThrow().bounces().count()).isEqualTo(80);
	}

	/**
	 * The answer of GET goes back whole, also with delivery reports, whatever order a
	 * client's JSON library gives their fields.
	 */
	@Test
	void theWholeAnswerWithDeliveryReportsGoesBackInAnyFieldOrder() throws Exception {
		String member = actor(Members.DSTGB).id().value();
		String address = "dstgb@demo.forum-kommunalpakt.example";
		this.settings.recordAddress(member, address);
		this.settings.recordBounce(member, address, java.time.Instant.parse("2026-12-06T08:00:00Z"),
				"550 5.1.1 mailbox unavailable");
		try {
			var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
			var whole = (com.fasterxml.jackson.databind.node.ObjectNode) mapper
				.readTree(this.mvc.perform(get("/api/v1/me/mail-settings").with(Members.DSTGB.bearer()))
					.andReturn()
					.getResponse()
					.getContentAsString());
			assertThat(whole.get("bounces").get("count").asInt()).isEqualTo(1);
			var reversed = mapper.createObjectNode();
			List<String> names = new java.util.ArrayList<>();
			whole.get("bounces").fieldNames().forEachRemaining(names::add);
			java.util.Collections.reverse(names);
			names.forEach((n) -> reversed.set(n, whole.get("bounces").get(n)));
			whole.set("bounces", reversed);
			whole.put("watched", "WEEKLY");
			this.mvc
				.perform(put("/api/v1/me/mail-settings").with(Members.DSTGB.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.content(whole.toString()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.watched").value("WEEKLY"));
			((com.fasterxml.jackson.databind.node.ObjectNode) whole.get("bounces")).put("count", 0);
			this.mvc
				.perform(put("/api/v1/me/mail-settings").with(Members.DSTGB.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.content(whole.toString()))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.errors.bounces").exists());
		}
		finally {
			this.settings.resume(member);
			this.settings.save(MailSettings.defaults(member, null));
		}
	}

	/**
	 * Two changes at the same moment both stay: one through the API, one through the
	 * page, while a login records a new address (which neither writes back with the old
	 * one).
	 */
	@Test
	void settingsChangedAtTheSameMomentAllStay() throws Exception {
		String member = actor(Members.DSTGB).id().value();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
		try {
			for (int i = 0; i < 20; i++) {
				String own = (i % 2 == 0) ? "WEEKLY" : "DAILY";
				String watched = (i % 2 == 0) ? "NEVER" : "IMMEDIATE";
				String address = "dstgb-" + i + "@demo.forum-kommunalpakt.example";
				java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
				List<java.util.concurrent.Future<?>> done = List.of(pool.submit(() -> {
					go.await();
					this.mvc
						.perform(put("/api/v1/me/mail-settings").with(Members.DSTGB.bearer())
							.contentType(MediaType.APPLICATION_JSON)
							.content("{\"own\":\"" + own + "\"}"))
						.andExpect(status().isOk());
					return null;
				}), pool.submit(() -> {
					go.await();
					this.mvc
						.perform(post("/benachrichtigungen/mail").with(Members.DSTGB.session())
							.with(csrf())
							.param("beobachtet", watched))
						.andExpect(status().is3xxRedirection());
					return null;
				}), pool.submit(() -> {
					go.await();
					this.settings.recordAddress(member, address);
					return null;
				}));
				go.countDown();
				for (java.util.concurrent.Future<?> f : done) {
					f.get(30, java.util.concurrent.TimeUnit.SECONDS);
				}
				MailSettings now = this.settings.find(member).orElseThrow();
				assertThat(now.own()).as("round %d", i).isEqualTo(Delivery.valueOf(own));
				assertThat(now.watched()).as("round %d", i).isEqualTo(Delivery.valueOf(watched));
				assertThat(now.email()).as("round %d", i).isEqualTo(address);
			}
		}
		finally {
			pool.shutdownNow();
			this.settings.save(MailSettings.defaults(member, null));
		}
	}

	@Test
	void oneClickUnsubscribeFromAReceivedMailWorksWithoutLogin() throws Exception {
		String asker = address(Members.DARMSTADT);
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Abbestellen ohne Anmeldung");
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Die erste Antwort kommt per Mail.", null, null));
		int imap = SharedTestServices.mail().imap();
		List<Received> mails = MailInbox.await(imap, asker, 1, Duration.ofSeconds(15));
		assertThat(mails).hasSize(1);
		String header = mails.get(0).listUnsubscribe();
		String path = URI.create(header.substring(1, header.length() - 1)).getPath();

		// Opening the link (as link scanners do) changes nothing.
		this.mvc.perform(get(path))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Möchten Sie die Mails zu Antworten auf Ihre Themen")));
		assertThat(this.settings.find(actor(Members.DARMSTADT).id().value()).orElseThrow().own())
			.isEqualTo(Delivery.IMMEDIATE);
		// The mail program's one-click POST: no session, no CSRF token.
		this.mvc
			.perform(
					post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Abbestellt")));
		assertThat(this.settings.find(actor(Members.DARMSTADT).id().value()).orElseThrow().own())
			.isEqualTo(Delivery.NEVER);

		this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(question.thread().value(), "Diese Antwort kommt nicht mehr.", null, null));
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Diese auch nicht.", null, null));
		Thread.sleep(3000);
		this.dispatcher.drain();
		assertThat(MailInbox.read(imap, asker)).hasSize(1);

		// A link whose signature does not match unsubscribes nobody.
		String forged = path.substring(0, path.length() - 4) + "AAAA";
		this.mvc.perform(post(forged)).andExpect(status().isNotFound());
		this.mvc.perform(get("/mail/abbestellen/kaputt")).andExpect(status().isNotFound());
	}

	/**
	 * A reply's mail carries a link that mutes its thread without a login: opening it
	 * changes nothing, its button mutes the thread for the member (as the thread page's
	 * "Benachrichtigungen" would); then further replies there send the member no mail, a
	 * mention still does, and other members still get theirs.
	 */
	@Test
	void aReplysMailMutesItsThreadWithoutLogin() throws Exception {
		String asker = address(Members.DARMSTADT);
		String watcher = address(Members.KOELN);
		String koeln = actor(Members.KOELN).id().value();
		this.settings.save(this.settings.findOrDefault(koeln).with(MailSettings.Category.WATCHED, Delivery.IMMEDIATE));
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Stummschalten aus der Mail");
		String thread = question.thread().value();
		this.mvc
			.perform(post("/beobachten").with(Members.KOELN.session())
				.with(csrf())
				.param("ziel", "thread:" + thread)
				.param("stufe", "WATCH"))
			.andExpect(status().is3xxRedirection());
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(thread, "Die erste Antwort kommt per Mail.", null, null));
		int imap = SharedTestServices.mail().imap();
		List<Received> mails = MailInbox.await(imap, asker, 1, Duration.ofSeconds(15));
		assertThat(mails).hasSize(1);
		java.util.regex.Matcher link = java.util.regex.Pattern.compile("Dieses Thema stummschalten: (\\S+)")
			.matcher(mails.get(0).text());
		assertThat(link.find()).as(mails.get(0).text()).isTrue();
		String path = URI.create(link.group(1)).getPath();
		assertThat(path).startsWith("/mail/stummschalten/");
		assertThat(mails.get(0).html()).contains("href=\"" + link.group(1) + "\"");

		// Opening the link (as link scanners do) changes nothing.
		this.mvc.perform(get(path))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(containsString("Möchten Sie das Thema „Stummschalten aus der Mail“ stummschalten?")));
		assertThat(this.watches.settings(actor(Members.DARMSTADT).id())).doesNotContainKey("thread:" + thread);
		// The button: no session, no CSRF token.
		this.mvc.perform(post(path))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(containsString("Stummgeschaltet: Zu Antworten im Thema „Stummschalten aus der Mail“")));
		assertThat(this.watches.settings(actor(Members.DARMSTADT).id())).containsEntry("thread:" + thread,
				de.kommunalpakt.forum.notification.WatchLevel.MUTE);

		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(thread, "Diese Antwort erreicht Darmstadt nicht mehr.", null, null));
		assertThat(MailInbox.await(imap, watcher, 2, Duration.ofSeconds(15))).hasSize(2);
		this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(thread, "Aber @darmstadt, eine Erwähnung kommt an.", null, null));
		List<Received> after = MailInbox.await(imap, asker, 2, Duration.ofSeconds(15));
		assertThat(after).hasSize(2);
		assertThat(after.get(1).subject()).startsWith("Jonas Weber hat Sie erwähnt");
		assertThat(MailInbox.read(imap, asker)).hasSize(2);
		assertThat(MailInbox.read(imap, watcher)).hasSize(2);

		// A forged link mutes nothing; a link for a thread the member may not read shows
		// no title.
		this.mvc.perform(post(path.substring(0, path.length() - 4) + "AAAA")).andExpect(status().isNotFound());
		this.mvc.perform(get("/mail/stummschalten/kaputt"))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("Dieser Link zum Stummschalten ist ungültig")));
		String closed = question(Members.DSTGB, MODERATOR_SPACE, "Nur für die Moderation").thread().value();
		this.mvc
			.perform(get(
					"/mail/stummschalten/" + this.tokens.sign("mute", actor(Members.DARMSTADT).id().value(), closed)))
			.andExpect(status().isNotFound())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("Nur für die Moderation"))));
		// Nor for a thread the moderation hid (hiding its opening post hides it).
		PostId hidden = question(Members.HESSEN, OPEN_SPACE, "Von der Moderation ausgeblendet");
		this.moderation.hide(actor(Members.DSTGB), hidden.toString(), "Werbung");
		this.mvc
			.perform(get("/mail/stummschalten/"
					+ this.tokens.sign("mute", actor(Members.DARMSTADT).id().value(), hidden.thread().value())))
			.andExpect(status().isNotFound())
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("Von der Moderation ausgeblendet"))));
	}

}
