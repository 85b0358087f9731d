package de.kommunalpakt.forum.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.moderation.Suspension;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Reply by mail. Every few seconds the reply mailbox ({@code forum.mail.imap}) is read
 * over IMAP; each mail addressed to {@code antwort+<key>@…} is posted as a reply of the
 * member the key belongs to, into its thread, with quoted text and signature cut off. A
 * mail that cannot be posted (unknown key, sender not the member's address, member
 * suspended, thread closed or gone, empty or too long) gets a German answer explaining
 * why, through the outbox. The reply's submission id is made from its {@code Message-ID}:
 * a mail read again (the forum stopped before it was removed from the mailbox) posts
 * nothing twice.
 */
@Service
public class MailReplies {

	private static final Logger log = LoggerFactory.getLogger(MailReplies.class);

	/** Precedences of mail no person answered. */
	private static final Pattern AUTOMATIC_PRECEDENCE = Pattern.compile("(?i)bulk|junk|list|auto_reply");

	/** How Exchange and Outlook begin the subject of an out-of-office answer. */
	private static final Pattern AUTOMATIC_SUBJECT = Pattern
		.compile("(?i)(Automatische Antwort|Abwesenheitsnotiz|Automatic reply|Auto(matic)? Response"
				+ "|Out of Office( AutoReply)?)\\s*:?");

	private final MailProperties properties;

	private final MailReplyKeys keys;

	private final MailSettingsRepository settings;

	private final MemberRepository members;

	private final ThreadService threads;

	private final MailOutbox outbox;

	private final MailDispatcher dispatcher;

	private final MessageSource messages;

	private final ModerationService moderation;

	private final Clock clock;

	/** While the mailbox stays unreadable, a warning this often. */
	static final Duration REMIND = Duration.ofMinutes(10);

	/**
	 * Since when the mailbox could not be read, or null; only the scheduled poll writes
	 * it.
	 */
	private Instant unreadableSince;

	/** When the last warning about it was logged. */
	private Instant warnedAt;

	private static final java.time.format.DateTimeFormatter GERMAN_DATE = java.time.format.DateTimeFormatter
		.ofPattern("dd.MM.yyyy HH:mm 'Uhr'")
		.withZone(java.time.ZoneId.of("Europe/Berlin"));

	@Autowired
	MailReplies(MailProperties properties, MailReplyKeys keys, MailSettingsRepository settings,
			MemberRepository members, ThreadService threads, MailOutbox outbox, MailDispatcher dispatcher,
			MessageSource messages, ModerationService moderation) {
		this(properties, keys, settings, members, threads, outbox, dispatcher, messages, moderation, Clock.systemUTC());
	}

	MailReplies(MailProperties properties, MailReplyKeys keys, MailSettingsRepository settings,
			MemberRepository members, ThreadService threads, MailOutbox outbox, MailDispatcher dispatcher,
			MessageSource messages, ModerationService moderation, Clock clock) {
		this.clock = clock;
		this.properties = properties;
		this.keys = keys;
		this.settings = settings;
		this.members = members;
		this.threads = threads;
		this.outbox = outbox;
		this.dispatcher = dispatcher;
		this.messages = messages;
		this.moderation = moderation;
	}

	@Scheduled(fixedDelay = 3000, initialDelay = 10_000)
	public void poll() {
		if (!this.properties.enabled() || this.properties.imap().host().isBlank()) {
			return;
		}
		Instant now = this.clock.instant();
		try {
			pollOnce();
			if (this.unreadableSince != null) {
				log.info("Antworten per Mail: Postfach wieder lesbar, nach {} s",
						Duration.between(this.unreadableSince, now).toSeconds());
				this.unreadableSince = null;
			}
		}
		catch (MessagingException | RuntimeException ex) {
			// Once when it starts, then every REMIND while it lasts: not every 3 s.
			if (this.unreadableSince == null || !now.isBefore(this.warnedAt.plus(REMIND))) {
				log.warn("Antworten per Mail: Postfach nicht lesbar{}: {}",
						(this.unreadableSince == null) ? ""
								: " seit " + Duration.between(this.unreadableSince, now).toMinutes() + " min",
						ex.toString());
				this.warnedAt = now;
			}
			if (this.unreadableSince == null) {
				this.unreadableSince = now;
			}
		}
	}

