package de.kommunalpakt.forum.mail;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import de.kommunalpakt.forum.shared.PassWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeCheckpoints;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangeReader;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.ThreadId;
import org.springframework.context.MessageSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/**
 * Turns accepted writes into mails in the outbox. Like the inbox and search indexing it
 * reads the change log from a checkpoint in MongoDB (reader {@value #READER}), on its own
 * thread, so posting never waits for it, and a change logged before a stop or crash is
 * mailed after the next start. The recipients are the inbox's
 * ({@link NotificationService#recipients}): the same watch levels, only members who may
 * read the space, never the actor. Each mail's id is the change and the member, so a
 * change read again after a crash (mail added, checkpoint not yet moved) adds nothing.
 * Mail chosen as "immediately" is composed here; for a daily or weekly digest the
 * notification waits in {@link DigestItems} for {@link MailDigests}.
 */
@Service
public class MailComposer implements SmartLifecycle {

	/** The name of this reader's checkpoint. */
	static final String READER = "mail";

	private static final Logger log = LoggerFactory.getLogger(MailComposer.class);

	private static final int EXCERPT = 600;

	/**
	 * The kinds of notification that are someone's post: their mails name its author and
	 * organisation and quote it.
	 */
	static final Set<NotificationKind> BY_AUTHOR = EnumSet.of(NotificationKind.REPLY, NotificationKind.WATCHED_REPLY,
			NotificationKind.MENTION, NotificationKind.NEW_THREAD);

	/**
	 * The kinds of notification whose mails offer to mute their thread: replies, which a
	 * busy thread sends many of. Muting stops exactly these (a mention still arrives).
	 */
	static final Set<NotificationKind> MUTABLE = EnumSet.of(NotificationKind.REPLY, NotificationKind.WATCHED_REPLY);

	private final NotificationService notifications;

	private final MailSettingsRepository settings;

	private final MailOutbox outbox;

	private final MemberRepository members;

	private final PostRepository posts;

	private final MessageSource messages;

	private final MailProperties properties;

	private final MailTokens tokens;

	private final MailDispatcher dispatcher;

	private final DigestItems digests;

	private final MailReplyKeys replyKeys;

	private final ChangeReader reader;

	private final Clock clock = Clock.systemUTC();

	private final PassWorker worker = new PassWorker("mail-composer", this::pass);

	private volatile long backoffUntil;

	MailComposer(NotificationService notifications, MailSettingsRepository settings, MailOutbox outbox,
			MemberRepository members, PostRepository posts, MessageSource messages, MailProperties properties,
			MailTokens tokens, MailDispatcher dispatcher, DigestItems digests, MailReplyKeys replyKeys,
			ChangeLog changes, ChangeCheckpoints checkpoints) {
		this.digests = digests;
		this.replyKeys = replyKeys;
		this.notifications = notifications;
		this.settings = settings;
		this.outbox = outbox;
		this.members = members;
		this.posts = posts;
		this.messages = messages;
		this.properties = properties;
		this.tokens = tokens;
		this.dispatcher = dispatcher;
		this.reader = new ChangeReader(READER, changes, checkpoints, properties.settle());
	}

	/** A write in this instance: compose now rather than at the next poll. */
	@EventListener
	public void on(ForumChange change) {
		wake();
	}

	@Scheduled(fixedDelay = 1000)
	public void poll() {
		wake();
	}

	private void wake() {
		if (this.properties.enabled() && System.currentTimeMillis() >= this.backoffUntil) {
			this.worker.wake();
		}
	}

	private void pass() {
		try {
			this.reader.read(this::compose, this.worker::isRunning);
			this.backoffUntil = 0;
		}
		catch (RuntimeException ex) {
			this.backoffUntil = System.currentTimeMillis() + 2000;
			log.warn("Mails pausieren, neuer Versuch in 2 s: {}", ex.toString());
		}
	}

	/** Composes everything the change log holds so far and waits for it (tests). */
	public void drain() throws Exception {
		this.worker.runAndWait(Duration.ofSeconds(30));
	}

