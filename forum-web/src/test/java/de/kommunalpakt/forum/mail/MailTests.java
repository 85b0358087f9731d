package de.kommunalpakt.forum.mail;

import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.audit.PendingDecisions;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.infra.MailServer;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.mail.MailInbox.Received;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.security.MemberSignedIn;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.web.RequestActivity;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Notification mail over real SMTP and IMAP (the test services' GreenMail, or one started
 * here for the mail server going down): composed from the change log, sent from the
 * outbox, read back by IMAP.
 */
class MailTests extends WebTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Autowired
	PendingDecisions pending;

	@Autowired
	MailComposer composer;

	@Autowired
	MailDispatcher dispatcher;

	@Autowired
	MailOutbox outbox;

	@Autowired
	MailState mailState;

	@Autowired
	com.mongodb.client.MongoDatabase database;

	@Autowired
	MailSettingsRepository settings;

	@Autowired
	MemberRepository members;

	@Autowired
	ThreadRepository threadRepository;

	@Autowired
	SpaceRepository spaceRepository;

	@Autowired
	JavaMailSender sender;

	@Autowired
	MailProperties properties;

	@Autowired
	org.springframework.context.ApplicationEventPublisher events;

	@BeforeEach
	void members() {
		for (Members m : List.of(Members.DARMSTADT, Members.HESSEN, Members.KOELN, Members.DSTGB, Members.ADMIN)) {
			this.members.recordLogin(actor(m));
		}
	}

	/** A fresh address for the member, so each test reads its own mailbox. */
	private String address(Members member) {
		String address = member.name().toLowerCase() + "-" + UUID.randomUUID() + "@test.example";
		// Defaults, whatever other tests of the shared context chose.
		this.settings.save(MailSettings.defaults(actor(member).id().value(), address));
		return address;
	}

	private int imap() {
		return SharedTestServices.mail().imap();
	}

	@Test
	void replyToOwnQuestionArrivesAtOnceAsGermanTextAndHtml() throws Exception {
		String asker = address(Members.DARMSTADT);
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Wie schließen wir den Rahmenvertrag ab?");
		PostId reply = this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(),
						"Den Rahmenvertrag unterschreibt die Bürgermeisterin, danach folgt der Abruf je Leistung.",
						null, null));

		List<Received> mails = MailInbox.await(imap(), asker, 1, WAIT);

		assertThat(mails).hasSize(1);
		Received mail = mails.get(0);
		assertThat(mail.subject()).isEqualTo("Neue Antwort auf Ihr Thema: Wie schließen wir den Rahmenvertrag ab?");
		assertThat(mail.text()).contains("Guten Tag Anna Becker,")
			.contains("Petra Schulz (Land Hessen) hat auf Ihr Thema „Wie schließen wir den Rahmenvertrag ab?“ "
					+ "geantwortet:")
			.contains("Den Rahmenvertrag unterschreibt die Bürgermeisterin")
			.contains("/beitraege/" + reply);
		assertThat(mail.html()).contains("lang=\"de\"")
			.contains("Petra Schulz")
			.contains("Bürgermeisterin")
			.contains("href=\"" + this.properties.link("/beitraege/" + reply) + "\"");
		assertThat(mail.messageId()).startsWith("<").endsWith(">");
		assertThat(mail.inReplyTo()).isEqualTo("<thread-" + question.thread().value() + "@localhost>");
		assertThat(mail.listUnsubscribe()).startsWith("<" + this.properties.link("/mail/abbestellen/"));
		assertThat(mail.listUnsubscribePost()).isEqualTo("List-Unsubscribe=One-Click");
		// No out-of-office answer back: RFC 3834, Exchange's own header, and the one
		// vacation programs look at.
		assertThat(mail.autoResponses()).isEqualTo("auto-generated | All | list");
		// Text and HTML as alternatives, with no wrapper for attachments the mail never
		// has (each level cost the relay's parsing).
		assertThat(mail.structure()).isEqualTo("multipart/alternative(text/plain,text/html)");
	}

	/**
	 * The composer offers its mails by id: the dispatcher sends them at once, though it
	 * searches the outbox only every {@link MailDispatcher#SCAN_EVERY} (it searched just
	 * before the reply here).
	 */
	@Test
	void anImmediateMailIsSentWithoutWaitingForTheNextSearchOfTheOutbox() throws Exception {
		assertThat(MailDispatcher.SCAN_EVERY).isGreaterThan(Duration.ofSeconds(20));
		String asker = address(Members.DARMSTADT);
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Antwort ohne Suche im Postausgang");
		this.dispatcher.drain();
		long replied = System.nanoTime();
		this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(question.thread().value(), "Kommt sofort an.", null, null));

		List<Received> mails = MailInbox.await(imap(), asker, 1, Duration.ofSeconds(10));
		assertThat(mails).hasSize(1);
		assertThat(Duration.ofNanos(System.nanoTime() - replied)).isLessThan(Duration.ofSeconds(10));
		assertThat(mails.get(0).text()).contains("Kommt sofort an.");
	}

	/**
	 * The relay's sockets go without Nagle's algorithm ({@link MailRelaySockets}): with
	 * it, every mail on a connection waited 40 ms for the relay's delayed
	 * acknowledgement.
	 */
	@Test
	void relayConnectionsSendWithoutNaglesDelay() throws Exception {
		assertThat(this.sender).isInstanceOf(JavaMailSenderImpl.class);
		Object factory = ((JavaMailSenderImpl) this.sender).getSession().getProperties().get(MailRelaySockets.PROPERTY);
		assertThat(factory).isInstanceOf(SocketFactory.class);
		try (Socket socket = ((SocketFactory) factory).createSocket()) {
			assertThat(socket.getTcpNoDelay()).isTrue();
		}
		try (Socket socket = ((SocketFactory) factory).createSocket(MailServer.HOST,
				SharedTestServices.mail().smtp())) {
			assertThat(socket.getTcpNoDelay()).isTrue();
			assertThat(new java.io.BufferedReader(
					new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
				.readLine()).startsWith("220 ");
		}
	}

	@Test
	void loginKeepsTheAddressFromTheIdentityProvider() {
		String id = actor(Members.KOELN).id().value();
		this.events.publishEvent(new MemberSignedIn(actor(Members.KOELN).id(), "jonas.weber@koeln.example"));
		assertThat(this.settings.find(id).orElseThrow().email()).isEqualTo("jonas.weber@koeln.example");
		this.events.publishEvent(new MemberSignedIn(actor(Members.KOELN).id(), null));
		assertThat(this.settings.find(id).orElseThrow().email()).isNull();
	}

	@Test
	void ownActionsGetNoMail() throws Exception {
		String asker = address(Members.DARMSTADT);
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Eigene Antwort ohne Mail");
		this.threads.reply(actor(Members.DARMSTADT),
				new ThreadCommands.Reply(question.thread().value(), "Ich ergänze meine Frage selbst.", null, null));
		// A reply by someone else afterwards proves the pipeline ran past the own one.
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Eine Antwort von außen.", null, null));

		List<Received> mails = MailInbox.await(imap(), asker, 1, WAIT);
		Thread.sleep(500);

		assertThat(MailInbox.read(imap(), asker)).hasSize(1);
		assertThat(mails.get(0).text()).contains("Eine Antwort von außen.");
	}

	@Test
	void mailAboutASpaceTheMemberCanNoLongerReadIsDropped() throws Exception {
		String land = address(Members.HESSEN);
		PostId question = question(Members.HESSEN, STATE_SPACE, "Nur für die Länderrunde");
		this.dispatcher.stop();
		try {
			this.threads.reply(actor(Members.DSTGB),
					new ThreadCommands.Reply(question.thread().value(), "Antwort aus der Länderrunde.", null, null));
			this.composer.drain();
			// Between composing and sending the space becomes moderators only.
			this.spaceRepository.save(
					new Space(STATE_SPACE, "Länderrunde", "Länder, KSpV, FITKO, Bund", Visibility.MODERATORS, null, 2));
			List<OutgoingMail> composed = pendingFor(land);
			assertThat(composed).hasSize(1);
		}
		finally {
			this.dispatcher.start();
		}
		this.dispatcher.drain();

		assertThat(this.outbox.find(pendingId(land)).orElseThrow().status()).isEqualTo(OutgoingMail.Status.DROPPED);
		assertThat(MailInbox.read(imap(), land)).isEmpty();
	}

	@Test
	void aMailNamingAThreadIdNoThreadCanHaveIsDroppedWithoutStoppingItsBatch() throws Exception {
		String run = UUID.randomUUID().toString();
		String damaged = "darmstadt-" + run + "@test.example";
		String other = "koeln-" + run + "@test.example";
		Instant now = Instant.now();
		// A damaged outbox document: no thread id has a slash or capitals.
		OutgoingMail broken = OutgoingMail.compose("test-damaged-" + run, actor(Members.DARMSTADT).id().value(),
				damaged, "Beschädigt", "Text", "<p>HTML</p>", run + "-1@localhost", null, "Faden/Kaputt", null, now);
		OutgoingMail fine = testMail("test-fine-" + run, other, "Unbeschädigt", now);
		this.outbox.addAll(List.of(broken, fine));
		this.dispatcher.offer(List.of(broken.id(), fine.id()));
		this.dispatcher.drain();

		OutgoingMail dropped = this.outbox.find(broken.id()).orElseThrow();
		assertThat(dropped.status()).isEqualTo(OutgoingMail.Status.DROPPED);
		assertThat(dropped.lastError()).isEqualTo("Kein Lesezugriff mehr auf das Thema");
		assertThat(this.outbox.find(fine.id()).orElseThrow().status()).isEqualTo(OutgoingMail.Status.SENT);
		assertThat(MailInbox.await(imap(), other, 1, WAIT)).extracting(Received::subject)
			.containsExactly("Unbeschädigt");
		assertThat(MailInbox.read(imap(), damaged)).isEmpty();
	}

	@Test
	void noDuplicateAfterACrashWhileComposingOrSending() throws Exception {
		List<String> addresses = List.of(address(Members.DARMSTADT), address(Members.KOELN), address(Members.DSTGB));
		this.dispatcher.stop();
		ForumChange change;
		try {
			PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Absturz beim Senden");
			// Köln and the KSpV are mentioned: three recipients of one reply.
			this.threads.reply(actor(Members.HESSEN), new ThreadCommands.Reply(question.thread().value(),
					"Fragen Sie @koeln und @dstgb, die haben das schon hinter sich.", null, null));
			this.composer.drain();
			String mailId = pendingId(addresses.get(0));
			change = new ForumChange(mailId.substring(0, mailId.lastIndexOf(":sub-darmstadt")), ChangeKind.REPLY_POSTED,
					question.thread().value(), 2, OPEN_SPACE.value(), actor(Members.HESSEN).id().value(), 0,
					Instant.now());
			// The composer read the change again after a crash (mails added, checkpoint
			// not
			// moved): nothing is added twice.
			this.composer.compose(change);
			for (String address : addresses) {
				assertThat(pendingFor(address)).hasSize(1);
			}
			// The dispatcher claims the first mail and the process dies before SMTP: a
			// sender that fails hard on its first message.
			AtomicInteger calls = new AtomicInteger();
			JavaMailSender crashing = new DelegatingSender(this.sender) {
				@Override
				public void send(MimeMessage message) throws MailException {
					if (calls.getAndIncrement() == 0) {
						throw new IllegalStateException("Absturz mitten im Senden");
					}
					super.send(message);
				}
			};
			MailDispatcher crashed = new MailDispatcher(this.outbox, crashing, this.properties, this.members,
					this.threadRepository, this.spaceRepository, this.settings, Clock.systemUTC(),
					new RequestActivity());
			crashed.start();
			crashed.drain();
			crashed.stop();
			// After the restart, the claim of the dead process has run out.
			MailDispatcher restarted = new MailDispatcher(this.outbox, this.sender, this.properties, this.members,
					this.threadRepository, this.spaceRepository, this.settings,
					Clock.offset(Clock.systemUTC(), MailDispatcher.STALE.plusSeconds(1)), new RequestActivity());
			restarted.start();
			restarted.drain();
			restarted.stop();
		}
		finally {
			this.dispatcher.start();
		}
		for (String address : addresses) {
			List<Received> mails = MailInbox.await(imap(), address, 1, WAIT);
			Thread.sleep(300);
			assertThat(MailInbox.read(imap(), address)).as(address).hasSize(1);
			assertThat(mails.get(0).subject()).contains("Absturz beim Senden");
		}
	}

	/**
	 * While the relay cannot be reached, one mail is tried per round and the others wait
	 * without using up their tries (a morning's 10,000 digests were each tried, each with
	 * a connection attempt, a log line and a write, every round); nothing is claimed
	 * between rounds; when the relay is back, every mail goes out. A mail the relay
	 * refuses fails for good after its tries and shows in the administrators' outbox.
	 */
	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void mailServerDownTriesOneMailPerRoundThenSendsAllAndShowsRefusedMailToAdministrators(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		try (MailServer own = MailServer.start(0, 0)) {
			JavaMailSenderImpl relay = new JavaMailSenderImpl();
			relay.setHost(MailServer.HOST);
			relay.setPort(own.smtpPort());
			// As Spring Boot sets them when FORUM_MAIL_USERNAME and _PASSWORD are unset.
			relay.setUsername("");
			relay.setPassword("");
			relay.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
			MailProperties threeAttempts = new MailProperties(true, this.properties.from(), this.properties.baseUrl(),
					this.properties.secret(), 3, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(5),
					this.properties.replyAddress(), this.properties.imap(), 2);
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = new MailDispatcher(this.outbox, relay, threeAttempts, this.members,
					this.threadRepository, this.spaceRepository, this.settings, clock, new RequestActivity());
			String run = UUID.randomUUID().toString();
			List<String> waiting = sixMails("test-outage-", run, "wartet-", "Nach dem Ausfall ", clock);
			// The server goes down before the dispatcher starts: its first pass (at
			// start) must not reach it.
			own.stop();
			dispatcher.start();
			try {
				dispatcher.drain();
				// One mail tried on each of the two connections at most, the others
				// waiting for the next round with their tries untouched.
				assertThat(tries(waiting)).isBetween(1, 2);
				assertThat(waiting).allSatisfy((id) -> {
					OutgoingMail mail = this.outbox.find(id).orElseThrow();
					assertThat(mail.status()).isEqualTo(OutgoingMail.Status.PENDING);
					assertThat(mail.nextAttemptAt()).isAfterOrEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
				});
				assertThat(this.outbox.find(waiting.get(5)).orElseThrow().lastError())
					.isEqualTo("Nicht versucht: Mailserver nicht erreichbar");
				assertThat(dispatcher.outage()).get()
					.extracting(MailDispatcher.Outage::next)
					.isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

				// Before the next round, a new mail is offered: nothing is claimed or
				// tried.
				String offered = "test-outage-offered-" + run;
				waiting.add(offered);
				this.outbox.add(testMail(offered, "neu-" + run + "@test.example", "Während des Ausfalls geschrieben",
						clock.instant()));
				dispatcher.offer(List.of(offered));
				dispatcher.drain();
				int afterFirst = tries(waiting);
				assertThat(afterFirst).isBetween(1, 2);
				assertThat(this.outbox.find(offered).orElseThrow().status()).isEqualTo(OutgoingMail.Status.PENDING);

				// The second round: again one or two tries, then a wait of two minutes.
				clock.advance(Duration.ofMinutes(1));
				dispatcher.drain();
				assertThat(tries(waiting) - afterFirst).isBetween(1, 2);
				assertThat(dispatcher.outage()).get()
					.extracting(MailDispatcher.Outage::next)
					.isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
				// Tried some 5 times in all, where each of the 7 mails was tried before:
				// nobody's tries are used up, none failed.
				assertThat(waiting).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status())
					.isEqualTo(OutgoingMail.Status.PENDING));
				assertThat(output.getOut().lines().filter((l) -> l.contains("Mailserver nicht erreichbar")).count())
					.isOne();

				own.start();
				clock.advance(Duration.ofMinutes(2));
				dispatcher.drain();
				assertThat(dispatcher.outage()).isEmpty();
				assertThat(waiting).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status())
					.isEqualTo(OutgoingMail.Status.SENT));
				assertThat(MailInbox.await(own.imapPort(), "neu-" + run + "@test.example", 1, WAIT))
					.extracting(Received::subject)
					.containsExactly("Während des Ausfalls geschrieben");
				assertThat(output.getOut()).contains("Mailserver wieder erreichbar");
				assertThat(own.logins()).as("no SMTP login with empty credentials").doesNotContain("");

				// An address no relay takes is refused on each of its three tries and
				// fails for good.
				String fails = "test-fail-" + run;
				this.outbox.add(
						testMail(fails, "scheitert-" + run + "@@test.example", "Scheitert endgültig", clock.instant()));
				dispatcher.drain();
				clock.advance(Duration.ofMinutes(1));
				dispatcher.drain();
				assertThat(this.outbox.find(fails).orElseThrow().status()).isEqualTo(OutgoingMail.Status.PENDING);
				clock.advance(Duration.ofMinutes(2));
				dispatcher.drain();
				OutgoingMail failed = this.outbox.find(fails).orElseThrow();
				assertThat(failed.status()).isEqualTo(OutgoingMail.Status.FAILED);
				assertThat(failed.attempts()).isEqualTo(3);
			}
			finally {
				dispatcher.stop();
			}
		}

		this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Scheitert endgültig")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("endgültig fehlgeschlagen")));
	}

	/**
	 * A relay that takes only its login's address as envelope sender refuses the bounces
	 * address, as Postfix does at {@code MAIL FROM}: the refused mails go again at once
	 * without it, and so does every mail after; no try is used up, and the log says so
	 * once.
	 */
	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void aRelayRefusingTheBouncesSenderAtMailFromGetsTheMailsWithoutIt(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		relayRefusingTheBouncesSender(PickyRelay.RefusesAt.MAIL_FROM, output);
	}

	/** As Exchange does, after the data ({@code 550 5.7.60}). */
	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void aRelayRefusingTheBouncesSenderAfterTheDataGetsTheMailsWithoutIt(
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		relayRefusingTheBouncesSender(PickyRelay.RefusesAt.DATA, output);
	}

	/**
	 * A relay that answers "later" (450, greylisting or throttling) keeps the mail
	 * waiting beyond its tries, for a day from its creation; then it fails with that
	 * answer.
	 */
	@Test
	void aMailTheRelayDefersIsTriedForADayThenFails() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM, "spaeter-")) {
			MailProperties threeAttempts = new MailProperties(true, this.properties.from(), this.properties.baseUrl(),
					this.properties.secret(), 3, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofSeconds(5),
					this.properties.replyAddress(), this.properties.imap(), 1);
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, threeAttempts, clock);
			String id = "test-deferred-" + UUID.randomUUID();
			this.outbox.add(testMail(id, "spaeter-" + UUID.randomUUID() + "@test.example", "Später", clock.instant()));
			dispatcher.start();
			try {
				// Six tries, twice the mail's three, over some hours: it waits on.
				for (int i = 0; i < 6; i++) {
					dispatcher.drain();
					clock.advance(Duration.ofHours(1));
				}
				OutgoingMail waiting = this.outbox.find(id).orElseThrow();
				assertThat(waiting.status()).isEqualTo(OutgoingMail.Status.PENDING);
				assertThat(waiting.attempts()).isEqualTo(6);
				assertThat(picky.refusals).hasSize(6);
				// A day after it was written, the next "later" ends it.
				clock.advance(Duration.ofHours(19));
				dispatcher.drain();
				OutgoingMail failed = this.outbox.find(id).orElseThrow();
				assertThat(failed.status()).isEqualTo(OutgoingMail.Status.FAILED);
				assertThat(failed.attempts()).isEqualTo(7);
				assertThat(picky.accepted).isEmpty();
			}
			finally {
				dispatcher.stop();
			}
		}
	}

	/**
	 * A relay that refuses the forum's login (535: a rotated password) is treated like
	 * one that cannot be reached: no mail fails or uses up more than the one try of its
	 * round, the outbox says why the mails wait and what to check, and once the login
	 * works every mail goes out.
	 */
	@Test
	void aRelayRefusingTheLoginKeepsTheMailsWaitingUntilItTakesItAgain() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM)) {
			picky.refuseLogin = true;
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, this.properties, clock, "forum");
			List<String> ids = sixMails("test-login-", UUID.randomUUID().toString(), "anmeldung-", "Anmeldung ", clock);
			dispatcher.start();
			try {
				// A few rounds, an hour apart: more than the mails' tries would allow if
				// each round used one of every mail's.
				for (int round = 0; round < 3; round++) {
					dispatcher.drain();
					clock.advance(Duration.ofHours(1));
				}
				assertThat(ids).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.PENDING));
				assertThat(dispatcher.outage()).hasValueSatisfying((o) -> assertThat(o.error()).contains("535"));
				assertThat(picky.logins.get()).isPositive();
				assertThat(picky.accepted).isEmpty();
				// Each round tried at most one mail per connection.
				assertThat(tries(ids)).isBetween(1, 3 * this.properties.connections());
				assertThat(this.outbox.countPostponed().login()).isPositive();
				this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
					.andExpect(status().isOk())
					.andExpect(content().string(org.hamcrest.Matchers.containsString(
							"weil der Mailserver beim letzten Versuch die Anmeldung des Forums abgelehnt hat")))
					.andExpect(content().string(org.hamcrest.Matchers.containsString("FORUM_MAIL_PASSWORD")));

				picky.refuseLogin = false;
				dispatcher.drain();
				assertThat(ids).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.SENT));
				// At least these six (on its clock ten years ahead, the test's dispatcher
				// also sends what other tests left due).
				assertThat(picky.accepted).hasSizeGreaterThanOrEqualTo(6);
				assertThat(dispatcher.outage()).isEmpty();
			}
			finally {
				dispatcher.stop();
			}
		}
	}

	/**
	 * A relay that passes mail on only after a login, and a forum configured without one
	 * ({@code 554 5.7.1 Relay access denied} for each recipient): the mails wait like in
	 * an outage, without using up their tries, and the outbox says why and what to check.
	 * Started again with a login (FORUM_MAIL_USERNAME), the forum sends all of them.
	 */
	@Test
	void aRelayDenyingRelayKeepsTheMailsWaitingUntilTheForumLogsIn() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM)) {
			picky.relayOnlyAfterLogin = true;
			MutableClock clock = tenYearsAhead();
			MailDispatcher withoutLogin = dispatcherFor(picky, this.properties, clock);
			List<String> ids = sixMails("test-relay-", UUID.randomUUID().toString(), "weiter-", "Weiterleiten ", clock);
			withoutLogin.start();
			try {
				// More rounds, an hour apart, than the mails' tries would allow if each
				// round used one of every mail's.
				for (int round = 0; round < this.properties.maxAttempts() + 1; round++) {
					withoutLogin.drain();
					clock.advance(Duration.ofHours(1));
				}
				assertThat(ids).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.PENDING));
				assertThat(withoutLogin.outage()).hasValueSatisfying(
						(o) -> assertThat(o.error()).contains("554 5.7.1").contains("Relay access denied"));
				assertThat(picky.accepted).isEmpty();
				assertThat(tries(ids)).isBetween(1,
						(this.properties.maxAttempts() + 1) * this.properties.connections());
				assertThat(this.outbox.countPostponed().relay()).isPositive();
				this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
					.andExpect(status().isOk())
					.andExpect(content().string(org.hamcrest.Matchers.containsString(
							"weil der Mailserver beim letzten Versuch abgelehnt hat, Mails des Forums weiterzuleiten")))
					.andExpect(content().string(org.hamcrest.Matchers.containsString("FORUM_MAIL_USERNAME")))
					.andExpect(content().string(
							org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("nicht erreichbar war"))));
			}
			finally {
				withoutLogin.stop();
			}
			MailDispatcher withLogin = dispatcherFor(picky, this.properties, clock, "forum");
			withLogin.start();
			try {
				withLogin.drain();
				assertThat(ids).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.SENT));
				assertThat(picky.accepted).hasSizeGreaterThanOrEqualTo(6);
			}
			finally {
				withLogin.stop();
			}
		}
	}

	/**
	 * A relay that passes mail on only to some domains (as the relay of a closed network
	 * may): it refuses to relay to extern.example and takes the rest. The mails to the
	 * other domain go out; those to extern.example use up their tries like any refusal
	 * and fail with the relay's answer and the domain named, instead of waiting for good
	 * as in an outage and holding up everyone's mail each round.
	 */
	@Test
	void aRelayRefusingOneDomainFailsOnlyTheMailsToIt() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM)) {
			picky.relayDeniedFor = "@extern.example";
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, this.properties, clock);
			String run = UUID.randomUUID().toString();
			List<String> inside = new java.util.ArrayList<>();
			List<String> outside = new java.util.ArrayList<>();
			for (int i = 0; i < 3; i++) {
				// One to the refused domain first: it may be the first mail the relay
				// answers, before it has passed any on.
				outside.add("test-extern-" + i + "-" + run);
				this.outbox.add(testMail(outside.get(i), "kaemmerei" + i + "-" + run + "@extern.example", "Extern " + i,
						clock.instant()));
				inside.add("test-intern-" + i + "-" + run);
				this.outbox.add(testMail(inside.get(i), "amt" + i + "-" + run + "@kommune.example", "Intern " + i,
						clock.instant()));
			}
			dispatcher.start();
			try {
				// Rounds an hour apart. The first refusal may come before the relay has
				// passed any mail on; that round counts as an outage.
				int rounds = 0;
				while (rounds < 10 && !inside.stream()
					.allMatch((id) -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.SENT)) {
					dispatcher.drain();
					clock.advance(Duration.ofHours(1));
					rounds++;
				}
				assertThat(inside).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.SENT));
				// From now on a refusal for extern.example holds up nobody: a new mail to
				// each domain, one round.
				outside.add("test-extern-new-" + run);
				this.outbox.add(testMail(outside.get(3), "kaemmerei-new-" + run + "@extern.example", "Extern neu",
						clock.instant()));
				String later = "test-intern-new-" + run;
				this.outbox.add(testMail(later, "amt-new-" + run + "@kommune.example", "Intern neu", clock.instant()));
				dispatcher.drain();
				assertThat(this.outbox.find(later).orElseThrow().status()).isEqualTo(OutgoingMail.Status.SENT);
				assertThat(dispatcher.outage()).isEmpty();
				assertThat(this.outbox.find(outside.get(3)).orElseThrow().lastError())
					.contains("Mailserver leitet nicht an extern.example weiter");
				for (int round = 0; round < this.properties.maxAttempts() + 1; round++) {
					clock.advance(Duration.ofHours(1));
					dispatcher.drain();
				}
				assertThat(outside).allSatisfy((id) -> {
					OutgoingMail mail = this.outbox.find(id).orElseThrow();
					assertThat(mail.status()).as(id).isEqualTo(OutgoingMail.Status.FAILED);
					assertThat(mail.lastError()).as(id)
						.contains("Mailserver leitet nicht an extern.example weiter")
						.contains("554 5.7.1")
						.contains("Relay access denied");
				});
				assertThat(dispatcher.outage()).isEmpty();
			}
			finally {
				dispatcher.stop();
			}
		}
	}

	/**
	 * A relay that passed mail on to two domains and then refuses to relay anything (its
	 * configuration changed): an outage, the mails wait without failing, though one of
	 * the two domains gets no new mail and so is never refused. Until 06.12.2026
	 * (evening) the refusals counted as about the one domain, and its mails failed after
	 * eight tries.
	 */
	@Test
	void aRelayThatStopsRelayingAltogetherIsAnOutageThoughADomainOfTheDayIsNotRefused() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM)) {
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, this.properties, clock);
			String run = UUID.randomUUID().toString();
			String first = "test-stops-a-" + run;
			String second = "test-stops-b-" + run;
			this.outbox.add(testMail(first, "amt-" + run + "@a-kommune.example", "A", clock.instant()));
			this.outbox.add(testMail(second, "amt-" + run + "@b-kommune.example", "B", clock.instant()));
			dispatcher.start();
			try {
				dispatcher.drain();
				assertThat(this.outbox.find(first).orElseThrow().status()).isEqualTo(OutgoingMail.Status.SENT);
				assertThat(this.outbox.find(second).orElseThrow().status()).isEqualTo(OutgoingMail.Status.SENT);

				picky.relayDeniedFor = "@";
				clock.advance(Duration.ofMinutes(10));
				List<String> waiting = new java.util.ArrayList<>();
				for (int i = 0; i < 3; i++) {
					waiting.add("test-stops-a" + i + "-" + run);
					this.outbox.add(testMail(waiting.get(i), "buero" + i + "-" + run + "@a-kommune.example", "A " + i,
							clock.instant()));
				}
				for (int round = 0; round < this.properties.maxAttempts() + 2; round++) {
					dispatcher.drain();
					clock.advance(Duration.ofMinutes(10));
				}
				assertThat(dispatcher.outage()).isPresent();
				assertThat(waiting).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.PENDING));
			}
			finally {
				dispatcher.stop();
			}
		}
	}

	/**
	 * No TLS connection to the relay (it answers STARTTLS but speaks no TLS; an untrusted
	 * certificate fails the same way): the mails wait like in an outage, and the outbox
	 * says that TLS failed and what to check instead of "nicht erreichbar".
	 */
	@Test
	void aFailedTlsConnectionKeepsTheMailsWaitingAndTheOutboxSaysSo() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM)) {
			picky.brokenTls = true;
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, this.properties, clock, (relay) -> {
				relay.getJavaMailProperties().put("mail.smtp.starttls.enable", "true");
				relay.getJavaMailProperties().put("mail.smtp.starttls.required", "true");
			});
			List<String> ids = sixMails("test-tls-", UUID.randomUUID().toString(), "tls-", "TLS ", clock);
			dispatcher.start();
			try {
				dispatcher.drain();
				assertThat(ids).allSatisfy((id) -> assertThat(this.outbox.find(id).orElseThrow().status()).as(id)
					.isEqualTo(OutgoingMail.Status.PENDING));
				assertThat(dispatcher.outage()).isPresent();
				assertThat(picky.accepted).isEmpty();
				assertThat(this.outbox.countPostponed().tls()).isPositive();
				this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
					.andExpect(status().isOk())
					.andExpect(content().string(org.hamcrest.Matchers
						.containsString("weil beim letzten Versuch keine TLS-Verbindung zum Mailserver zustande kam")))
					.andExpect(content().string(
							org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("nicht erreichbar war"))));
			}
			finally {
				dispatcher.stop();
				this.database.getCollection("mail_outbox").deleteMany(com.mongodb.client.model.Filters.in("_id", ids));
			}
		}
	}

	/**
	 * A relay that refuses the address itself ({@code 550 5.1.1} at {@code RCPT TO})
	 * fails the mail at its first try, and the refusal counts like a delivery report:
	 * after three in a row mail to the member pauses, and a mail already waiting in the
	 * outbox then is not sent either.
	 */
	@Test
	void aRelayRefusingTheAddressFailsTheMailAtOnceAndThreeInARowPauseMailToIt() throws Exception {
		try (PickyRelay picky = new PickyRelay("+nobody@", PickyRelay.RefusesAt.MAIL_FROM)) {
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, this.properties, clock);
			String member = actor(Members.KOELN).id().value();
			String run = UUID.randomUUID().toString();
			String gone = "weg-" + run + "@test.example";
			picky.unknown = "weg-" + run;
			this.settings.save(MailSettings.defaults(member, gone));
			dispatcher.start();
			try {
				for (int i = 1; i <= MailSettings.Bounces.PAUSE_AFTER; i++) {
					String id = "test-unknown-" + i + "-" + run;
					this.outbox.add(memberMail(id, member, gone, "Unbekannt " + i, clock.instant()));
					dispatcher.drain();
					OutgoingMail failed = this.outbox.find(id).orElseThrow();
					assertThat(failed.status()).as(id).isEqualTo(OutgoingMail.Status.FAILED);
					assertThat(failed.attempts()).as(id).isOne();
					assertThat(failed.lastError()).as(id).startsWith("Adresse abgelehnt: 550 5.1.1");
					MailSettings after = this.settings.find(member).orElseThrow();
					assertThat(after.bounces().count()).isEqualTo(i);
					assertThat(after.bounces().diagnosis()).contains("User unknown");
					assertThat(after.paused()).isEqualTo(i == MailSettings.Bounces.PAUSE_AFTER);
				}
				int asked = picky.recipients.size();
				assertThat(asked).isEqualTo(MailSettings.Bounces.PAUSE_AFTER);
				// Composed before the pause, waiting in the outbox: not sent.
				String waiting = "test-unknown-waiting-" + run;
				this.outbox.add(memberMail(waiting, member, gone, "Wartet", clock.instant()));
				// Mail to another member in the same batch goes out.
				String other = "test-unknown-other-" + run;
				this.outbox.add(memberMail(other, actor(Members.HESSEN).id().value(), "da-" + run + "@test.example",
						"Anderes Mitglied", clock.instant()));
				dispatcher.drain();
				OutgoingMail dropped = this.outbox.find(waiting).orElseThrow();
				assertThat(dropped.status()).isEqualTo(OutgoingMail.Status.DROPPED);
				assertThat(dropped.lastError()).isEqualTo(MailDispatcher.PAUSED);
				assertThat(this.outbox.find(other).orElseThrow().status()).isEqualTo(OutgoingMail.Status.SENT);
				assertThat(picky.recipients).hasSize(asked + 1);
				assertThat(picky.recipients.getLast()).startsWith("da-");
			}
			finally {
				dispatcher.stop();
				this.settings.resume(member);
			}
		}
	}

	private void relayRefusingTheBouncesSender(PickyRelay.RefusesAt at,
			org.springframework.boot.test.system.CapturedOutput output) throws Exception {
		String bounces = this.properties.bounceAddress();
		assertThat(bounces).isEqualTo("antwort+bounces@localhost");
		try (PickyRelay picky = new PickyRelay("+bounces@", at)) {
			MutableClock clock = tenYearsAhead();
			MailDispatcher dispatcher = dispatcherFor(picky, this.properties, clock);
			List<String> ids = sixMails("test-envelope-", UUID.randomUUID().toString(), "empfang-", "Umschlag ", clock);
			dispatcher.start();
			try {
				dispatcher.drain();
			}
			finally {
				dispatcher.stop();
			}
			assertThat(ids).allSatisfy((id) -> {
				OutgoingMail mail = this.outbox.find(id).orElseThrow();
				assertThat(mail.status()).as(id).isEqualTo(OutgoingMail.Status.SENT);
				assertThat(mail.attempts()).as(id).isZero();
			});
			// One refusal per connection at most (each had a mail in hand), then the
			// relay's own envelope sender: the address of FORUM_MAIL_FROM.
			assertThat(picky.refusals).isNotEmpty()
				.hasSizeLessThanOrEqualTo(this.properties.connections())
				.containsOnly(bounces);
			assertThat(picky.accepted).hasSize(6).containsOnly("forum@localhost");
			assertThat(output.getOut()
				.lines()
				.filter((l) -> l.contains("nimmt den Umschlag-Absender " + bounces + " nicht an"))
				.count()).isOne();
		}
	}

	/** A dispatcher of the test's own that sends through {@code picky}. */
	private MailDispatcher dispatcherFor(PickyRelay picky, MailProperties properties, Clock clock) {
		return dispatcherFor(picky, properties, clock, (String) null);
	}

	/**
	 * A dispatcher of the test's own that sends through {@code picky}, logging in as
	 * {@code username} (null: no login).
	 */
	private MailDispatcher dispatcherFor(PickyRelay picky, MailProperties properties, Clock clock, String username) {
		return dispatcherFor(picky, properties, clock, (relay) -> {
			relay.setUsername(username);
			relay.setPassword((username != null) ? "geheim" : null);
		});
	}

	/**
	 * A dispatcher of the test's own that sends through {@code picky}, its connection set
	 * up by {@code setup}.
	 */
	private MailDispatcher dispatcherFor(PickyRelay picky, MailProperties properties, Clock clock,
			java.util.function.Consumer<JavaMailSenderImpl> setup) {
		JavaMailSenderImpl relay = new JavaMailSenderImpl();
		relay.setHost("127.0.0.1");
		relay.setPort(picky.port());
		setup.accept(relay);
		return new MailDispatcher(this.outbox, relay, properties, this.members, this.threadRepository,
				this.spaceRepository, this.settings, clock, new RequestActivity());
	}

	/** A clock of the test's own, ten years ahead. */
	private static MutableClock tenYearsAhead() {
		return new MutableClock(
				Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).plus(Duration.ofDays(3650)));
	}

	/**
	 * Six mails in the outbox, due on {@code clock} (ten years ahead: the forum's own
	 * dispatcher leaves them alone); their ids.
	 */
	private List<String> sixMails(String idPrefix, String run, String toPrefix, String subjectPrefix, Clock clock) {
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String id = idPrefix + i + "-" + run;
			ids.add(id);
			this.outbox
				.add(testMail(id, toPrefix + i + "-" + run + "@test.example", subjectPrefix + i, clock.instant()));
		}
		return ids;
	}

	private int tries(List<String> ids) {
		return ids.stream().mapToInt((id) -> this.outbox.find(id).orElseThrow().attempts()).sum();
	}

	/**
	 * A retry goes out when its wait is over, not at the next regular search of the
	 * outbox ({@link MailDispatcher#SCAN_EVERY}): after a short outage of the mail server
	 * the mails composed during it arrive about one wait after it.
	 */
	@Test
	void aRetryIsTriedWhenDueWithoutWaitingForTheNextSearch() throws Exception {
		JavaMailSenderImpl unreachable = new JavaMailSenderImpl();
		unreachable.setHost(MailServer.HOST);
		// Nothing listens there: each attempt fails at once.
		unreachable.setPort(1);
		MailProperties tenSeconds = new MailProperties(true, this.properties.from(), this.properties.baseUrl(),
				this.properties.secret(), 5, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(5),
				this.properties.replyAddress(), this.properties.imap(), this.properties.connections());
		assertThat(Duration.ofSeconds(10)).isLessThan(MailDispatcher.SCAN_EVERY);
		MutableClock clock = tenYearsAhead();
		MailDispatcher dispatcher = new MailDispatcher(this.outbox, unreachable, tenSeconds, this.members,
				this.threadRepository, this.spaceRepository, this.settings, clock, new RequestActivity());
		String id = "test-retry-" + UUID.randomUUID();
		// Due only on the test's clock, ten years ahead: the forum's own dispatcher
		// leaves it alone.
		this.outbox.add(testMail(id, "retry-" + UUID.randomUUID() + "@test.example", "Zweiter Versuch pünktlich",
				clock.instant()));
		dispatcher.start();
		try {
			// A search: the first attempt fails, the next one is due in 10 s.
			dispatcher.drain();
			assertThat(this.outbox.find(id).orElseThrow().attempts()).isEqualTo(1);
			// 10 s later, 20 s before the next regular search: a pass without a forced
			// search tries it again.
			clock.advance(Duration.ofSeconds(10));
			dispatcher.sendDue();
			assertThat(this.outbox.find(id).orElseThrow().attempts()).isEqualTo(2);
		}
		finally {
			dispatcher.stop();
		}
	}

	@Test
	void whilePeopleUseTheForumTheOutboxSendsOneMailAtATimeOverItsConnections() throws Exception {
		MailProperties four = new MailProperties(true, this.properties.from(), this.properties.baseUrl(),
				this.properties.secret(), this.properties.maxAttempts(), this.properties.firstRetry(),
				this.properties.maxRetry(), this.properties.settle(), this.properties.replyAddress(),
				this.properties.imap(), 4);
		// Due only on the test's clock, ten years ahead: the forum's own dispatcher
		// leaves them alone.
		MutableClock clock = tenYearsAhead();
		java.util.concurrent.atomic.AtomicInteger sending = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
		JavaMailSender counted = new DelegatingSender(this.sender) {
			@Override
			public void send(MimeMessage message) throws MailException {
				most.accumulateAndGet(sending.incrementAndGet(), Math::max);
				try {
					super.send(message);
				}
				finally {
					sending.decrementAndGet();
				}
			}
		};
		RequestActivity activity = new RequestActivity();
		MailDispatcher dispatcher = new MailDispatcher(this.outbox, counted, four, this.members, this.threadRepository,
				this.spaceRepository, this.settings, clock, activity);
		String run = UUID.randomUUID().toString();
		String address = "bulk-" + run + "@test.example";
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 40; i++) {
			ids.add("test-bulk-" + run + "-" + i);
			this.outbox.add(testMail(ids.get(i), address, "Sammelversand " + i, clock.instant()));
		}
		// Somebody uses the forum meanwhile: a request answered every 200 ms.
		java.util.concurrent.atomic.AtomicBoolean browsing = new java.util.concurrent.atomic.AtomicBoolean(true);
		java.lang.Thread member = java.lang.Thread.ofPlatform().start(() -> {
			while (browsing.get()) {
				try {
					activity.doFilter(new org.springframework.mock.web.MockHttpServletRequest("GET", "/"),
							new org.springframework.mock.web.MockHttpServletResponse(), (request, response) -> {
							});
					java.lang.Thread.sleep(200);
				}
				catch (Exception ex) {
					return;
				}
			}
		});
		dispatcher.start();
		try {
			dispatcher.offer(ids);
			dispatcher.drain();
		}
		finally {
			dispatcher.stop();
			browsing.set(false);
			member.join();
		}
		for (String id : ids) {
			assertThat(this.outbox.find(id).orElseThrow().status()).as(id).isEqualTo(OutgoingMail.Status.SENT);
		}
		assertThat(most.get()).as("mails handed to the relay at the same time").isEqualTo(1);
		MailInbox.await(imap(), address, 40, WAIT);
	}

	@Test
	void severalConnectionsSendEveryMailExactlyOnce() throws Exception {
		MailProperties four = new MailProperties(true, this.properties.from(), this.properties.baseUrl(),
				this.properties.secret(), this.properties.maxAttempts(), this.properties.firstRetry(),
				this.properties.maxRetry(), this.properties.settle(), this.properties.replyAddress(),
				this.properties.imap(), 4);
		// Due only on the test's clock, ten years ahead: the forum's own dispatcher
		// leaves them alone.
		MutableClock clock = tenYearsAhead();
		MailDispatcher dispatcher = new MailDispatcher(this.outbox, this.sender, four, this.members,
				this.threadRepository, this.spaceRepository, this.settings, clock, new RequestActivity());
		String run = UUID.randomUUID().toString();
		List<String> addresses = java.util.stream.IntStream.range(0, 8)
			.mapToObj((i) -> "parallel-" + i + "-" + run + "@test.example")
			.toList();
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 64; i++) {
			String id = "test-parallel-" + run + "-" + i;
			ids.add(id);
			this.outbox.add(testMail(id, addresses.get(i % addresses.size()), "Parallel " + i, clock.instant()));
		}
		dispatcher.start();
		try {
			// Half of them offered by id while the first pass (at start) scans for all.
			dispatcher.offer(ids.subList(0, 32));
			dispatcher.drain();
		}
		finally {
			dispatcher.stop();
		}
		for (String id : ids) {
			assertThat(this.outbox.find(id).orElseThrow().status()).as(id).isEqualTo(OutgoingMail.Status.SENT);
		}
		for (int a = 0; a < addresses.size(); a++) {
			MailInbox.await(imap(), addresses.get(a), 8, WAIT);
			Thread.sleep(300);
			int first = a;
			assertThat(MailInbox.read(imap(), addresses.get(a))).extracting(Received::subject)
				.as(addresses.get(a))
				.containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 64)
					.filter((i) -> i % addresses.size() == first)
					.mapToObj((i) -> "Parallel " + i)
					.toList());
		}
	}

	@Test
	void outboxShowsEachMailAsSentOnlyToAdministrators() throws Exception {
		String asker = address(Members.DARMSTADT);
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Postausgang zeigt diese Mail");
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Antwort für den Postausgang.", null, null));
		MailInbox.await(imap(), asker, 1, WAIT);
		String id = pendingId(asker);

		this.mvc.perform(get("/admin/postausgang/" + id).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Antwort für den Postausgang.")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(asker)));
		this.mvc.perform(get("/admin/postausgang/" + id + "/html").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("<blockquote")));
		// Administrators reach it from every page's navigation; members see no link.
		this.mvc.perform(get("/").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers
				.containsString("<a href=\"/admin/postausgang\" id=\"outbox-link\">Postausgang</a>")));
		this.mvc.perform(get("/").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(
					content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("outbox-link"))));
		this.mvc.perform(get("/admin/postausgang").with(Members.DARMSTADT.session())).andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/postausgang/" + id).with(Members.HESSEN.session()))
			.andExpect(status().isForbidden());
	}

	/**
	 * An administrator checks the relay's configuration with a test mail from the outbox
	 * page: it arrives over real SMTP and IMAP, and its page in the outbox shows it sent.
	 * Not an address: 400 with the German reason, nothing sent. Members may not.
	 */
	@Test
	void anAdministratorSendsATestMailFromTheOutbox() throws Exception {
		String admin = address(Members.ADMIN);
		this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"outbox-test\"")))
			// The administrator's own address, ready to send.
			.andExpect(content().string(org.hamcrest.Matchers.containsString("value=\"" + admin + "\"")));
		String to = "pruefung-" + UUID.randomUUID() + "@test.example";
		String location = this.mvc.perform(
				post("/admin/postausgang/testmail").with(Members.ADMIN.session()).with(csrf()).param("an", " " + to))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith("/admin/postausgang/test:");
		List<Received> mails = MailInbox.await(imap(), to, 1, WAIT);
		assertThat(mails).hasSize(1);
		assertThat(mails.get(0).subject()).isEqualTo("Testmail aus dem Forum Kommunalpakt");
		assertThat(mails.get(0).text()).contains("diese Testmail hat Claudia Hoffmann am ")
			.contains("im Postausgang des Forums Kommunalpakt ausgelöst");
		assertThat(mails.get(0).html()).contains("lang=\"de\"").contains("Claudia Hoffmann");
		String id = java.net.URLDecoder.decode(location.substring("/admin/postausgang/".length()),
				java.nio.charset.StandardCharsets.UTF_8);
		org.awaitility.Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.SENT);
		this.mvc.perform(get(location).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString(to)))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("gesendet")));
		this.mvc.perform(get("/admin/protokoll").param("aktion", "MAIL_TEST").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Testmail gesendet")));

		for (String bad : new String[] { "", "kein-at", "zwei@@test.example", "a@b.example, c@d.example",
				"x".repeat(250) + "@test.example" }) {
			this.mvc
				.perform(
						post("/admin/postausgang/testmail").with(Members.ADMIN.session()).with(csrf()).param("an", bad))
				.andExpect(status().isBadRequest())
				.andExpect(
						content().string(org.hamcrest.Matchers.containsString("Bitte geben Sie eine Mailadresse an")));
		}
		String other = "nicht-" + UUID.randomUUID() + "@test.example";
		this.mvc.perform(
				post("/admin/postausgang/testmail").with(Members.DARMSTADT.session()).with(csrf()).param("an", other))
			.andExpect(status().isForbidden());
		this.dispatcher.drain();
		assertThat(MailInbox.read(imap(), other)).isEmpty();
	}

	@Test
	void outboxFiltersByStateAndAddressPagesAndExplainsBadFilters() throws Exception {
		// Due in a hundred years: the dispatcher leaves them where they are.
		Instant later = Instant.now().plus(Duration.ofDays(36500));
		String run = UUID.randomUUID().toString().substring(0, 8);
		String failedTo = "filter-" + run + "@gescheitert.example";
		String failed = "filter-failed:" + run;
		this.outbox.add(OutgoingMail.compose(failed, "sub-x", failedTo, "Scheitert im Filter " + run, "Text",
				"<p>HTML</p>", failed + "@localhost", null, null, null, later));
		this.outbox.giveUp(failed, 8, "550 Postfach unbekannt", false);
		for (int i = 0; i < 55; i++) {
			String id = "filter-" + i + ":" + run;
			this.outbox
				.add(OutgoingMail.compose(id, "sub-x", "Viele-" + run + "@Example.org", "Wartet " + i + " " + run,
						"Text", "<p>HTML</p>", id + "@localhost", null, null, null, later.plusSeconds(i)));
		}

		this.mvc
			.perform(get("/admin/postausgang").param("stand", "FAILED")
				.param("an", "@GESCHEITERT.example")
				.with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Scheitert im Filter " + run)))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("550 Postfach unbekannt")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Eine Mail")))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Wartet 0"))));
		// 55 to one address (case ignored): 50 on the first page, newest first, 5 on
		// the second.
		String first = this.mvc
			.perform(get("/admin/postausgang").param("an", "viele-" + run).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("55 Mails")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Ältere Mails")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(first).contains("Wartet 54 " + run).contains("Wartet 5 " + run).doesNotContain("Wartet 4 " + run);
		assertThat(first.indexOf("Wartet 54 ")).isLessThan(first.indexOf("Wartet 53 "));
		String second = this.mvc.perform(
				get("/admin/postausgang").param("an", "viele-" + run).param("seite", "2").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Neuere Mails")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(second).contains("Wartet 4 " + run).contains("Wartet 0 " + run).doesNotContain("Wartet 5 " + run);
		this.mvc
			.perform(get("/admin/postausgang").param("stand", "SENT")
				.param("an", "viele-" + run)
				.with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Keine Mails zu diesem Filter.")));
		// A regular expression in the address is taken as text.
		this.mvc.perform(get("/admin/postausgang").param("an", ".*").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Keine Mails zu diesem Filter.")));

		this.mvc.perform(get("/admin/postausgang").param("stand", "UNSINN").with(Members.ADMIN.session()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Unbekannter Stand im Filter.")));
		for (String page : new String[] { "0", "zwei", "-1" }) {
			this.mvc.perform(get("/admin/postausgang").param("seite", page).with(Members.ADMIN.session()))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("Diese Seite gibt es nicht.")));
		}
		this.mvc.perform(get("/admin/postausgang").param("an", "x".repeat(201)).with(Members.ADMIN.session()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Der Filter ist zu lang.")));
		this.mvc.perform(get("/admin/postausgang").param("stand", "FAILED").with(Members.DSTGB.session()))
			.andExpect(status().isForbidden());
		this.database.getCollection("mail_outbox")
			.deleteMany(com.mongodb.client.model.Filters.regex("_id", "^filter-.*:" + run + "$"));
	}

	/**
	 * An administrator sends a mail that failed for good again (after the relay's
	 * configuration was mended, say): it goes out with all its tries, and the audit log
	 * says who did it. Only administrators may, and only failed mails.
	 */
	@Test
	void anAdministratorSendsAFailedMailAgain() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String to = "nochmal-" + run + "@test.example";
		String id = "test-resend-" + run;
		this.outbox.add(testMail(id, to, "Zweiter Anlauf " + run, Instant.now().plus(Duration.ofDays(36500))));
		this.outbox.giveUp(id, 8, "535 Anmeldung abgelehnt", false);

		this.mvc.perform(get("/admin/postausgang/" + id).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"outbox-resend\"")));
		postAs("/admin/postausgang/" + id + "/erneut-senden", Members.DSTGB).andExpect(status().isForbidden());
		Instant asked = Instant.now().minusSeconds(1);
		assertThat(this.pending.landed(this.outbox.resendEvidence(id, asked))).isFalse();
		postAs("/admin/postausgang/" + id + "/erneut-senden", Members.ADMIN).andExpect(status().isFound())
			.andExpect(redirectedUrl("/admin/postausgang/" + id));
		// What the start check after a crash would look for: the resend, from then on.
		assertThat(this.pending.landed(this.outbox.resendEvidence(id, asked))).isTrue();
		assertThat(this.pending.landed(this.outbox.resendEvidence(id, Instant.now().plusSeconds(60)))).isFalse();

		assertThat(MailInbox.await(imap(), to, 1, WAIT)).extracting(Received::subject)
			.containsExactly("Zweiter Anlauf " + run);
		org.awaitility.Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.SENT);
		// Its tries start again (8 before): none failed, or one if the test relay
		// answered a
		// transient 451 ("local error in processing", seen once in CI) and the retry went
		// out.
		assertThat(this.outbox.find(id).orElseThrow().attempts()).isLessThan(2);
		this.mvc.perform(get("/admin/protokoll").param("aktion", "MAIL_RESENT").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Zweiter Anlauf " + run)))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(to))));

		// Sent now: no button, and a second request is refused with the reason.
		this.mvc.perform(get("/admin/postausgang/" + id).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(
					content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("outbox-resend"))));
		postAs("/admin/postausgang/" + id + "/erneut-senden", Members.ADMIN).andExpect(status().isConflict())
			.andExpect(content().string(org.hamcrest.Matchers
				.containsString("Nur endgültig fehlgeschlagene Mails lassen sich erneut senden.")));
		postAs("/admin/postausgang/gibt-es-nicht-" + run + "/erneut-senden", Members.ADMIN)
			.andExpect(status().isNotFound());
		// Neither the resend nor the refusal left a note behind.
		assertThat(this.pending.notedBefore(Instant.now().plusSeconds(1)))
			.noneMatch((noted) -> noted.entry().targetId().equals(id));
	}

	/**
	 * The failed mails of a filter go out again together; failed mails to other addresses
	 * stay as they are.
	 */
	@Test
	void anAdministratorSendsTheFailedMailsOfAFilterAgain() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Instant later = Instant.now().plus(Duration.ofDays(36500));
		List<String> again = List.of("test-resend-a-" + run, "test-resend-b-" + run);
		for (String id : again) {
			this.outbox.add(testMail(id, id + "@voll-" + run + ".example", "Postfach wieder frei " + id, later));
			this.outbox.giveUp(id, 8, "552 Postfach voll", false);
		}
		String other = "test-resend-other-" + run;
		this.outbox.add(testMail(other, other + "@anderswo.example", "Bleibt fehlgeschlagen", later));
		this.outbox.giveUp(other, 8, "550 Postfach unbekannt", false);
		try {
			this.mvc.perform(get("/admin/postausgang").param("an", "@voll-" + run).with(Members.ADMIN.session()))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers
					.containsString("Fehlgeschlagene Mails an „@voll-" + run + "“ erneut senden")));
			resendFailed("@VOLL-" + run, Members.ADMIN).andExpect(status().isFound())
				.andExpect(redirectedUrl("/admin/postausgang?stand=PENDING&an=@VOLL-" + run))
				.andExpect(flash().attribute("noticeCount", 2L));
			for (String id : again) {
				assertThat(MailInbox.await(imap(), id + "@voll-" + run + ".example", 1, WAIT))
					.extracting(Received::subject)
					.containsExactly("Postfach wieder frei " + id);
			}
			assertThat(this.outbox.find(other).orElseThrow().status()).isEqualTo(OutgoingMail.Status.FAILED);
			// Nothing left to send again in that filter: said so, nothing recorded.
			resendFailed("@voll-" + run, Members.ADMIN).andExpect(status().isFound())
				.andExpect(flash().attribute("noticeCount", 0L));
			resendFailed("@voll-" + run, Members.KOELN).andExpect(status().isForbidden());
			resendFailed("x".repeat(201), Members.ADMIN).andExpect(status().isBadRequest())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("Der Filter ist zu lang.")));
			assertThat(this.outbox.find(other).orElseThrow().status()).isEqualTo(OutgoingMail.Status.FAILED);
		}
		finally {
			this.database.getCollection("mail_outbox").deleteOne(com.mongodb.client.model.Filters.eq("_id", other));
		}
	}

	/** A form POST to the outbox, with its CSRF token. */
	private org.springframework.test.web.servlet.ResultActions postAs(String path, Members who) throws Exception {
		return this.mvc.perform(post(path).with(who.session()).with(csrf()));
	}

	/** Sends the failed mails of an address filter again. */
	private org.springframework.test.web.servlet.ResultActions resendFailed(String to, Members who) throws Exception {
		return this.mvc
			.perform(post("/admin/postausgang/erneut-senden").param("an", to).with(who.session()).with(csrf()));
	}

	/**
	 * Mails that wait untried because the relay could not be reached are named at the top
	 * of the outbox, with what the forum does meanwhile.
	 */
	@Test
	void theOutboxSaysWhenMailsWaitForAnUnreachableRelay() throws Exception {
		String id = "test-postponed-" + UUID.randomUUID();
		// Due in a hundred years: the forum's own dispatcher leaves it alone.
		Instant later = Instant.now().plus(Duration.ofDays(36500));
		this.outbox.add(testMail(id, "wartet-" + id + "@test.example", "Wartet auf den Mailserver", later));
		try {
			assertThat(this.outbox.claimAll(List.of(id), later)).hasSize(1);
			this.outbox.postponeAll(List.of(id), later.plusSeconds(30), MailOutbox.RELAY_DOWN);
			assertThat(this.outbox.countPostponed().unreachable()).isPositive();
			// Every page's header tells administrators (counted again within 30 s).
			this.mailState.forget();
			this.mvc.perform(get("/").with(Members.ADMIN.session()))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("id=\"mail-blocked-banner\"")))
				.andExpect(content().string(org.hamcrest.Matchers.containsString(
						"Mail wartet, weil das Forum den Mailserver beim letzten Versuch nicht nutzen konnte.")));
			this.mvc.perform(get("/").with(Members.DARMSTADT.session()))
				.andExpect(status().isOk())
				.andExpect(content()
					.string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("mail-blocked-banner"))));
			this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
				.andExpect(content()
					.string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("mail-blocked-banner"))));
			this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers
					.containsString("weil der Mailserver beim letzten Versuch nicht erreichbar war")))
				// From the configuration in use (first-retry 1 s here, four connections),
				// not the defaults.
				.andExpect(content().string(org.hamcrest.Matchers.containsString(
						"je Runde nur eine Mail je Verbindung, höchstens 4, erst jede Sekunde, dann seltener, zuletzt alle 5 Minuten")));
		}
		finally {
			this.database.getCollection("mail_outbox").deleteOne(com.mongodb.client.model.Filters.eq("_id", id));
		}
		assertThat(this.outbox.countPostponed().total()).isZero();
		this.mvc.perform(get("/admin/postausgang").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("outbox-relay-down"))));
		this.mailState.forget();
		this.mvc.perform(get("/").with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("mail-blocked-banner"))));
	}

	private List<OutgoingMail> pendingFor(String address) {
		return this.outbox.find(null, address, 0, 500).items().stream().filter((m) -> m.to().equals(address)).toList();
	}

	private String pendingId(String address) {
		return pendingFor(address).get(0).id();
	}

	/** A mail to a member (not one of the test's made-up recipients). */
	private static OutgoingMail memberMail(String id, String memberId, String to, String subject, Instant now) {
		return OutgoingMail.compose(id, memberId, to, subject, "Text", "<p>HTML</p>", id + "@localhost", null, null,
				null, now);
	}

	private static OutgoingMail testMail(String id, String to, String subject, Instant now) {
		return memberMail(id, "sub-x", to, subject, now);
	}

	/** A clock the test moves forward. */
	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant start) {
			this.now = start;
		}

		void advance(Duration by) {
			this.now = this.now.plus(by);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

	/** Sends through the context's real sender; subclasses break it on purpose. */
	/**
	 * Hands every message to the real sender. Not a {@link JavaMailSenderImpl}: the
	 * dispatcher drives an impl's SMTP transport itself, past {@code send}, so an
	 * override of {@code send} in a subclass of the impl never ran.
	 */
	static class DelegatingSender implements JavaMailSender {

		private final JavaMailSender real;

		DelegatingSender(JavaMailSender real) {
			this.real = real;
		}

		@Override
		public MimeMessage createMimeMessage() {
			return this.real.createMimeMessage();
		}

		@Override
		public MimeMessage createMimeMessage(java.io.InputStream contentStream) throws MailException {
			return this.real.createMimeMessage(contentStream);
		}

		@Override
		public void send(MimeMessage... mimeMessages) throws MailException {
			for (MimeMessage message : mimeMessages) {
				send(message);
			}
		}

		@Override
		public void send(MimeMessage mimeMessage) throws MailException {
			this.real.send(mimeMessage);
		}

		@Override
		public void send(org.springframework.mail.SimpleMailMessage... simpleMessages) throws MailException {
			this.real.send(simpleMessages);
		}

	}

}