	/**
	 * Reads the reply mailbox once: handles every mail in it, then removes it; returns
	 * the outcomes.
	 */
	public synchronized List<Outcome> pollOnce() throws MessagingException {
		MailProperties.Imap imap = this.properties.imap();
		String protocol = imap.ssl() ? "imaps" : "imap";
		Properties props = new Properties();
		props.put("mail." + protocol + ".connectiontimeout", "5000");
		props.put("mail." + protocol + ".timeout", "10000");
		Store store = Session.getInstance(props).getStore(protocol);
		store.connect(imap.host(), imap.port(),
				imap.username().isBlank() ? this.properties.replyAddress() : imap.username(), imap.password());
		List<Outcome> outcomes = new ArrayList<>();
		try {
			Folder inbox = store.getFolder("INBOX");
			if (!inbox.exists()) {
				return outcomes;
			}
			inbox.open(Folder.READ_WRITE);
			for (Message message : inbox.getMessages()) {
				if (message.isSet(Flags.Flag.DELETED)) {
					continue;
				}
				Outcome outcome = handle(message);
				outcomes.add(outcome);
				if (outcome != Outcome.LATER) {
					message.setFlag(Flags.Flag.DELETED, true);
				}
			}
			inbox.close(true);
		}
		finally {
			store.close();
		}
		return outcomes;
	}

	/** Posts one reply mail, or answers it with the reason it was not posted. */
	Outcome handle(Message message) throws MessagingException {
		String from = sender(message);
		String messageId = Optional.ofNullable(firstHeader(message, "Message-ID")).orElse(from + message.getSentDate());
		if (message.isMimeType("multipart/report")) {
			// A delivery report (to the envelope sender, the bounces address): never a
			// reply, never answered.
			return deliveryReport(message);
		}
		if (from == null || isAutomatic(message)) {
			return new Outcome(null, "mailReply.automatic");
		}
		Optional<MailReplyKeys.Target> target = key(message).flatMap(this.keys::find);
		if (target.isEmpty()) {
			return bounce(from, messageId, message.getSubject(), "mailReply.unknownKey");
		}
		Member member = this.members.findById(new MemberId(target.get().memberId())).orElse(null);
		MailSettings chosen = this.settings.findOrDefault(target.get().memberId());
		if (member == null || chosen.email() == null || !chosen.email().equalsIgnoreCase(from)) {
			return bounce(from, messageId, message.getSubject(), "mailReply.wrongSender");
		}
		Optional<Suspension> suspended = this.moderation.activeSuspension(member.id());
		if (suspended.isPresent()) {
			// As on pages and the API: a suspended member reads, and writes nothing.
			return bounce(from, messageId, message.getSubject(), "mailReply.suspended",
					GERMAN_DATE.format(suspended.get().until()), suspended.get().reason());
		}
		String text;
		try {
			text = withoutReplyAddresses(ReplyText.of(bodyText(message), signers(member, message)));
		}
		catch (java.io.IOException ex) {
			return bounce(from, messageId, message.getSubject(), "mailReply.unreadable");
		}
		if (text.isBlank()) {
			return bounce(from, messageId, message.getSubject(), "mailReply.empty");
		}
		if (text.length() > this.properties.imap().maxChars()) {
			return bounce(from, messageId, message.getSubject(), "mailReply.tooLong",
					this.properties.imap().maxChars());
		}
		try {
			PostId post = this.threads.reply(member.asActor(),
					new ThreadCommands.Reply(target.get().threadId(), text, null, submissionId(messageId)));
			List<String> files = attachments(message);
			if (!files.isEmpty()) {
				withoutAttachments(from, messageId, message.getSubject(), post, files);
			}
			return new Outcome(post, null);
		}
		catch (ForumException ex) {
			if ("form.submitting".equals(ex.code())) {
				// This mail's reply is being posted (or was, by a run that stopped: its
				// token is taken over two minutes after): it stays for a later poll.
				return Outcome.LATER;
			}
			return bounce(from, messageId, message.getSubject(), "mailReply.refused",
					this.messages.getMessage(ex.code(), ex.args(), ex.code(), Locale.GERMAN));
		}
	}