	/**
	 * The mails of one change. A change the domain refuses (thread gone) or the code
	 * cannot handle is skipped, as in the inbox; the database refusing is thrown, and the
	 * change comes again.
	 */
	void compose(ForumChange change) {
		Map<MemberId, Notification> recipients;
		try {
			recipients = this.notifications.recipients(change);
		}
		catch (ForumException ex) {
			log.info("Mails zu {} entfallen: {}", change.id(), ex.getMessage());
			return;
		}
		if (recipients.isEmpty()) {
			return;
		}
		Post post = this.posts.findById(new PostId(new ThreadId(change.threadId()), Math.max(1, change.postNumber())))
			.orElse(null);
		// The dispatcher claims the change's mails by id, as soon as they are in the
		// outbox; it searches the outbox only every MailDispatcher.SCAN_EVERY (a mail
		// composed again after a crash, refused by the outbox, waits for that search).
		List<String> added = new ArrayList<>();
		try {
			recipients.forEach((member, notification) -> {
				MailSettings chosen = this.settings.findOrDefault(member.value());
				Delivery delivery = chosen.deliveryFor(notification.kind());
				if (chosen.recipient() == null || delivery == Delivery.NEVER) {
					return;
				}
				if (delivery != Delivery.IMMEDIATE) {
					this.digests.add(new DigestItem(change.id() + ":" + member.value(), member.value(),
							Category.of(notification.kind()), notification.kind(), notification.threadId(),
							notification.postNumber(), notification.actorName(), change.at()));
					return;
				}
				Member recipient = this.members.findById(member).orElse(null);
				if (recipient != null) {
					OutgoingMail mail = mail(change, notification, recipient, chosen, post);
					if (this.outbox.add(mail)) {
						added.add(mail.id());
					}
				}
			});
		}
		finally {
			this.dispatcher.offer(added);
		}
	}

	private OutgoingMail mail(ForumChange change, Notification n, Member recipient, MailSettings chosen, Post post) {
		Category category = Category.of(n.kind());
		// A new post names its author; moderation and accepted answers name who acted.
		boolean byAuthor = post != null && BY_AUTHOR.contains(n.kind());
		String author = byAuthor ? post.authorName() : n.actorName();
		String organisation = byAuthor ? organisationOf(post) : "";
		String excerpt = (post != null) ? excerpt(post, EXCERPT) : "";
		String link = this.properties.link("/beitraege/" + n.postId());
		String settingsLink = this.properties.link("/benachrichtigungen/einstellungen");
		String unsubscribe = this.properties
			.link("/mail/abbestellen/" + this.tokens.sign("unsubscribe", recipient.id().value(), category.name()));
		// A link to mute the thread, without a login (MuteController).
		String mute = MUTABLE.contains(n.kind()) ? this.properties
			.link("/mail/stummschalten/" + this.tokens.sign("mute", recipient.id().value(), n.threadId())) : null;
		String subject = msg("mail.subject." + n.kind().name(), n.threadTitle(), n.actorName());
		String greeting = msg("mail.greeting", recipient.displayName());
		String action = (n.kind() == NotificationKind.MODERATION)
				? this.messages.getMessage("notifications.moderation." + n.detail(), null, n.detail(), Locale.GERMAN)
				: "";
		String lead = msg("mail.lead." + n.kind().name(), author, organisation, n.threadTitle(), action);
		String why = msg("mail.why." + category.name())
				+ (this.properties.imap().host().isBlank() ? "" : "\n" + msg("mail.replyHint"));
		String text = greeting + "\n\n" + lead + "\n\n" + quote(excerpt) + "\n\n" + msg("mail.link") + ": " + link
				+ "\n\n-- \n" + why + "\n" + msg("mail.settings") + ": " + settingsLink + "\n" + msg("mail.unsubscribe")
				+ ": " + unsubscribe + "\n" + ((mute != null) ? msg("mail.mute") + ": " + mute + "\n" : "");
		String html = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + esc(subject)
				+ "</title></head><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\">" + "<p>"
				+ esc(greeting) + "</p><p>" + esc(lead) + "</p>"
				+ "<blockquote style=\"border-left:4px solid #7a7a7a;margin:0;padding:0 1em\"><p>" + esc(excerpt)
				+ "</p></blockquote><p><a href=\"" + esc(link) + "\">" + esc(msg("mail.link")) + ": "
				+ esc(n.threadTitle()) + "</a></p><hr><p style=\"font-size:0.9em\">" + esc(why) + "<br><a href=\""
				+ esc(settingsLink) + "\">" + esc(msg("mail.settings")) + "</a> · <a href=\"" + esc(unsubscribe) + "\">"
				+ esc(msg("mail.unsubscribe")) + "</a>"
				+ ((mute != null) ? " · <a href=\"" + esc(mute) + "\">" + esc(msg("mail.mute")) + "</a>" : "")
				+ "</p></body></html>";
		String host = host();
		String messageId = messageId(change.id(), recipient.id().value());
		OutgoingMail mail = OutgoingMail.compose(change.id() + ":" + recipient.id().value(), recipient.id().value(),
				chosen.recipient(), subject, text, html, messageId, "thread-" + n.threadId() + "@" + host, n.threadId(),
				unsubscribe, this.clock.instant());
		return this.properties.imap().host().isBlank() ? mail : mail
			.withReplyTo(this.properties.replyTo(this.replyKeys.keyFor(recipient.id().value(), n.threadId())));
	}

