package de.kommunalpakt.forum.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import de.kommunalpakt.forum.shared.PassWorker;
import de.kommunalpakt.forum.shared.mongo.DeferredDurability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Sends the outbox over SMTP on its own thread. A mail is claimed (pending to sending)
 * before it goes to the relay and marked sent when the relay accepted it; a failed
 * attempt waits {@code forum.mail.first-retry}, doubling up to {@code max-retry}, and
 * after {@code max-attempts} the mail stays failed, visible at
 * {@code /admin/postausgang}. Right before sending, the recipient's right to read the
 * thread is checked again: a mail about a space the member may no longer read is dropped.
 *
 * <p>
 * A mail claimed by an instance that stopped before the relay answered is pending again
 * after {@link #STALE}; if the relay had accepted it in that moment, it goes out a second
 * time with the same {@code Message-ID} (mail clients show it once). That is the only way
 * to a duplicate: SMTP cannot tell whether a message whose answer never arrived was
 * accepted.
 */
@Service
public class MailDispatcher implements SmartLifecycle {

	/** How long a claim holds before another attempt may take the mail. */
	static final Duration STALE = Duration.ofMinutes(2);

	/** How long finished mails stay in the outbox. */
	static final Duration KEPT = Duration.ofDays(30);

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

	/**
	 * Mails claimed together; each batch costs a scan of the outbox on the stand-in (its
	 * query for due mails).
	 */
	private static final int BATCH = 250;

	static {
		MailStreams.avoidServiceLookups();
	}

	private final MailOutbox outbox;

	private final JavaMailSender sender;

	private final MailProperties properties;

	private final MemberRepository members;

	private final ThreadRepository threads;

	private final SpaceRepository spaces;

	private final Clock clock;

	private final PassWorker worker = new PassWorker("mail-dispatcher", this::sendDue);

	/** When this instance last released stale claims (its thread only), or null. */
	private Instant released;

	@Autowired
	MailDispatcher(MailOutbox outbox, JavaMailSender sender, MailProperties properties, MemberRepository members,
			ThreadRepository threads, SpaceRepository spaces) {
		this(outbox, sender, properties, members, threads, spaces, Clock.systemUTC());
	}

	/** With a clock of its own (tests of the backoff). */
	public MailDispatcher(MailOutbox outbox, JavaMailSender sender, MailProperties properties, MemberRepository members,
			ThreadRepository threads, SpaceRepository spaces, Clock clock) {
		this.outbox = outbox;
		this.sender = sender;
		this.properties = properties;
		this.members = members;
		this.threads = threads;
		this.spaces = spaces;
		this.clock = clock;
	}

	@Scheduled(fixedDelay = 1000)
	public void poll() {
		wake();
	}

	/**
	 * Finished mails stay {@link #KEPT} for the administrators' outbox, then go (as
	 * /datenschutz says).
	 */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
	public void prune() {
		try {
			this.outbox.pruneBefore(this.clock.instant().minus(KEPT));
		}
		catch (RuntimeException ex) {
			log.warn("Alte Mails nicht entfernt: {}", ex.toString());
		}
	}

	/** Sends what is due now, on the dispatcher's thread. */
	public void wake() {
		if (this.properties.enabled()) {
			this.worker.wake();
		}
	}

	/** Sends what is due now and waits for it (tests). */
	public void drain() throws Exception {
		this.worker.runAndWait(Duration.ofSeconds(60));
	}

	/**
	 * One pass: every mail due now, each claimed, checked and sent; returns how many the
	 * relay accepted.
	 */
	public int sendDue() {
		int sent = 0;
		try {
			// A scan of the outbox on the stand-in: not on every pass (a digest morning
			// wakes the dispatcher every second), a claim goes stale after minutes.
			Instant now = this.clock.instant();
			if (this.released == null || !now.isBefore(this.released.plus(STALE.dividedBy(4)))) {
				this.outbox.releaseStale(now.minus(STALE));
				this.released = now;
			}
			// Batch after batch while batches come full: one batch per wake-up (once a
			// second) held the outbox at 100 mails/s, 100 s for a morning's 10,000
			// digests.
			List<OutgoingMail> due;
			try (Relay relay = new Relay()) {
				do {
					due = this.outbox.due(this.clock.instant(), BATCH);
					// The batch claimed in one write: a claim per mail, each waiting for
					// the journal, was half of a digest morning's writes.
					Instant claimedAt = this.clock.instant();
					List<OutgoingMail> claimed = this.outbox.claimAll(due.stream().map(OutgoingMail::id).toList(),
							claimedAt);
					for (OutgoingMail mail : claimed) {
						// Stopping, or a slow relay: the rest of the claim is released
						// after STALE rather than sent while another instance may take
						// it.
						if (!this.worker.isRunning()
								|| this.clock.instant().isAfter(claimedAt.plus(STALE.dividedBy(2)))) {
							return sent;
						}
						if (send(mail, relay)) {
							sent++;
						}
					}
				}
				while (due.size() == BATCH && this.worker.isRunning());
			}
		}
		catch (RuntimeException ex) {
			// The database refused: what is claimed comes back after STALE.
			log.warn("Postausgang pausiert: {}", ex.toString());
		}
		return sent;
	}

	private boolean send(OutgoingMail mail, Relay relay) {
		if (!stillReadable(mail)) {
			this.outbox.giveUp(mail.id(), mail.attempts(), "Kein Lesezugriff mehr auf das Thema", true);
			return false;
		}
		try {
			relay.send(message(mail));
			// Without waiting for the journal (the stand-in commits within 20 ms,
			// MongoDB's journal within 100 ms): a crash in that moment sends the mail
			// again after STALE, as one between the relay's answer and this write did.
			DeferredDurability.run(() -> {
				this.outbox.sent(mail.id(), this.clock.instant());
				return null;
			});
			return true;
		}
		catch (MailException | MessagingException ex) {
			int attempts = mail.attempts() + 1;
			String error = ex.getMessage();
			if (attempts >= this.properties.maxAttempts()) {
				this.outbox.giveUp(mail.id(), attempts, error, false);
				log.warn("Mail {} nach {} Versuchen aufgegeben: {}", mail.id(), attempts, error);
			}
			else {
				Instant next = this.clock.instant().plus(this.properties.backoff(attempts));
				this.outbox.retry(mail.id(), attempts, next, error);
				log.info("Mail {} nicht gesendet (Versuch {}), nächster um {}: {}", mail.id(), attempts, next, error);
			}
			return false;
		}
	}

	/**
	 * One SMTP connection for a whole pass, when the sender is Spring's
	 * {@link JavaMailSenderImpl} (a connection per mail: the relay's greeting, EHLO and
	 * teardown each time); any other sender sends each mail itself. Each mail is still
	 * marked sent right after the relay accepted it. After a failure the next mail
	 * connects anew.
	 */
	private final class Relay implements AutoCloseable {

		private Transport transport;

		void send(MimeMessage message) throws MessagingException {
			if (!(MailDispatcher.this.sender instanceof JavaMailSenderImpl impl)) {
				MailDispatcher.this.sender.send(message);
				return;
			}
			try {
				if (this.transport == null || !this.transport.isConnected()) {
					close();
					this.transport = impl.getSession()
						.getTransport((impl.getProtocol() != null) ? impl.getProtocol() : "smtp");
					this.transport.connect(impl.getHost(), impl.getPort(), impl.getUsername(), impl.getPassword());
				}
				// As JavaMailSenderImpl does: saveChanges() would replace the Message-ID.
				String messageId = message.getMessageID();
				if (message.getSentDate() == null) {
					message.setSentDate(new Date());
				}
				message.saveChanges();
				if (messageId != null) {
					message.setHeader("Message-ID", messageId);
				}
				this.transport.sendMessage(message, message.getAllRecipients());
			}
			catch (MessagingException ex) {
				close();
				throw ex;
			}
		}

		@Override
		public void close() {
			if (this.transport != null) {
				try {
					this.transport.close();
				}
				catch (MessagingException ex) {
					// The connection is gone either way.
				}
				this.transport = null;
			}
		}

	}

	/** The recipient may still read the thread's space (members may lose access). */
	private boolean stillReadable(OutgoingMail mail) {
		if (mail.threadId() == null) {
			return true;
		}
		Member member = this.members.findById(new MemberId(mail.memberId())).orElse(null);
		if (member == null) {
			return false;
		}
		return this.threads.findById(new ThreadId(mail.threadId()))
			.filter((thread) -> de.kommunalpakt.forum.thread.ThreadService.isShownTo(thread, member.asActor()))
			.flatMap((thread) -> this.spaces.findById(thread.space()))
			.map((space) -> space.readableBy(member.asActor()))
			.orElse(false);
	}

	private MimeMessage message(OutgoingMail mail) throws MessagingException {
		MimeMessage message = this.sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(this.properties.from());
		helper.setTo(mail.to());
		helper.setSubject(mail.subject());
		helper.setText(mail.text(), mail.html());
		message.setHeader("Message-ID", "<" + mail.messageId() + ">");
		if (mail.inReplyTo() != null) {
			message.setHeader("In-Reply-To", "<" + mail.inReplyTo() + ">");
			message.setHeader("References", "<" + mail.inReplyTo() + ">");
		}
		if (mail.unsubscribeUrl() != null) {
			// RFC 8058: a POST to this address unsubscribes, without a login.
			message.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
			message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		if (mail.replyTo() != null) {
			helper.setReplyTo(mail.replyTo());
		}
		message.setHeader("Auto-Submitted", "auto-generated");
		return message;
	}

	@Override
	public void start() {
		this.worker.start();
	}

	@Override
	public void stop() {
		this.worker.stop(Duration.ofSeconds(15));
	}

	@Override
	public boolean isRunning() {
		return this.worker.isRunning();
	}

}
