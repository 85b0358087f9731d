package de.kommunalpakt.forum.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP relay that takes only some envelope senders and defers some recipients, over a
 * real socket: as Postfix with {@code reject_sender_login_mismatch} (the refusal answers
 * {@code MAIL FROM}) or as Exchange, which answers the end of the data. GreenMail takes
 * every sender, so the tests of the forum's fallback speak to this one. It keeps the
 * envelope sender of each mail it accepted and of each it refused.
 */
final class PickyRelay implements AutoCloseable {

	/** Where the relay refuses a sender it does not take. */
	enum RefusesAt {

		/** {@code MAIL FROM}, with 553 5.7.1 (Postfix). */
		MAIL_FROM,
		/** The end of {@code DATA}, with 550 5.7.60 (Exchange). */
		DATA

	}

	private final ServerSocket server;

	private final String refused;

	private final RefusesAt at;

	private final String deferred;

	/**
	 * The part of a recipient the relay refuses for good (550 5.1.1, no such mailbox), or
	 * null.
	 */
	volatile String unknown;

	/**
	 * Whether the relay passes mail on only after a login (Postfix's
	 * {@code permit_sasl_authenticated, reject_unauth_destination}): without one it
	 * answers each recipient {@code 554 5.7.1 Relay access denied}.
	 */
	volatile boolean relayOnlyAfterLogin;

	/**
	 * The part of a recipient the relay passes no mail on to (a relay that relays only to
	 * some networks): {@code 554 5.7.1 Relay access denied} for it, or null.
	 */
	volatile String relayDeniedFor;

	/** Whether the relay refuses every login (535 5.7.8, as Postfix with SASL). */
	volatile boolean refuseLogin;

	/**
	 * Whether the relay offers STARTTLS and then speaks no TLS (as a client with a
	 * certificate it does not trust sees it: the handshake fails).
	 */
	volatile boolean brokenTls;

	/** Logins tried ({@code AUTH}), over all connections. */
	final java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();

	/** Recipients the relay was asked for ({@code RCPT TO}). */
	final List<String> recipients = new CopyOnWriteArrayList<>();

	final List<String> accepted = new CopyOnWriteArrayList<>();

	/** Envelope senders refused and recipients deferred. */
	final List<String> refusals = new CopyOnWriteArrayList<>();

	/**
	 * @param refused the part of an envelope sender that makes the relay refuse it
	 * @param at where it refuses
	 */
	PickyRelay(String refused, RefusesAt at) throws IOException {
		this(refused, at, null);
	}

	/**
	 * @param refused the part of an envelope sender that makes the relay refuse it
	 * @param at where it refuses
	 * @param deferred the part of a recipient the relay answers "later" for (450
	 * greylisting), or null
	 */
	PickyRelay(String refused, RefusesAt at, String deferred) throws IOException {
		this.refused = refused.toLowerCase(Locale.ROOT);
		this.at = at;
		this.deferred = deferred;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(() -> {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					Thread.ofVirtual().start(() -> converse(socket));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	int port() {
		return this.server.getLocalPort();
	}

	private void converse(Socket socket) {
		try (socket;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
			OutputStream out = socket.getOutputStream();
			answer(out, "220 relay.test.example ESMTP");
			String sender = null;
			boolean loggedIn = false;
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO")) {
					answer(out, "250-relay.test.example\r\n" + (this.brokenTls ? "250-STARTTLS\r\n" : "")
							+ "250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
				}
				else if (command.startsWith("STARTTLS")) {
					answer(out, "220 2.0.0 Ready to start TLS");
					answer(out, "this is no TLS");
					return;
				}
				else if (command.startsWith("AUTH")) {
					this.logins.incrementAndGet();
					loggedIn = !this.refuseLogin;
					answer(out, this.refuseLogin ? "535 5.7.8 Error: authentication failed: authentication failure"
							: "235 2.7.0 Authentication successful");
				}
				else if (command.startsWith("HELO") || command.startsWith("RSET") || command.startsWith("NOOP")) {
					answer(out, "250 2.0.0 Ok");
				}
				else if (command.startsWith("MAIL FROM:")) {
					sender = line.substring("MAIL FROM:".length()).replaceAll("[<>]|\\s.*", "");
					if (this.at == RefusesAt.MAIL_FROM && refuses(sender)) {
						this.refusals.add(sender);
						answer(out, "553 5.7.1 <" + sender + ">: Sender address rejected: not owned by user forum");
						sender = null;
					}
					else {
						answer(out, "250 2.1.0 Ok");
					}
				}
				else if (command.startsWith("RCPT TO:")) {
					String recipient = line.substring("RCPT TO:".length()).replaceAll("[<>]|\\s.*", "");
					this.recipients.add(recipient);
					String unknownPart = this.unknown;
					String deniedPart = this.relayDeniedFor;
					if ((this.relayOnlyAfterLogin && !loggedIn) || (deniedPart != null && line.contains(deniedPart))) {
						answer(out, "554 5.7.1 <" + recipient + ">: Relay access denied");
					}
					else if (unknownPart != null && line.contains(unknownPart)) {
						answer(out, "550 5.1.1 <" + recipient
								+ ">: Recipient address rejected: User unknown in virtual mailbox table");
					}
					else if (this.deferred != null && line.contains(this.deferred)) {
						this.refusals.add(recipient);
						answer(out, "450 4.7.1 " + line.substring("RCPT TO:".length()).strip()
								+ ": Recipient address rejected: Greylisted, please try again later");
					}
					else {
						answer(out, "250 2.1.5 Ok");
					}
				}
				else if (command.startsWith("DATA")) {
					answer(out, "354 End data with <CR><LF>.<CR><LF>");
					while ((line = in.readLine()) != null && !line.equals(".")) {
						// The message itself is not kept.
					}
					if (this.at == RefusesAt.DATA && sender != null && refuses(sender)) {
						this.refusals.add(sender);
						answer(out, "550 5.7.60 SMTP; Client does not have permissions to send as this sender");
					}
					else {
						this.accepted.add(sender);
						answer(out, "250 2.0.0 Ok: queued");
					}
					sender = null;
				}
				else if (command.startsWith("QUIT")) {
					answer(out, "221 2.0.0 Bye");
					return;
				}
				else {
					answer(out, "502 5.5.2 Error: command not recognized");
				}
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	private boolean refuses(String sender) {
		return sender.toLowerCase(Locale.ROOT).contains(this.refused);
	}

	private static void answer(OutputStream out, String text) throws IOException {
		out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