	/**
	 * A mail that checks the relay's configuration, asked for on the outbox page: to any
	 * address, of no member (no pause, no count of undeliverable mails) and about no
	 * thread; sent like every mail, so its page in the outbox shows the relay's answer.
	 * @param to the address
	 * @param requestedBy who asked for it (named in the mail)
	 */
	public OutgoingMail testMail(String to, String requestedBy) {
		String run = java.util.UUID.randomUUID().toString();
		String id = "test:" + run;
		java.time.Instant now = this.clock.instant();
		String when = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy 'um' HH:mm 'Uhr'", Locale.GERMAN)
			.format(now.atZone(MailDigests.BERLIN));
		String subject = msg("mail.test.subject");
		String body = msg("mail.test.body", requestedBy, when);
		String text = msg("mail.test.greeting") + "\n\n" + body + "\n\n-- \n" + msg("mail.footer") + "\n";
		String html = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + esc(subject)
				+ "</title></head><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\"><p>"
				+ esc(msg("mail.test.greeting")) + "</p><p>" + esc(body) + "</p><hr><p style=\"font-size:0.9em\">"
				+ esc(msg("mail.footer")) + "</p></body></html>";
		return OutgoingMail.compose(id, null, to, subject, text, html, messageId("test." + run, "test"), null, null,
				null, now);
	}

	/**
	 * The {@code Message-ID} (without angle brackets) of the mail {@code local} to a
	 * member: the same on every build of the mail, and with a key nobody can make without
	 * {@code forum.mail.secret}. A delivery report names the mail it reports by this id,
	 * so a report forged by someone who knows a change and a member (once enough: the id
	 * was {@code change.hash(member)@host}) fails no mail of another member and pauses no
	 * member's mail.
	 */
	String messageId(String local, String memberId) {
		return local + "." + this.tokens.key("message-id", local + ":" + memberId) + "@" + host();
	}

	String host() {
		String host = URI.create(this.properties.baseUrl()).getHost();
		return (host != null) ? host : "forum.localhost";
	}

	/** " (Land Hessen)" for the post's organisation, or nothing if it has none. */
	static String organisationOf(Post post) {
		return (post.organisationName() != null) ? " (" + post.organisationName() + ")" : "";
	}

	/**
	 * The post's text as plain text, at most about {@code length} characters, cut at a
	 * space where one is near.
	 */
	static String excerpt(Post post, int length) {
		String plain = MarkdownRenderer.plainText(post.html()).strip();
		if (plain.length() <= length) {
			return plain;
		}
		int cut = plain.lastIndexOf(' ', length);
		return plain.substring(0, (cut > length / 2) ? cut : length) + " …";
	}

	private static String quote(String excerpt) {
		return "> " + excerpt.replace("\n", "\n> ");
	}

	static String esc(String text) {
		return HtmlUtils.htmlEscape((text != null) ? text : "", "UTF-8");
	}

	String msg(String code, Object... args) {
		return this.messages.getMessage(code, args, Locale.GERMAN);
	}

	/** Starts before the web server, so no write can come before the checkpoint. */
	@Override
	public int getPhase() {
		return 0;
	}

	@Override
	public void start() {
		this.reader.open();
		this.worker.start();
	}

	@Override
	public void stop() {
		this.worker.stop(Duration.ofSeconds(10));
	}

	@Override
	public boolean isRunning() {
		return this.worker.isRunning();
	}

}
