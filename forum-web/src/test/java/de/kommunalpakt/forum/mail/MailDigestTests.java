package de.kommunalpakt.forum.mail;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.mail.MailInbox.Received;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Daily digests over real SMTP and IMAP: grouping, unanswered questions of the member's
 * Land first, reuse models of followed Länder, visibility at building time, one mail per
 * slot.
 */
class MailDigestTests extends WebTestSupport {

	@Autowired
	MailSettingsRepository settings;

	@Autowired
	MemberRepository members;

	@Autowired
	MailComposer composer;

	@Autowired
	MailDigests digests;

	@Autowired
	MailDispatcher dispatcher;

	@Autowired
	DigestItems items;

	@Autowired
	NotificationService notifications;

	@Autowired
	ReuseModelService reuseModels;

	@Autowired
	MongoDatabase database;

	@Autowired
	ModerationService moderation;

	@Autowired
	MailOutbox outbox;

	@BeforeEach
	void members() {
		for (Members m : List.of(Members.DARMSTADT, Members.HESSEN, Members.KOELN)) {
			this.members.recordLogin(actor(m));
		}
	}

	@Test
	void dailyDigestGroupsBySpaceLeadsWithUnansweredQuestionsOfTheLandAndIsSentOnce() throws Exception {
		String address = darmstadtDaily();
		SpaceId hidden = watchedSpace("Bald verborgen", 90);
		this.notifications.watch(actor(Members.DARMSTADT), WatchTarget.space(OPEN_SPACE.value()), WatchLevel.WATCH);
		try {
			PostId own = question(Members.DARMSTADT, OPEN_SPACE, "Eigene Frage mit Antwort");
			this.threads.reply(actor(Members.HESSEN),
					new ThreadCommands.Reply(own.thread().value(), "Eine Antwort aus dem Land.", null, null));
			this.threads.start(actor(Members.KOELN),
					new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "Offene Frage zu Hessen",
							"Wer weiß das?", Set.of(), Set.of(LandCode.HE), null));
			this.threads.start(actor(Members.KOELN), new ThreadCommands.StartThread(hidden.value(),
					ThreadType.DISCUSSION, "Thema im bald verborgenen Bereich", "Text", Set.of(), Set.of(), null));
			this.composer.drain();
			// Before the digest is built the second space becomes moderators only.
			this.spaces.save(new Space(hidden, "Bald verborgen", "Test", Visibility.MODERATORS, null, 90));

			Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
			assertThat(this.digests.sendDue(tomorrow)).isEqualTo(1);
			assertThat(this.digests.sendDue(tomorrow)).isZero();
			this.dispatcher.drain();
		}
		finally {
			this.notifications.watch(actor(Members.DARMSTADT), WatchTarget.space(OPEN_SPACE.value()),
					WatchLevel.NORMAL);
		}

