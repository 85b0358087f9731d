package de.kommunalpakt.forum.mail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import de.kommunalpakt.forum.infra.MailServer;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.mail.MailInbox.Received;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Reply by mail over real SMTP and IMAP: the member answers a notification mail, the
 * forum reads its reply mailbox and posts the answer, or answers in German why not.
 */
@ExtendWith(OutputCaptureExtension.class)
class MailReplyTests extends WebTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(15);

	@Autowired
	MailSettingsRepository settings;

	@Autowired
	MailComposer composer;

	@Autowired
	MemberRepository members;

	@Autowired
	MailReplies replies;

	@Autowired
	com.mongodb.client.MongoDatabase database;

	@Autowired
	de.kommunalpakt.forum.moderation.ModerationService moderation;

	@Autowired
	MailProperties properties;

	@Autowired
	MailOutbox outbox;

	@Autowired
	MailReplyKeys keys;

	@Autowired
	de.kommunalpakt.forum.thread.ThreadService threadService;

	@Autowired
	MailDispatcher dispatcher;

	@Autowired
	org.springframework.context.MessageSource messages;

	@Autowired
	ThreadRepository threadRepository;

	@Autowired
	PostRepository posts;

	@BeforeEach
	void members() {
		for (Members m : List.of(Members.DARMSTADT, Members.HESSEN, Members.DSTGB)) {
			this.members.recordLogin(actor(m));
		}
	}

	private int imap() {
		return SharedTestServices.mail().imap();
	}

	/**
	 * A question of darmstadt, a reply of hessen, and the notification mail darmstadt
	 * got.
	 */
	private Received notified(String address, String title) throws Exception {
		this.settings.save(MailSettings.defaults(actor(Members.DARMSTADT).id().value(), address));
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, title);
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Haben Sie schon den Vertrag?", null, null));
		List<Received> mails = MailInbox.await(imap(), address, 1, WAIT);
		assertThat(mails).hasSize(1);
		assertThat(mails.get(0).replyTo()).matches("antwort\\+[0-9a-f]{32}@localhost");
		assertThat(mails.get(0).text()).contains("Sie können auf diese Mail antworten");
		return mails.get(0);
	}

	/**
	 * Sends as a mail program would, to the address in {@code To}; the mail server
	 * delivers the sub-address into the reply mailbox, as a relay does.
	 */
	private void answer(String from, String to, String messageId, String body) throws MessagingException {
		answer(from, to, messageId, body, "text/plain");
	}

	private void answer(String from, String to, String messageId, String body, String type) throws MessagingException {
		answer(from, to, messageId, body, type, (message) -> message.setSubject("AW: Benachrichtigung", "UTF-8"));
	}

	/** What a mail program or an autoresponder sets besides body and addresses. */
	private interface Headers {

		void set(MimeMessage message) throws MessagingException;

	}

	private void answer(String from, String to, String messageId, String body, String type, Headers headers)
			throws MessagingException {
		Properties props = new Properties();
		props.put("mail.smtp.host", MailServer.HOST);
		props.put("mail.smtp.port", Integer.toString(SharedTestServices.mail().smtp()));
		MimeMessage message = new MimeMessage(Session.getInstance(props)) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		message.setFrom(new InternetAddress(from));
		message.setRecipients(Message.RecipientType.TO, to);
		headers.set(message);
		if (body != null) {
			message.setContent(body, type + "; charset=UTF-8");
		}
		Transport.send(message);
	}

	/** The thread a notification mail is about, from its {@code In-Reply-To}. */
	private static ThreadId threadOf(Received mail) {
		return new ThreadId(mail.inReplyTo().replaceAll("^<thread-|@localhost>$", ""));
	}

	private int postCount(PostId question) {
		return this.threadRepository.findById(question.thread()).orElseThrow().postCount();
	}

	private void pollUntil(java.util.function.BooleanSupplier done) throws Exception {
		long end = System.nanoTime() + WAIT.toNanos();
		while (!done.getAsBoolean() && System.nanoTime() < end) {
			this.replies.pollOnce();
			Thread.sleep(200);
		}
	}

	@Test
	void answerByMailIsPostedAsTheMemberWithoutQuoteAndSignatureAndOnlyOnce() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Antwort per Mail");
		ThreadId thread = threadOf(mail);
		PostId question = new PostId(thread, 1);
		String messageId = "<" + UUID.randomUUID() + "@mail.darmstadt.example>";
		String body = """
				Ja, der Rahmenvertrag ist seit März unterschrieben.

				Am 02.12.2026 um 10:00 schrieb Forum Kommunalpakt <forum@localhost>:
				> Haben Sie schon den Vertrag?

				-- \n\
				Anna Becker
				Wissenschaftsstadt Darmstadt
				""";

		answer(address, mail.replyTo(), messageId, body);
		pollUntil(() -> postCount(question) == 3);

		assertThat(postCount(question)).isEqualTo(3);
		var reply = this.posts.findById(new PostId(thread, 3)).orElseThrow();
		assertThat(reply.author()).isEqualTo(actor(Members.DARMSTADT).id());
		assertThat(reply.markdown().source()).isEqualTo("Ja, der Rahmenvertrag ist seit März unterschrieben.");

		// The same mail again (the forum stopped before removing it): nothing new.
		answer(address, mail.replyTo(), messageId, body);
		Thread.sleep(500);
		pollUntil(() -> false);
		assertThat(postCount(question)).isEqualTo(3);
	}

	/**
	 * A notification to a new address of Darmstadt's, answered with {@code body} (given
	 * the reply address) as {@code type}; the text posted from it.
	 */
	private String postedFrom(String subject, java.util.function.UnaryOperator<String> body, String type)
			throws Exception {
		return postedFrom(subject, null, body, type);
	}

	/** As above, with {@code name} in the {@code From} (null: none). */
	private String postedFrom(String subject, String name, java.util.function.UnaryOperator<String> body, String type)
			throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, subject);
		ThreadId thread = threadOf(mail);
		PostId question = new PostId(thread, 1);
		String from = (name != null) ? new InternetAddress(address, name, "UTF-8").toString() : address;
		answer(from, mail.replyTo(), "<" + UUID.randomUUID() + "@mail.example>", body.apply(mail.replyTo()), type);
		pollUntil(() -> postCount(question) == 3);
		assertThat(postCount(question)).isEqualTo(3);
		return this.posts.findById(new PostId(thread, 3)).orElseThrow().markdown().source();
	}

	@Test
	void aQuoteHeaderWrappedByGmailLeavesNeitherItNorTheReplyAddressInThePost() throws Exception {
		String posted = postedFrom("Antwort aus Gmail", (replyTo) -> """
				Wir sind seit Oktober dabei.

				Am Sa., 5. Dez. 2026 um 10:15 Uhr schrieb Forum Kommunalpakt <
				%s>:

				> Neue Frage im Forum
				""".formatted(replyTo), "text/plain");
		assertThat(posted).isEqualTo("Wir sind seit Oktober dabei.");
	}

	/**
	 * A signature without a closing, under the name in the mail's {@code From} ("Becker,
	 * Anna"), as many administrations' mail programs add it.
	 */
	@Test
	void aSignatureStartingWithTheSendersNameIsNotPosted() throws Exception {
		String posted = postedFrom("Antwort mit Signatur ohne Gruß", "Becker, Anna", (replyTo) -> """
				Wir sind seit Oktober dabei.

				Anna Becker
				Wissenschaftsstadt Darmstadt
				Tel. 06151 13-0
				""", "text/plain");
		assertThat(posted).isEqualTo("Wir sind seit Oktober dabei.");
	}

	@Test
	void aReplyInHtmlOnlyIsPostedWithItsLinesAndWithoutTheQuotedMail() throws Exception {
		String posted = postedFrom("Antwort in HTML", (replyTo) -> """
				<html><body><div>Ja, seit Oktober.</div><div>Ansprechpartnerin ist Frau Lange.</div>
				<blockquote type="cite"><div>Am 05.12.2026 um 10:15 schrieb Forum Kommunalpakt &lt;%s&gt;:</div>
				<div>Neue Frage im Forum</div></blockquote></body></html>""".formatted(replyTo), "text/html");
		assertThat(posted).isEqualTo("Ja, seit Oktober.\nAnsprechpartnerin ist Frau Lange.");
	}

	/**
	 * Posts have no files: a reply with attachments is posted as text, and the sender
	 * gets a mail naming the files not posted (not a signature's inline logo). An
	 * attached text file is not taken for the reply.
	 */
	@Test
	void attachedFilesAreNotPostedAndTheSenderIsToldWhich() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Antwort mit Anhang");
		PostId question = new PostId(threadOf(mail), 1);
		answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@mail.example>", null, null, (message) -> {
			message.setSubject("AW: Benachrichtigung", "UTF-8");
			jakarta.mail.internet.MimeBodyPart html = new jakarta.mail.internet.MimeBodyPart();
			html.setText("<html><body><p>Die Kostenübersicht hänge ich an.</p><img src=\"cid:logo\"></body></html>",
					"UTF-8", "html");
			jakarta.mail.internet.MimeBodyPart logo = new jakarta.mail.internet.MimeBodyPart();
			logo.setContent(new byte[] { (byte) 0x89, 'P', 'N', 'G' }, "image/png");
			logo.setFileName("image001.png");
			logo.setContentID("<logo>");
			logo.setDisposition(Part.INLINE);
			jakarta.mail.internet.MimeBodyPart pdf = new jakarta.mail.internet.MimeBodyPart();
			pdf.setContent(new byte[] { '%', 'P', 'D', 'F' }, "application/pdf");
			pdf.setFileName("Kostenübersicht 2026.pdf");
			pdf.setDisposition(Part.ATTACHMENT);
			jakarta.mail.internet.MimeBodyPart notes = new jakarta.mail.internet.MimeBodyPart();
			notes.setText("Interne Notizen, nicht für das Forum.", "UTF-8");
			notes.setFileName("notizen.txt");
			notes.setDisposition(Part.ATTACHMENT);
			jakarta.mail.internet.MimeMultipart related = new jakarta.mail.internet.MimeMultipart("related", html,
					logo);
			jakarta.mail.internet.MimeBodyPart body = new jakarta.mail.internet.MimeBodyPart();
			body.setContent(related);
			message.setContent(new jakarta.mail.internet.MimeMultipart("mixed", body, pdf, notes));
		});
		pollUntil(() -> postCount(question) == 3);

		assertThat(postCount(question)).isEqualTo(3);
		assertThat(this.posts.findById(new PostId(question.thread(), 3)).orElseThrow().markdown().source())
			.isEqualTo("Die Kostenübersicht hänge ich an.");
		List<Received> answers = MailInbox.await(imap(), address, 2, WAIT);
		Received told = answers.stream()
			.filter((m) -> m.subject().startsWith("Veröffentlicht ohne Anhang"))
			.findFirst()
			.orElseThrow();
		assertThat(told.text()).contains("Kostenübersicht 2026.pdf, notizen.txt")
			.contains("/beitraege/" + new PostId(question.thread(), 3))
			.doesNotContain("image001.png");
	}

	/**
	 * Mails leave with the bounces address as envelope sender; a delivery report of the
	 * recipient's mail server that says the mail failed for good fails it in the outbox
	 * (with status and diagnosis, for the administrators). A delay, or a report about
	 * another address, changes nothing; no report is answered.
	 */
	@Test
	void aDeliveryReportFailsTheMailInTheOutboxAndIsNotAnswered() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Zustellbericht");
		assertThat(mail.returnPath()).isEqualTo("<antwort+bounces@localhost>");
		String id = this.outbox.findByMessageId(mail.messageId().replaceAll("^<|>$", "")).orElseThrow().id();
		org.awaitility.Awaitility.await()
			.atMost(WAIT)
			.until(() -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.SENT);

		// The Message-ID holds a key made with the mail secret. A report forged with the
		// id
		// as it was made until 06.12.2026 from the change and the member fails nothing
		// (if
		// it did, the mail would fail with 5.1.1, and the report below would find it
		// failed
		// already).
		assertThat(mail.messageId()).matches("<[^@>]+\\.[0-9a-f]{32}@[^>]+>");
		String member = actor(Members.DARMSTADT).id().value();
		String change = id.substring(0, id.length() - member.length() - 1);
		report("<" + change + "." + member.hashCode() + mail.messageId().substring(mail.messageId().indexOf('@')),
				address, address, "failed", "5.1.1", "550 5.1.1 User unknown");
		report(mail.messageId(), address, "anders-" + address, "failed", "5.1.1", "550 5.1.1 User unknown");
		report(mail.messageId(), address, address, "delayed", "4.2.2", "452 4.2.2 Mailbox full");
		report(mail.messageId(), address, address, "failed", "5.2.2", "552 5.2.2 <" + address + ">:\n    Mailbox full");
		pollUntil(() -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.FAILED);

		OutgoingMail failed = this.outbox.find(id).orElseThrow();
		assertThat(failed.status()).isEqualTo(OutgoingMail.Status.FAILED);
		assertThat(failed.lastError()).contains("5.2.2").contains("Mailbox full").doesNotContain("4.2.2");
		assertThat(MailInbox.read(imap(), "mailer-daemon@mx.test.example")).isEmpty();
	}

	/**
	 * Three delivery reports in a row for the member's address pause mail to it: no mail
	 * is composed while it lasts, the settings page and the API say why, and the member
	 * resumes it (API, then the page's form); settings saved meanwhile keep the reports.
	 */
	@Test
	void threeDeliveryReportsPauseMailToTheAddressUntilTheMemberResumesIt() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		String member = actor(Members.DARMSTADT).id().value();
		try {
			java.util.Set<String> seen = new java.util.HashSet<>();
			for (int i = 1; i <= MailSettings.Bounces.PAUSE_AFTER; i++) {
				Received mail = notifiedAgain(address, "Zustellung " + i, seen);
				String id = this.outbox.findByMessageId(mail.messageId().replaceAll("^<|>$", "")).orElseThrow().id();
				org.awaitility.Awaitility.await()
					.atMost(WAIT)
					.until(() -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.SENT);
				report(mail.messageId(), address, address, "failed", "5.1.1",
						"550 5.1.1 <" + address + ">: Recipient address rejected: User unknown");
				pollUntil(() -> this.outbox.find(id).orElseThrow().status() == OutgoingMail.Status.FAILED);
				assertThat(this.settings.find(member).orElseThrow().paused()).isEqualTo(i == 3);
				assertThat(this.settings.find(member).orElseThrow().bounces().count()).isEqualTo(i);
			}
			MailSettings paused = this.settings.find(member).orElseThrow();
			assertThat(paused.recipient()).isNull();
			assertThat(paused.bounces().diagnosis()).startsWith("5.1.1").contains("User unknown");
			// Choosing a digest hour keeps the reports.
			this.settings.save(paused.with(MailSettings.Category.OWN, MailSettings.Delivery.IMMEDIATE));
			assertThat(this.settings.find(member).orElseThrow().paused()).isTrue();

			this.mvc.perform(get("/benachrichtigungen/einstellungen").with(Members.DARMSTADT.session()))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"mail-paused\"")))
				.andExpect(content().string(containsString("3 Mails an Ihre Adresse waren in Folge unzustellbar")))
				.andExpect(content().string(containsString("5.1.1")));
			this.mvc.perform(get("/api/v1/me/mail-settings").with(Members.DARMSTADT.bearer()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.paused").value(true))
				.andExpect(jsonPath("$.bounces.count").value(3))
				.andExpect(jsonPath("$.bounces.address").value(address));
			// Changing a choice over the API neither resumes nor hides the pause.
			this.mvc
				.perform(put("/api/v1/me/mail-settings").with(Members.DARMSTADT.bearer())
					.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
					.content("{\"digestHour\": 8}"))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.digestHour").value(8))
				.andExpect(jsonPath("$.paused").value(true));

			// While paused: a reply notifies in the forum, and no mail is composed.
			PostId quiet = question(Members.DARMSTADT, OPEN_SPACE, "Während der Pause");
			this.threads.reply(actor(Members.HESSEN),
					new ThreadCommands.Reply(quiet.thread().value(), "Antwort während der Pause", null, null));
			this.composer.drain();

			this.mvc.perform(delete("/api/v1/me/mail-settings/bounces").with(Members.DARMSTADT.bearer()))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.paused").value(false))
				.andExpect(jsonPath("$.bounces").doesNotExist());
			Received again = notifiedAgain(address, "Nach der Pause", seen);
			assertThat(again.subject()).isNotBlank();
			// The change log is read in order: the reply during the pause came before and
			// made no mail.
			assertThat(this.outbox.find(null, address, 0, 50).items()).hasSize(4)
				.noneMatch((m) -> m.threads().contains(quiet.thread().value()));

			// The page's form resumes as well.
			for (int i = 0; i < MailSettings.Bounces.PAUSE_AFTER; i++) {
				this.settings.recordBounce(member, address, Instant.now(), "5.2.2 Mailbox full");
			}
			assertThat(this.settings.find(member).orElseThrow().paused()).isTrue();
			this.mvc.perform(post("/benachrichtigungen/mail/fortsetzen").with(Members.DARMSTADT.session()).with(csrf()))
				.andExpect(status().is3xxRedirection());
			assertThat(this.settings.find(member).orElseThrow().paused()).isFalse();
			this.mvc.perform(get("/benachrichtigungen/einstellungen").with(Members.DARMSTADT.session()))
				.andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"mail-paused\""))));

			// A login with another address voids the reports about the old one.
			this.settings.recordBounce(member, address, Instant.now(), "5.1.1 User unknown");
			this.settings.recordAddress(member, address);
			assertThat(this.settings.find(member).orElseThrow().bounces()).isNotNull();
			// The same mailbox in other letter case (as some identity providers send it).
			this.settings.recordAddress(member, address.toUpperCase(java.util.Locale.ROOT));
			assertThat(this.settings.find(member).orElseThrow().bounces()).isNotNull();
			this.settings.recordAddress(member, "neu-" + address);
			assertThat(this.settings.find(member).orElseThrow().bounces()).isNull();
		}
		finally {
			this.settings.resume(member);
		}
	}

	/** {@link #notified}, for an address that got mails before ({@code seen}). */
	private Received notifiedAgain(String address, String title, java.util.Set<String> seen) throws Exception {
		this.settings.save(this.settings.findOrDefault(actor(Members.DARMSTADT).id().value()).withAddress(address));
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, title);
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(question.thread().value(), "Haben Sie schon den Vertrag?", null, null));
		List<Received> mails = MailInbox.await(imap(), address, seen.size() + 1, WAIT);
		Received mail = mails.stream().filter((m) -> !seen.contains(m.messageId())).findFirst().orElseThrow();
		seen.add(mail.messageId());
		return mail;
	}

	/** Reports further apart than the window, or for an old address, start again. */
	@Test
	void reportsCountOnlyInARowForTheSameAddress() {
		Instant at = Instant.parse("2026-12-01T08:00:00Z");
		MailSettings.Bounces one = MailSettings.Bounces.after(null, "a@test.example", at, "5.1.1");
		MailSettings.Bounces two = MailSettings.Bounces.after(one, "A@test.example", at.plusSeconds(60), "5.1.1");
		assertThat(two.count()).isEqualTo(2);
		assertThat(MailSettings.Bounces.after(two, "b@test.example", at.plusSeconds(120), "5.1.1").count())
			.isEqualTo(1);
		assertThat(MailSettings.Bounces
			.after(two, "a@test.example", at.plus(MailSettings.Bounces.WINDOW).plusSeconds(61), "5.1.1")
			.count()).isEqualTo(1);
		MailSettings three = new MailSettings("m", "a@test.example", null, null, 7, null,
				MailSettings.Bounces.after(two, "a@test.example", at.plusSeconds(180), "5.1.1"));
		assertThat(three.paused()).isTrue();
		assertThat(three.recipient()).isNull();
		// A new address from the next login ends the pause.
		MailSettings moved = new MailSettings("m", "neu@test.example", null, null, 7, null, three.bounces());
		assertThat(moved.paused()).isFalse();
		assertThat(moved.recipient()).isEqualTo("neu@test.example");
	}

	/** A delivery report as Postfix writes it, to the bounces address. */
	private void report(String messageId, String to, String recipient, String action, String status, String diagnosis)
			throws Exception {
		String raw = """
				From: Mail Delivery System <MAILER-DAEMON@mx.test.example>
				To: antwort+bounces@localhost
				Subject: Undelivered Mail Returned to Sender
				Auto-Submitted: auto-replied
				Message-ID: <%s@mx.test.example>
				MIME-Version: 1.0
				Content-Type: multipart/report; report-type=delivery-status; boundary="grenze"

				--grenze
				Content-Type: text/plain; charset=us-ascii

				This is the mail system at host mx.test.example.

				--grenze
				Content-Type: message/delivery-status

				Reporting-MTA: dns; mx.test.example
				Arrival-Date: Sat,  5 Dec 2026 23:40:00 +0100

				Final-Recipient: rfc822; %s
				Original-Recipient: rfc822;%s
				Action: %s
				Status: %s
				Diagnostic-Code: smtp; %s

				--grenze
				Content-Type: text/rfc822-headers

				Return-Path: <antwort+bounces@localhost>
				From: Forum Kommunalpakt <forum@localhost>
				To: %s
				Subject: Neue Antwort
				Message-ID: %s

				--grenze--
				""".formatted(UUID.randomUUID(), recipient, recipient, action, status, diagnosis, to, messageId)
			.replace("\n", "\r\n");
		Properties props = new Properties();
		props.put("mail.smtp.host", MailServer.HOST);
		props.put("mail.smtp.port", Integer.toString(SharedTestServices.mail().smtp()));
		Session session = Session.getInstance(props);
		MimeMessage message = new MimeMessage(session,
				new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
		Transport.send(message, new jakarta.mail.Address[] { new InternetAddress("antwort+bounces@localhost") });
	}

	@Test
	void outOfOfficeAnswersAreNeitherPostedNorAnswered() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Abwesenheit");
		PostId question = new PostId(threadOf(mail), 1);
		String away = "Ich bin bis zum 4. Januar nicht im Büro. In dringenden Fällen: Tel. 06151 13-0.";
		// Exchange: no Auto-Submitted, its own header and a German subject.
		answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@exchange.example>", away, "text/plain",
				(message) -> {
					message.setSubject("Automatische Antwort: Neue Antwort im Forum", "UTF-8");
					message.setHeader("X-Auto-Response-Suppress", "All");
				});
		// A vacation program: a precedence only.
		answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@vacation.example>", away, "text/plain",
				(message) -> {
					message.setSubject("Re: Neue Antwort im Forum", "UTF-8");
					message.setHeader("Precedence", "bulk");
				});
		// RFC 3834.
		answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@rfc.example>", away, "text/plain", (message) -> {
			message.setSubject("Abwesenheitsnotiz", "UTF-8");
			message.setHeader("Auto-Submitted", "auto-replied");
		});

		// Read (here or by the forum's own polling) once the reply mailbox holds none of
		// them.
		pollUntil(() -> {
			try {
				return MailInbox.read(imap(), this.properties.replyAddress())
					.stream()
					.noneMatch((m) -> m.from().contains(address));
			}
			catch (Exception ex) {
				return false;
			}
		});

		assertThat(MailInbox.read(imap(), this.properties.replyAddress())).noneMatch((m) -> m.from().contains(address));
		assertThat(postCount(question)).isEqualTo(2);
		// No answer to an answering machine: the outbox holds only the notification.
		assertThat(this.outbox.find(null, address, 0, 10).items()).hasSize(1);
	}

	@Test
	void anUnreadableMailboxIsReportedOnceAndThenEveryTenMinutesNotEveryPoll(CapturedOutput output) throws Exception {
		int closed;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		MailProperties.Imap imap = this.properties.imap();
		MailProperties unreachable = new MailProperties(
				true, this.properties.from(), this.properties.baseUrl(), this.properties.secret(),
				this.properties.maxAttempts(), this.properties.firstRetry(), this.properties.maxRetry(),
				this.properties.settle(), this.properties.replyAddress(), new MailProperties.Imap(imap.host(), closed,
						imap.username(), imap.password(), false, imap.maxChars(), imap.bounces()),
				this.properties.connections());
		MailTests.MutableClock clock = new MailTests.MutableClock(Instant.parse("2026-12-05T08:00:00Z"));
		MailReplies poller = new MailReplies(unreachable, this.keys, this.settings, this.members, this.threadService,
				this.outbox, this.dispatcher, this.messages, this.moderation, clock);

		for (int i = 0; i < 4; i++) {
			poller.poll();
			clock.advance(Duration.ofSeconds(3));
		}
		assertThat(warnings(output)).isEqualTo(1);
		clock.advance(MailReplies.REMIND);
		poller.poll();
		assertThat(warnings(output)).isEqualTo(2);
		assertThat(output.getOut()).contains("Postfach nicht lesbar seit 10 min");
	}

	private static long warnings(CapturedOutput output) {
		return output.getOut().lines().filter((l) -> l.contains("Antworten per Mail: Postfach nicht lesbar")).count();
	}

	@Test
	void aReplyAddressLeftInTheTextIsRemoved() {
		String key = "0123456789abcdef0123456789abcdef";
		String reply = this.replies.withoutReplyAddresses("""
				Weitergeleitet an die Kämmerei.
				Von: Forum Kommunalpakt <%s>
				""".formatted(this.properties.replyAddress().replace("@", "+" + key + "@")));
		assertThat(reply).isEqualTo("Weitergeleitet an die Kämmerei.\nVon: Forum Kommunalpakt");
	}

	/**
	 * A reply mail whose posting stopped (a crash after its token was claimed) is neither
	 * refused nor removed while the claim may still be a running submit; once the claim
	 * counts as abandoned (two minutes), the next poll posts it, once. Before 07.12.2026
	 * the mail was answered "wird gerade gespeichert" and removed: the reply was lost.
	 */
	@Test
	void aReplyMailWhosePostingStoppedStaysAndIsPostedLater() throws Exception {
		// The stopped run's claim first, then the mail it was for.
		var submissions = this.database.getCollection("submissions");
		String messageId = "<" + UUID.randomUUID() + "@mail.darmstadt.example>";
		String claim = actor(Members.DARMSTADT).id().value() + "|" + MailReplies.submissionId(messageId);
		submissions.insertOne(new org.bson.Document("_id", claim).append("at", new java.util.Date()));
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Abgebrochen per Mail");
		ThreadId thread = threadOf(mail);
		PostId question = new PostId(thread, 1);

		answer(address, mail.replyTo(), messageId, "Wir sind dabei.");
		for (int poll = 0; poll < 3; poll++) {
			this.replies.pollOnce();
		}
		assertThat(postCount(question)).isEqualTo(2);

		submissions.updateOne(com.mongodb.client.model.Filters.eq("_id", claim), com.mongodb.client.model.Updates
			.set("at", java.util.Date.from(java.time.Instant.now().minus(Duration.ofMinutes(3)))));
		pollUntil(() -> postCount(question) == 3);
		assertThat(this.posts.findById(new PostId(thread, 3)).orElseThrow().markdown().source())
			.isEqualTo("Wir sind dabei.");
		this.replies.pollOnce();
		assertThat(postCount(question)).isEqualTo(3);
		assertThat(MailInbox.read(imap(), address))
			.noneSatisfy((m) -> assertThat(m.subject()).startsWith("Nicht veröffentlicht"));
	}

	@Test
	void repliesThatFailTheCheckGetAGermanAnswer() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Absagen per Mail");
		ThreadId thread = threadOf(mail);
		PostId question = new PostId(thread, 1);

		// An address with a key no mail ever carried.
		answer(address, "antwort+" + "0".repeat(32) + "@localhost", "<" + UUID.randomUUID() + "@x>", "Hallo");
		// The right address, but from someone else.
		String stranger = "fremd-" + UUID.randomUUID() + "@test.example";
		answer(stranger, mail.replyTo(), "<" + UUID.randomUUID() + "@x>", "Ich bin nicht Anna.");
		// Too long.
		answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@x>", "Sehr lang. ".repeat(1000));
		pollUntil(() -> {
			try {
				return MailInbox.read(imap(), address).size() >= 3;
			}
			catch (Exception ex) {
				return false;
			}
		});
		// The thread is closed before the next answer (darmstadt is told by mail too).
		this.threads.moderate(actor(Members.DSTGB), thread.value(), ModerationAction.CLOSE, null);
		answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@x>", "Zu spät.");
		pollUntil(() -> {
			try {
				return MailInbox.read(imap(), address).size() >= 5;
			}
			catch (Exception ex) {
				return false;
			}
		});

		List<String> bounces = MailInbox.await(imap(), address, 5, WAIT)
			.stream()
			.filter((m) -> m.subject().startsWith("Nicht veröffentlicht"))
			.map((m) -> m.subject() + "\n" + m.text())
			.toList();
		assertThat(bounces).hasSize(3);
		assertThat(bounces).allSatisfy((b) -> assertThat(b).startsWith("Nicht veröffentlicht: AW: Benachrichtigung")
			.contains("wurde nicht im Forum Kommunalpakt veröffentlicht"));
		assertThat(bounces).anySatisfy((b) -> assertThat(b).contains("gehört zu keiner Benachrichtigung"));
		assertThat(bounces).anySatisfy((b) -> assertThat(b).contains("länger als 10.000 Zeichen"));
		assertThat(bounces).anySatisfy((b) -> assertThat(b).contains("Das Forum hat die Antwort abgelehnt"));
		assertThat(MailInbox.await(imap(), stranger, 1, WAIT)).singleElement()
			.satisfies((m) -> assertThat(m.text()).contains("nicht von der Adresse"));
		assertThat(postCount(question)).isEqualTo(2);
	}

	@Test
	void aSuspendedMemberGetsAGermanAnswerAndNothingIsPosted() throws Exception {
		String address = "darmstadt-" + UUID.randomUUID() + "@test.example";
		Received mail = notified(address, "Gesperrt antworten");
		ThreadId thread = threadOf(mail);
		this.moderation.suspend(actor(Members.DSTGB), "darmstadt", 2, "Werbung in drei Themen");
		try {
			answer(address, mail.replyTo(), "<" + UUID.randomUUID() + "@x>", "Trotzdem eine Antwort.");
			pollUntil(() -> {
				try {
					return MailInbox.read(imap(), address).size() >= 2;
				}
				catch (Exception ex) {
					return false;
				}
			});
			assertThat(MailInbox.await(imap(), address, 2, WAIT)).filteredOn((m) -> m.subject().startsWith("Nicht"))
				.singleElement()
				.satisfies((m) -> assertThat(m.text()).contains("gesperrt (Begründung: Werbung in drei Themen)"));
			assertThat(postCount(new PostId(thread, 1))).isEqualTo(2);
		}
		finally {
			this.moderation.lift(actor(Members.DSTGB), "darmstadt", "Test beendet");
		}
	}

}
