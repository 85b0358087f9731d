package de.kommunalpakt.forum.mail;

import java.net.ConnectException;

import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the outbox reads a relay's refusals: an outage (no answer at all), or the envelope
 * sender refused, as Postfix, Exchange and Exchange Online word it.
 */
class RelayAnswersTests {

	private static final String BOUNCES = "antwort+bounces@forum.example";

	@Test
	void theBouncesSenderRefusedForGood() {
		assertThat(MailDispatcher.envelopeRefused(
				new MessagingException(
						"553 5.7.1 <antwort+bounces@forum.example>: Sender address rejected: not owned by user forum"),
				BOUNCES))
			.isTrue();
		assertThat(MailDispatcher.envelopeRefused(
				new MessagingException("550 5.7.60 SMTP; Client does not have permissions to send as this sender"),
				BOUNCES))
			.isTrue();
		// Exchange Online, inside Spring's exception for the failed message.
		assertThat(MailDispatcher.envelopeRefused(new MailSendException("Failed messages",
				new MessagingException("554 5.2.252 SendAsDenied; forum@forum.example not allowed to send as "
						+ "antwort+bounces@forum.example; STOREDRV.Submission.Exception:SendAsDeniedException")),
				BOUNCES))
			.isTrue();
	}

	@Test
	void otherRefusalsAreAboutTheMail() {
		// The recipient, not the sender.
		assertThat(MailDispatcher.envelopeRefused(
				new MessagingException("550 5.1.1 <anna@kommune.example>: Recipient address rejected: User unknown"),
				BOUNCES))
			.isFalse();
		// Only for now (greylisting): tried again as every mail.
		assertThat(MailDispatcher.envelopeRefused(
				new MessagingException(
						"450 4.7.1 <antwort+bounces@forum.example>: Sender address rejected: try again later"),
				BOUNCES))
			.isFalse();
		// No answer at all: an outage.
		MessagingException down = new MessagingException("Couldn't connect to host",
				new ConnectException("Connection refused"));
		assertThat(MailDispatcher.envelopeRefused(down, BOUNCES)).isFalse();
		assertThat(MailDispatcher.unreachable(down)).isTrue();
		assertThat(MailDispatcher.unreachable(new MessagingException("550 5.1.1 User unknown"))).isFalse();
	}

	@Test
	void anAddressRefusedForGoodIsAFiveOneOrFiveTwoOneAnswer() {
		String unknown = "550 5.1.1 <anna@kommune.example>: Recipient address rejected: User unknown in virtual "
				+ "mailbox table";
		assertThat(MailDispatcher.recipientUnknown(new MailSendException("Failed messages",
				new MessagingException("Invalid Addresses", new MessagingException(unknown)))))
			.isEqualTo(unknown);
		// Exchange: the mailbox is disabled.
		assertThat(MailDispatcher
			.recipientUnknown(new MessagingException("550 5.2.1 Mailbox cannot be accessed [anna@kommune.example]")))
			.isNotNull();
		// RFC 7505: the domain takes no mail.
		assertThat(MailDispatcher.recipientUnknown(
				new MessagingException("556 5.1.10 <anna@kommune.example>: Recipient address rejected: Domain "
						+ "kommune.example does not accept mail (nullMX)")))
			.isNotNull();
		// The forum's relay refusing to relay is about its configuration, not the member.
		assertThat(MailDispatcher
			.recipientUnknown(new MessagingException("554 5.7.1 <anna@kommune.example>: Relay access denied")))
			.isNull();
		// A full mailbox, "later", and an answer without an enhanced status.
		assertThat(MailDispatcher.recipientUnknown(new MessagingException("552 5.2.2 Mailbox full"))).isNull();
		assertThat(MailDispatcher.recipientUnknown(new MessagingException("450 4.1.1 Recipient unknown, try later")))
			.isNull();
		assertThat(MailDispatcher.recipientUnknown(new MessagingException("550 User unknown"))).isNull();
	}

	@Test
	void aRefusedLoginIsAFiveThirtyAnswerOrJakartaMailsException() {
		assertThat(MailDispatcher.loginRefused(new jakarta.mail.AuthenticationFailedException(
				"535 5.7.8 Error: authentication failed: authentication failure")))
			.isTrue();
		// Exchange Online with basic authentication switched off, inside Spring's
		// exception.
		assertThat(MailDispatcher.loginRefused(new MailSendException("Failed messages",
				new MessagingException("535 5.7.139 Authentication unsuccessful, basic authentication is disabled."))))
			.isTrue();
		assertThat(MailDispatcher.loginRefused(new MessagingException("530 5.7.0 Must issue a STARTTLS command first")))
			.isTrue();
		assertThat(MailDispatcher.loginRefused(new MessagingException("550 5.1.1 User unknown"))).isFalse();
		assertThat(MailDispatcher.loginRefused(new MessagingException("554 5.7.1 Relay access denied"))).isFalse();
	}

	@Test
	void aFailedTlsHandshakeIsAnOutageOfItsOwnKind() {
		MessagingException tls = new MessagingException("Could not convert socket to TLS",
				new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
		assertThat(MailDispatcher.tlsFailed(tls)).isTrue();
		assertThat(MailDispatcher.unreachable(tls)).isTrue();
		assertThat(MailDispatcher
			.tlsFailed(new MessagingException("Couldn't connect to host", new ConnectException("Connection refused"))))
			.isFalse();
	}

	@Test
	void laterIsAFourHundredAnswer() {
		assertThat(MailDispatcher.transientAnswer(new MessagingException("Invalid Addresses",
				new MessagingException("450 4.7.1 <anna@kommune.example>: Recipient address rejected: Greylisted"))))
			.isTrue();
		assertThat(MailDispatcher.transientAnswer(
				new MessagingException("421 4.7.0 relay.test.example Error: too many connections from 192.0.2.1")))
			.isTrue();
		assertThat(MailDispatcher.transientAnswer(new MessagingException("550 5.1.1 User unknown"))).isFalse();
		assertThat(MailDispatcher.transientAnswer(new MessagingException("Couldn't connect to host"))).isFalse();
	}

}