	private Outcome bounce(String to, String messageId, String subject, String reason, Object... args) {
		String why = this.messages.getMessage(reason, args, Locale.GERMAN);
		String title = this.messages.getMessage("mailReply.bounce.subject", new Object[] { subject }, Locale.GERMAN);
		String text = this.messages.getMessage("mailReply.bounce.text", new Object[] { why }, Locale.GERMAN);
		answer("bounce:" + submissionId(messageId), to, title, text);
		log.info("Antwort per Mail von {} nicht veröffentlicht: {}", to, reason);
		return new Outcome(null, reason);
	}

	/**
	 * The reply is posted, its attached files are not (posts have none): the sender is
	 * told which, instead of believing the others got them.
	 */
	private void withoutAttachments(String to, String messageId, String subject, PostId post, List<String> files) {
		String title = this.messages.getMessage("mailReply.attachments.subject", new Object[] { subject },
				Locale.GERMAN);
		String text = this.messages.getMessage("mailReply.attachments.text",
				new Object[] { this.properties.link("/beitraege/" + post), String.join(", ", files) }, Locale.GERMAN);
		answer("attachments:" + submissionId(messageId), to, title, text);
		log.info("Antwort per Mail von {} ohne {} Anhang/Anhänge veröffentlicht", to, files.size());
	}

	/** An answer of the forum to a reply mail, once per reply (its id). */
	private void answer(String id, String to, String title, String text) {
		String html = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + MailComposer.esc(title)
				+ "</title></head><body><p>" + MailComposer.esc(text).replace("\n\n", "</p><p>") + "</p></body></html>";
		if (this.outbox.add(OutgoingMail.compose(id, null, to, title, text, html,
				id.replace(':', '.') + "@forum.localhost", null, null, null, this.clock.instant()))) {
			this.dispatcher.offer(List.of(id));
		}
	}

	/**
	 * The names of the files attached to a mail: named parts and parts marked as
	 * attachment, except the pictures an HTML part shows (a signature's logo: a part with
	 * a {@code Content-ID} in {@code multipart/related}). Empty when the mail cannot be
	 * read that far.
	 */
	static List<String> attachments(Part part) {
		List<String> files = new ArrayList<>();
		try {
			collectAttachments(part, false, files);
		}
		catch (MessagingException | java.io.IOException ex) {
			// The text was read; a part beyond it that cannot be is no reason to refuse.
		}
		return files;
	}