		Received digest = onlyMail(address);
		assertThat(digest.subject())
			.isEqualTo("Ihre Zusammenfassung aus dem Forum Kommunalpakt: 2 Neuigkeiten in 2 Themen");
		String text = digest.text().replace("\r\n", "\n");
		assertThat(text).contains("Guten Tag Anna Becker,")
			.contains("Noch unbeantwortete Fragen zu Hessen")
			.contains("Fragen zur Nachnutzung")
			.contains("Eigene Frage mit Antwort: eine Neuigkeit\n"
					+ "  Neuester Beitrag von Petra Schulz (Land Hessen):\n  > Eine Antwort aus dem Land.\n")
			.doesNotContain("bald verborgenen");
		assertThat(text.indexOf("Noch unbeantwortete Fragen zu Hessen"))
			.isLessThan(text.indexOf("Fragen zur Nachnutzung"));
		int unanswered = text.indexOf("Noch unbeantwortete Fragen zu Hessen");
		assertThat(text.substring(unanswered, text.indexOf("Fragen zur Nachnutzung")))
			.contains("Offene Frage zu Hessen")
			.doesNotContain("Eigene Frage mit Antwort");
		assertThat(digest.html()).contains("<h2>Noch unbeantwortete Fragen zu Hessen</h2>");
		assertThat(digest.listUnsubscribe()).contains("/mail/abbestellen/");
	}

	@Test
	void aDigestNamingAThreadTheMemberCanNoLongerReadWhenItIsSentGoesOutWithoutItAndNothingOfIt() throws Exception {
		String address = darmstadtDaily();
		SpaceId closing = watchedSpace("Bald geschlossen", 91);
		PostId own = question(Members.DARMSTADT, OPEN_SPACE, "Frage mit Antwort vor dem Schließen");
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(own.thread().value(), "Antwort im offenen Bereich.", null, null));
		PostId closed = this.threads.start(actor(Members.KOELN),
				new ThreadCommands.StartThread(closing.value(), ThreadType.DISCUSSION,
						"Thema im Bereich, der gleich schließt", "GEHEIMER-TEXT", Set.of(), Set.of(), null));
		this.composer.drain();
		this.dispatcher.stop();
		try {
			// Two days ahead: another test may have built tomorrow's slot for this
			// member.
			assertThat(this.digests.sendDue(Instant.now().plus(Duration.ofDays(2)))).isEqualTo(1);
			// Built with both threads; before it goes out the space becomes moderators
			// only (say the relay was down for an hour).
			OutgoingMail built = toDarmstadt(address);
			assertThat(built.text()).contains("Thema im Bereich, der gleich schließt");
			assertThat(built.threads()).containsExactlyInAnyOrder(own.thread().value(), closed.thread().value());
			this.spaces.save(new Space(closing, "Bald geschlossen", "Test", Visibility.MODERATORS, null, 91));
		}
		finally {
			this.dispatcher.start();
		}
		this.dispatcher.drain();

		// Its other news go out, built again without the closed thread; the outbox keeps
		// what was sent.
		Received digest = onlyMail(address);
		assertThat(digest.subject())
			.isEqualTo("Ihre Zusammenfassung aus dem Forum Kommunalpakt: eine Neuigkeit in einem Thema");
		assertThat(digest.text()).contains("Frage mit Antwort vor dem Schließen")
			.contains("Antwort im offenen Bereich.")
			.doesNotContain("gleich schließt")
			.doesNotContain("GEHEIMER-TEXT")
			.doesNotContain("Bald geschlossen");
		assertThat(digest.html()).contains("Frage mit Antwort vor dem Schließen").doesNotContain("gleich schließt");
		OutgoingMail sent = toDarmstadt(address);
		assertThat(sent.status()).isEqualTo(OutgoingMail.Status.SENT);
		assertThat(sent.threads()).containsExactly(own.thread().value());
		assertThat(sent.text()).isEqualTo(digest.text().replace("\r\n", "\n"));
		assertThat(sent.subject()).isEqualTo(digest.subject());
		// Administrators see that it went out without a thread it was built with.
		assertThat(sent.leftOut()).isEqualTo(1);
		String note = "ohne ein Thema neu gebaut (kein Lesezugriff mehr)";
		this.mvc.perform(get("/admin/postausgang").param("an", address).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(note)));
		this.mvc.perform(get("/admin/postausgang/" + sent.id()).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(note)));
	}

	@Test
	void aDigestWhoseOnlyThreadTheMemberCanNoLongerReadWhenItIsSentIsDropped() throws Exception {
		String address = darmstadtDaily();
		SpaceId closing = watchedSpace("Bald ganz geschlossen", 92);
		this.threads.start(actor(Members.KOELN), new ThreadCommands.StartThread(closing.value(), ThreadType.DISCUSSION,
				"Einziges Thema, das gleich verschwindet", "Text", Set.of(), Set.of(), null));
		this.composer.drain();
		this.dispatcher.stop();
		try {
			assertThat(this.digests.sendDue(Instant.now().plus(Duration.ofDays(3)))).isEqualTo(1);
			this.spaces.save(new Space(closing, "Bald ganz geschlossen", "Test", Visibility.MODERATORS, null, 92));
		}
		finally {
			this.dispatcher.start();
		}
		this.dispatcher.drain();

		OutgoingMail digest = toDarmstadt(address);
		assertThat(digest.status()).isEqualTo(OutgoingMail.Status.DROPPED);
		assertThat(digest.lastError()).isEqualTo("Kein Lesezugriff mehr auf das Thema der Zusammenfassung");
		assertThat(digest.text()).contains("Einziges Thema, das gleich verschwindet");
		assertThat(MailInbox.read(SharedTestServices.mail().imap(), address)).isEmpty();
	}

	/** The newest outbox mail to this address. */
	private OutgoingMail toDarmstadt(String address) {
		// The list leaves the texts out: the mail itself, found by its id.
		return this.outbox.find(null, address, 0, 200)
			.items()
			.stream()
			.filter((m) -> m.to().equals(address))
			.findFirst()
			.flatMap((m) -> this.outbox.find(m.id()))
			.orElseThrow();
	}

	@Test
	void digestListsNewAndChangedReuseModelsOfTheFollowedLaenderOnlyAndOnce() throws Exception {
		ReuseLogins.clear(this.database);
		String address = "koeln-" + UUID.randomUUID() + "@test.example";
		String koeln = actor(Members.KOELN).id().value();
		// An hour of its own: the other digest test of this class builds Köln's 7 o'clock
		// slot (between 19 and 20 o'clock German time this one ran into it: no digest).
		int hour = (ZonedDateTime.now(MailDigests.BERLIN).getHour() + 12) % 24;
		if (hour == 7) {
			hour = 6;
		}
		this.settings
			.save(new MailSettings(koeln, address, Delivery.IMMEDIATE, Delivery.DAILY, hour, DayOfWeek.MONDAY));
		this.notifications.watch(actor(Members.KOELN), WatchTarget.land("HE"), WatchLevel.WATCH);
		this.notifications.watch(actor(Members.KOELN), WatchTarget.land("SH"), WatchLevel.WATCH);
		try {
			// Followed: HE (two versions) and SH (a draft, not for a Kommune); NW is not.
			ReuseLogins.saveModels(this.reuseModels);

			// The models' discussion threads (Land HE) are news of the watched Land too.
			this.composer.drain();
			Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
			assertThat(this.digests.sendDue(tomorrow)).isEqualTo(1);
			assertThat(this.digests.sendDue(tomorrow)).isZero();
			this.dispatcher.drain();
			// The next day's digest has nothing new: no mail.
			assertThat(this.digests.sendDue(tomorrow.plus(Duration.ofDays(1)))).isZero();
		}
		finally {
			this.notifications.watch(actor(Members.KOELN), WatchTarget.land("HE"), WatchLevel.NORMAL);
			this.notifications.watch(actor(Members.KOELN), WatchTarget.land("SH"), WatchLevel.NORMAL);
			ReuseLogins.clear(this.database);
		}

		Received digest = onlyMail(address);
		assertThat(digest.subject()).startsWith("Ihre Zusammenfassung aus dem Forum Kommunalpakt: ");
		assertThat(digest.text()).contains("Guten Tag Jonas Weber,")
			.contains("Neue oder geänderte Nachnutzungsmodelle der Länder, denen Sie folgen")
			.contains("Hessen: civento-Modell, Version 2 (veröffentlicht), geändert: Betreiber oder Intermediär")
			.contains("Hessen: civento-Modell, Version 1 (veröffentlicht)")
			.contains("/modelle/he/versionen?version=2")
			.doesNotContain("Entwurf aus Kiel")
			.doesNotContain("d-NRW");
		assertThat(digest.text().indexOf("Version 2")).isLessThan(digest.text().indexOf("Version 1"));
		assertThat(digest.html())
			.contains("<h2>Neue oder geänderte Nachnutzungsmodelle der Länder, denen Sie folgen</h2>");
		assertThat(digest.listUnsubscribe()).contains("/mail/abbestellen/");
	}

	@Test
	void digestQuotesTheNewestPostTheMemberMayStillReadWithAuthorAndOrganisation() throws Exception {
		String address = "koeln-" + UUID.randomUUID() + "@test.example";
		String koeln = actor(Members.KOELN).id().value();
		this.settings.save(new MailSettings(koeln, address, Delivery.DAILY, Delivery.NEVER, 7, DayOfWeek.MONDAY));
		PostId question = question(Members.KOELN, OPEN_SPACE, "Frage mit langer Antwort");
		String thread = question.thread().value();
		String longAnswer = "Wir haben den Dienst im Frühjahr übernommen. ".repeat(8) + "ENDE-DER-ANTWORT";
		this.threads.reply(actor(Members.HESSEN), new ThreadCommands.Reply(thread, longAnswer, null, null));
		PostId advert = this.threads.reply(actor(Members.DARMSTADT),
				new ThreadCommands.Reply(thread, "Kaufen Sie unser Produkt, WERBETEXT.", null, null));
		this.composer.drain();
		// Hidden by the moderation before the digest is built: its text stays out.
		this.moderation.hide(actor(Members.DSTGB), advert.toString(), "Werbung");

		assertThat(this.digests.sendDue(Instant.now().plus(Duration.ofDays(1)))).isEqualTo(1);
		this.dispatcher.drain();

		Received digest = onlyMail(address);
		assertThat(digest.subject())
			.isEqualTo("Ihre Zusammenfassung aus dem Forum Kommunalpakt: 2 Neuigkeiten in einem Thema");
		// A reply to the digest posts nothing, and the digest says so.
		assertThat(digest.text()).contains("Antworten auf diese Zusammenfassung erscheinen nicht im Forum: Zum "
				+ "Antworten öffnen Sie ein Thema über seinen Link.");
		assertThat(digest.html()).contains("Antworten auf diese Zusammenfassung erscheinen nicht im Forum");
		assertThat(digest.text().replace("\r\n", "\n"))
			.contains("seit Ihrer letzten Zusammenfassung gibt es 2 Neuigkeiten in einem Thema, "
					+ "das Sie betrifft oder das Sie beobachten.")
			.contains("Frage mit langer Antwort: 2 Neuigkeiten, zuletzt von Anna Becker\n"
					+ "  Neuester Beitrag von Petra Schulz (Land Hessen):\n"
					+ "  > Wir haben den Dienst im Frühjahr übernommen. Wir haben")
			.contains(" …\n  http")
			.contains("/beitraege/" + advert)
			.doesNotContain("WERBETEXT")
			.doesNotContain("ENDE-DER-ANTWORT");
		assertThat(digest.html()).contains("Neuester Beitrag von Petra Schulz (Land Hessen):<blockquote")
			.contains(">Wir haben den Dienst im Frühjahr übernommen.")
			.doesNotContain("WERBETEXT");
	}

	@Test
	void digestInterruptedAfterTyingItsItemsIsSentOnceWithThemAndLaterItemsWaitForTheNextSlot() throws Exception {
		String address = "hessen-" + UUID.randomUUID() + "@test.example";
		String hessen = actor(Members.HESSEN).id().value();
		int hour = (ZonedDateTime.now(MailDigests.BERLIN).getHour() + 6) % 24;
		this.settings
			.save(new MailSettings(hessen, address, Delivery.IMMEDIATE, Delivery.DAILY, hour, DayOfWeek.MONDAY));
		PostId thread = question(Members.DARMSTADT, OPEN_SPACE, "Frage vor dem Absturz");
		Instant now = Instant.now();
		this.items.add(item(hessen, thread, "vor-1", now.minus(Duration.ofMinutes(50))));
		this.items.add(item(hessen, thread, "vor-2", now.minus(Duration.ofMinutes(40))));
		Instant tomorrow = now.plus(Duration.ofDays(1));
		Instant slot = MailDigests.latestSlot(Delivery.DAILY, hour, DayOfWeek.MONDAY, tomorrow);
		// The instance stopped right after tying the items; one more arrives meanwhile.
		assertThat(this.items.take(hessen, List.of(Category.WATCHED), slot)).hasSize(2);
		this.items.add(item(hessen, thread, "spaeter", now.minus(Duration.ofMinutes(30))));

		assertThat(this.digests.sendDue(tomorrow)).isEqualTo(1);
		assertThat(this.digests.sendDue(tomorrow)).isZero();
		this.dispatcher.drain();
		Received digest = onlyMail(address);
		assertThat(digest.text()).contains("Frage vor dem Absturz: 2 Neuigkeiten");
		// The late one is the next day's news.
		assertThat(this.digests.sendDue(tomorrow.plus(Duration.ofDays(1)))).isEqualTo(1);
	}

	/** Darmstadt gets daily digests of both kinds at 7, at a fresh address (returned). */
	private String darmstadtDaily() {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		String darmstadt = actor(Members.DARMSTADT).id().value();
		this.settings.save(new MailSettings(darmstadt, address, Delivery.DAILY, Delivery.DAILY, 7, DayOfWeek.MONDAY));
		return address;
	}

	/** A new space open to all members, which Darmstadt watches. */
	private SpaceId watchedSpace(String name, int order) {
		SpaceId space = new SpaceId("digest-" + UUID.randomUUID().toString().substring(0, 8));
		this.spaces.save(new Space(space, name, "Test", Visibility.ALL_MEMBERS, null, order));
		this.notifications.watch(actor(Members.DARMSTADT), WatchTarget.space(space.value()), WatchLevel.WATCH);
		return space;
	}

	private static DigestItem item(String member, PostId thread, String id, Instant at) {
		return new DigestItem(id + ":" + UUID.randomUUID(), member, Category.WATCHED, NotificationKind.WATCHED_REPLY,
				thread.thread().value(), 1, "Anna Becker", at);
	}

	/** The one mail in the address's IMAP inbox (none comes later). */
	private static Received onlyMail(String address) throws Exception {
		int imap = SharedTestServices.mail().imap();
		List<Received> mails = MailInbox.await(imap, address, 1, Duration.ofSeconds(15));
		Thread.sleep(300);
		assertThat(MailInbox.read(imap, address)).hasSize(1);
		return mails.get(0);
	}

	@Test
	void slotsFollowGermanTimeForDaysAndWeeks() {
		Instant now = ZonedDateTime.parse("2026-03-29T10:30:00+02:00[Europe/Berlin]").toInstant();
		assertThat(MailDigests.latestSlot(Delivery.DAILY, 7, DayOfWeek.MONDAY, now))
			.isEqualTo(ZonedDateTime.parse("2026-03-29T07:00:00+02:00[Europe/Berlin]").toInstant());
		assertThat(MailDigests.latestSlot(Delivery.DAILY, 11, DayOfWeek.MONDAY, now))
			.isEqualTo(ZonedDateTime.parse("2026-03-28T11:00:00+01:00[Europe/Berlin]").toInstant());
		assertThat(MailDigests.latestSlot(Delivery.WEEKLY, 7, DayOfWeek.MONDAY, now))
			.isEqualTo(ZonedDateTime.parse("2026-03-23T07:00:00+01:00[Europe/Berlin]").toInstant());
		assertThat(MailDigests.latestSlot(Delivery.WEEKLY, 7, DayOfWeek.SUNDAY, now))
			.isEqualTo(ZonedDateTime.parse("2026-03-29T07:00:00+02:00[Europe/Berlin]").toInstant());
	}

}
