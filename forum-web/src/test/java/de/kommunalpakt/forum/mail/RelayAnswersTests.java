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
	void relayingDeniedIsTheRelaysAnswerAboutTheForumNotTheMail() {
		assertThat(
				MailDispatcher.relayDenied(new MailSendException("Failed messages",
						new MessagingException("Invalid Addresses",
								new MessagingException("554 5.7.1 <kaemmerei@example.org>: Relay access denied")))))
			.isTrue();
		assertThat(MailDispatcher.relayDenied(new MessagingException("550 5.7.1 <a@example.org>... Relaying denied")))
			.isTrue();
		assertThat(MailDispatcher.relayDenied(new MessagingException("550 relay not permitted"))).isTrue();
		assertThat(MailDispatcher
			.relayDenied(new MessagingException("550 relaying to <a@example.org> prohibited by administrator")))
			.isTrue();
		assertThat(MailDispatcher
			.relayDenied(new MessagingException("550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain")))
			.isTrue();
		assertThat(MailDispatcher
			.relayDenied(new MessagingException("550 5.7.64 TenantAttribution; Relay Access Denied [AM0PR01]")))
			.isTrue();
		assertThat(MailDispatcher.relayDenied(new MessagingException("454 4.7.1 <a@example.org>: Relay access denied")))
			.isTrue();
		assertThat(MailDispatcher.blocked(new MessagingException("554 5.7.1 <a@example.org>: Relay access denied")))
			.isTrue();
		// About the mail or the sender, not the relaying.
		assertThat(MailDispatcher.relayDenied(new MessagingException("550 5.7.1 Message rejected as spam"))).isFalse();
		assertThat(MailDispatcher.relayDenied(new MessagingException(
				"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org")))
			.isFalse();
		assertThat(MailDispatcher.relayDenied(new MessagingException("550 5.1.1 <a@example.org>: User unknown")))
			.isFalse();
		assertThat(MailDispatcher.relayDenied(new MessagingException("250 2.0.0 Ok: relay denied nothing"))).isFalse();
		assertThat(MailDispatcher.blocked(new MessagingException("550 5.7.1 Message rejected as spam"))).isFalse();
	}

	@Test
	void theOutboxNamesTheRelaysAnswerNotJakartaMailsWrapper() {
		assertThat(MailDispatcher.answer(new MailSendException("Failed messages",
				new MessagingException("Invalid Addresses",
						new MessagingException("554 5.7.1 <kaemmerei@example.org>: Relay access denied")))))
			.isEqualTo("554 5.7.1 <kaemmerei@example.org>: Relay access denied");
		assertThat(MailDispatcher.answer(new MessagingException("Couldn't connect to host, port: 127.0.0.1, 1")))
			.isEqualTo("Couldn't connect to host, port: 127.0.0.1, 1");
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