	private static void collectAttachments(Part part, boolean related, List<String> files)
			throws MessagingException, java.io.IOException {
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				collectAttachments(multipart.getBodyPart(i), part.isMimeType("multipart/related"), files);
			}
			return;
		}
		if (related && part instanceof jakarta.mail.internet.MimePart mime && mime.getContentID() != null) {
			return;
		}
		String name = part.getFileName();
		if (name != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
			files.add((name != null && !name.isBlank()) ? decoded(name) : "ohne Namen");
		}
	}

	private static String decoded(String name) {
		try {
			return jakarta.mail.internet.MimeUtility.decodeText(name);
		}
		catch (java.io.UnsupportedEncodingException ex) {
			return name;
		}
	}

	/**
	 * A delivery report (RFC 3464): when the recipient's mail server reports a mail of
	 * the outbox undeliverable for good (action {@code failed}, status 5.x.x) for the
	 * address the mail went to, the mail is failed in the outbox, with the reported
	 * status and diagnosis, and an administrator can send it again. The mail is found by
	 * the {@code Message-ID} in the report's copy of its header; a report naming another
	 * address, a delay (4.x.x) or no mail of the outbox changes nothing.
	 */
	Outcome deliveryReport(Message message) throws MessagingException {
		try {
			Multipart report = (Multipart) message.getContent();
			String status = null;
			String original = null;
			for (int i = 0; i < report.getCount(); i++) {
				Part part = report.getBodyPart(i);
				if (part.isMimeType("message/delivery-status")) {
					status = new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				}
				else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")) {
					original = new String(part.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
				}
			}
			Matcher id = (original != null) ? ORIGINAL_MESSAGE_ID.matcher(original) : null;
			if (status == null || id == null || !id.find()) {
				return new Outcome(null, "mailReply.report.unknown");
			}
			Optional<OutgoingMail> mail = this.outbox.findByMessageId(id.group(1));
			for (Recipient failed : DeliveryStatus.failures(status)) {
				if (mail.isPresent() && failed.address().equalsIgnoreCase(mail.get().to())) {
					String error = "Unzustellbar laut Mailserver der Empfängerin oder des Empfängers: " + failed.text();
					if (this.outbox.undeliverable(mail.get().id(), error)) {
						log.info("Mail {} unzustellbar gemeldet: {}", mail.get().id(), failed.status());
						bounced(mail.get(), failed);
						return new Outcome(null, "mailReply.report.failed");
					}
				}
			}
			return new Outcome(null, "mailReply.report.unknown");
		}
		catch (java.io.IOException | ClassCastException ex) {
			return new Outcome(null, "mailReply.report.unknown");
		}
	}

	/**
	 * Counts the report with the member's settings; after
	 * {@link MailSettings.Bounces#PAUSE_AFTER} mail to the address pauses (the member's
	 * settings page says so and resumes it).
	 */
	private void bounced(OutgoingMail mail, Recipient failed) {
		if (this.settings.countFailure(mail.memberId(), mail.to(), this.clock.instant(), failed.text())) {
			log.warn("Mails an Mitglied {} pausiert: {} unzustellbare in Folge, zuletzt ein Zustellbericht mit {}",
					mail.memberId(), MailSettings.Bounces.PAUSE_AFTER, failed.status());
		}
	}

	/** {@code Message-ID} in the report's copy of the reported mail's header. */
	private static final Pattern ORIGINAL_MESSAGE_ID = Pattern.compile("^Message-ID:\\s*<([^>\\s]+)>",
			Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

	/** A recipient a delivery report names as failed. */
	record Recipient(String address, String status, String diagnosis) {

		/** The status and, if there is one, the diagnosis. */
		String text() {
			return this.status + ((this.diagnosis != null) ? " " + this.diagnosis : "");
		}

	}

	/** The per-recipient fields of a {@code message/delivery-status} (RFC 3464). */
	static final class DeliveryStatus {

		private DeliveryStatus() {
		}

		/**
		 * The recipients reported failed for good: {@code Action: failed} and a
		 * {@code Status} of class 5.
		 */
		static List<Recipient> failures(String status) {
			List<Recipient> failed = new ArrayList<>();
			// Groups of fields separated by blank lines; the first is about the message.
			for (String group : status.replace("\r\n", "\n").split("\n\\s*\n")) {
				String recipient = field(group, "Final-Recipient");
				String action = field(group, "Action");
				String code = field(group, "Status");
				if (recipient != null && "failed".equalsIgnoreCase(action) && code != null && code.startsWith("5")) {
					String address = recipient.substring(recipient.indexOf(';') + 1).strip();
					String diagnosis = field(group, "Diagnostic-Code");
					failed.add(new Recipient(address.replaceAll("^<|>$", ""), code,
							(diagnosis != null) ? diagnosis.substring(diagnosis.indexOf(';') + 1).strip() : null));
				}
			}
			return failed;
		}

		/** A field's value, folded lines joined; null if absent. */
		private static String field(String group, String name) {
			Matcher m = Pattern
				.compile("^" + Pattern.quote(name) + ":[ \\t]*(.*(?:\\n[ \\t].*)*)",
						Pattern.CASE_INSENSITIVE | Pattern.MULTILINE)
				.matcher(group);
			return m.find() ? m.group(1).replaceAll("\\s*\\n\\s*", " ").strip() : null;
		}

	}

	/**
	 * The forum's reply address with a key: {@code antwort+<key>@…}, the key in group 1.
	 */
	private Pattern replyAddress() {
		String reply = this.properties.replyAddress().toLowerCase(Locale.ROOT);
		int at = reply.indexOf('@');
		return Pattern.compile(
				Pattern.quote(reply.substring(0, at)) + "\\+([0-9a-f]{32})" + Pattern.quote(reply.substring(at)),
				Pattern.CASE_INSENSITIVE);
	}

	/**
	 * The text without any reply address with a key: it lets its holder post as the
	 * member, so it never goes into a post (a quote header the cutting missed, a
	 * forwarded mail).
	 */
	String withoutReplyAddresses(String text) {
		return Pattern.compile("<?" + replyAddress().pattern() + ">?", Pattern.CASE_INSENSITIVE)
			.matcher(text)
			.replaceAll("")
			.strip();
	}

	private Optional<String> key(Message message) throws MessagingException {
		Pattern address = replyAddress();
		List<String> candidates = new ArrayList<>();
		for (String header : List.of("Delivered-To", "X-Original-To", "To", "Cc")) {
			String[] values = message.getHeader(header);
			if (values != null) {
				candidates.addAll(List.of(values));
			}
		}
		for (String candidate : candidates) {
			Matcher m = address.matcher(candidate.toLowerCase(Locale.ROOT));
			if (m.find()) {
				return Optional.of(m.group(1));
			}
		}
		return Optional.empty();
	}

	/**
	 * The names a reply may be signed with: the member's in the forum and the one in the
	 * mail's {@code From} ("Becker, Anna" in many administrations).
	 */
	private static List<String> signers(Member member, Message message) throws MessagingException {
		List<String> names = new ArrayList<>();
		names.add(member.displayName());
		InternetAddress from = from(message);
		if (from != null && from.getPersonal() != null) {
			names.add(from.getPersonal());
		}
		return names;
	}

	private static String sender(Message message) throws MessagingException {
		InternetAddress from = from(message);
		return (from != null) ? from.getAddress() : null;
	}

	/** The first address in {@code From}, or null. */
	private static InternetAddress from(Message message) throws MessagingException {
		Address[] from = message.getFrom();
		return (from != null && from.length > 0 && from[0] instanceof InternetAddress address) ? address : null;
	}

	/**
	 * Out-of-office answers and bounces are not replies, and are not answered: marked as
	 * RFC 3834 asks ({@code Auto-Submitted}), with a precedence of bulk mail or an
	 * {@code X-Autoreply} header, or with the subject Exchange and Outlook give them
	 * ("Automatische Antwort: …").
	 */
	private static boolean isAutomatic(Message message) throws MessagingException {
		String auto = firstHeader(message, "Auto-Submitted");
		if (auto != null && !auto.equalsIgnoreCase("no")) {
			return true;
		}
		String precedence = firstHeader(message, "Precedence");
		if (precedence != null && AUTOMATIC_PRECEDENCE.matcher(precedence.strip()).matches()) {
			return true;
		}
		if (firstHeader(message, "X-Autoreply") != null || firstHeader(message, "X-Autorespond") != null) {
			return true;
		}
		String subject = message.getSubject();
		return subject != null && AUTOMATIC_SUBJECT.matcher(subject.strip()).lookingAt();
	}

	private static String firstHeader(Message message, String name) throws MessagingException {
		String[] values = message.getHeader(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	private static String bodyText(Part part) throws MessagingException, java.io.IOException {
		if (part.isMimeType("text/plain")) {
			return (String) part.getContent();
		}
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			String html = null;
			for (int i = 0; i < multipart.getCount(); i++) {
				Part child = multipart.getBodyPart(i);
				if (Part.ATTACHMENT.equalsIgnoreCase(child.getDisposition())) {
					// An attached text file is not the reply.
					continue;
				}
				if (child.isMimeType("text/plain") || child.isMimeType("multipart/*")) {
					String text = bodyText(child);
					if (!text.isBlank()) {
						return text;
					}
				}
				else if (child.isMimeType("text/html")) {
					html = bodyText(child);
				}
			}
			return (html != null) ? html : "";
		}
		if (part.isMimeType("text/html")) {
			return ReplyText.fromHtml((String) part.getContent());
		}
		return "";
	}

	static String submissionId(String messageId) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
			return "mail-" + HexFormat.of().formatHex(hash, 0, 20);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What became of one mail.
	 *
	 * @param post the reply posted (or posted before), or null
	 * @param reason why not (a message code), or null
	 */
	public record Outcome(PostId post, String reason) {

		/** Neither posted nor refused yet: the mail stays in the mailbox. */
		static final Outcome LATER = new Outcome(null, "mailReply.later");

	}

}
