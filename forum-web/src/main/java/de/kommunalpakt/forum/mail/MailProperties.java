package de.kommunalpakt.forum.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Notification mail. The SMTP relay itself is Spring Boot's {@code spring.mail.*} (host,
 * port, credentials, STARTTLS from {@code FORUM_MAIL_*}).
 *
 * @param enabled whether mail is composed and sent at all
 * @param from the sender address of every mail
 * @param baseUrl the forum's public address, for links in mails
 * @param secret key that signs unsubscribe links (at least 32 characters in production)
 * @param maxAttempts sending attempts before a mail counts as failed for good (when the
 * relay refused it the last time; one it could not be reached for waits on)
 * @param firstRetry wait before the second attempt; doubles with each further one
 * @param maxRetry the longest wait between two attempts
 * @param settle how long the change reader waits before it moves its checkpoint past a
 * change (see {@code ChangeReader})
 * @param replyAddress the address replies by mail go to; each mail's {@code Reply-To}
 * adds {@code +<key>} before the {@code @} (the relay must deliver these sub-addresses to
 * this one mailbox)
 * @param imap the mailbox of {@code replyAddress}, read over IMAP (no host: replies by
 * mail are off)
 * @param connections SMTP connections the outbox sends over at once (each mail goes over
 * one; a relay answers each mail before the next on a connection)
 */
@Validated
@ConfigurationProperties("forum.mail")
public record MailProperties(@DefaultValue("true") boolean enabled,
		@NotBlank @DefaultValue("Forum Kommunalpakt <forum@localhost>") String from,
		@NotBlank @DefaultValue("http://localhost:8080") String baseUrl,
		@NotBlank @DefaultValue(MailProperties.DEV_SECRET) String secret, @Min(1) @DefaultValue("8") int maxAttempts,
		@DefaultValue("30s") Duration firstRetry, @DefaultValue("1h") Duration maxRetry,
		@DefaultValue("5s") Duration settle, @DefaultValue("antwort@localhost") String replyAddress,
		@DefaultValue Imap imap, @Min(1) @DefaultValue("4") int connections) {

	/** The development signing key; a production start refuses it. */
	public static final String DEV_SECRET = "dev-mail-secret-change-me";

	/** The wait before attempt {@code attempt + 1} after {@code attempt} failed ones. */
	public Duration backoff(int attempt) {
		Duration wait = this.firstRetry.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
		return (wait.compareTo(this.maxRetry) > 0) ? this.maxRetry : wait;
	}

	/**
	 * Longest wait between two rounds of tries while the relay cannot be reached: a round
	 * is one connection attempt per SMTP connection, and the wait is what a mail written
	 * during an outage may wait after its end.
	 */
	public static final Duration PROBE_AT_MOST = Duration.ofMinutes(5);

	/**
	 * The wait after round {@code round} (1, 2, ...) of an outage of the relay: as
	 * {@link #backoff}, at most {@link #PROBE_AT_MOST}.
	 */
	public Duration probeWait(int round) {
		Duration wait = backoff(round);
		return (wait.compareTo(PROBE_AT_MOST) > 0) ? PROBE_AT_MOST : wait;
	}

	/** The {@code Reply-To} for one member and thread: the reply address plus a key. */
	public String replyTo(String key) {
		int at = this.replyAddress.indexOf('@');
		return this.replyAddress.substring(0, at) + "+" + key + this.replyAddress.substring(at);
	}

	/**
	 * The envelope sender of every mail while replies by mail are on: the reply address
	 * with {@code +bounces}, so that the delivery reports of the recipients' mail servers
	 * ({@code multipart/report}) arrive in the reply mailbox; null while they are off or
	 * {@code imap.bounces} is false (then reports go to {@link #from}).
	 */
	public String bounceAddress() {
		if (this.imap == null || this.imap.host().isBlank() || !this.imap.bounces()) {
			return null;
		}
		int at = this.replyAddress.indexOf('@');
		return this.replyAddress.substring(0, at) + "+bounces" + this.replyAddress.substring(at);
	}

	/**
	 * The mailbox that receives replies by mail.
	 *
	 * @param host IMAP server; empty switches replies by mail off
	 * @param port its port
	 * @param username login
	 * @param password password
	 * @param ssl IMAPS instead of IMAP
	 * @param maxChars longest reply accepted (after quotes and signature are cut)
	 * @param bounces whether mails go out with the bounces address as envelope sender (a
	 * relay that takes only its login's address as sender refuses it)
	 */
	public record Imap(@DefaultValue("") String host, @DefaultValue("993") int port, @DefaultValue("") String username,
			@DefaultValue("") String password, @DefaultValue("true") boolean ssl, @DefaultValue("10000") int maxChars,
			@DefaultValue("true") boolean bounces) {

	}

	/** An absolute link into the forum. */
	public String link(String path) {
		String base = this.baseUrl.endsWith("/") ? this.baseUrl.substring(0, this.baseUrl.length() - 1) : this.baseUrl;
		return base + path;
	}

}
