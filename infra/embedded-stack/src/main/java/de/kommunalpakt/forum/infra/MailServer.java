package de.kommunalpakt.forum.infra;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The local mail server of the embedded stack and the tests: GreenMail speaking SMTP and
 * IMAP on the loopback address. Every recipient gets a mailbox on first delivery; IMAP
 * accepts any password for it (local use only). It may be stopped and started again on
 * the same ports, as the drill and the tests of reliable sending do.
 */
public final class MailServer implements AutoCloseable {

	/** Where the server listens. */
	public static final String HOST = "127.0.0.1";

	private final int requestedSmtp;

	private final int requestedImap;

	private GreenMail greenMail;

	private int smtpPort;

	private int imapPort;

	private MailServer(int smtpPort, int imapPort) {
		this.requestedSmtp = smtpPort;
		this.requestedImap = imapPort;
	}

	/**
	 * Starts a server; a port of 0 takes a free one (kept for later restarts).
	 * @param smtpPort the SMTP port
	 * @param imapPort the IMAP port
	 */
	public static MailServer start(int smtpPort, int imapPort) {
		MailServer server = new MailServer(smtpPort, imapPort);
		server.start();
		return server;
	}

	/** Starts (again) on the ports of the first start. */
	public synchronized void start() {
		if (this.greenMail != null && this.greenMail.isRunning()) {
			return;
		}
		int smtp = (this.smtpPort != 0) ? this.smtpPort : this.requestedSmtp;
		int imap = (this.imapPort != 0) ? this.imapPort : this.requestedImap;
		ServerSetup smtpSetup = new ServerSetup(smtp, HOST, ServerSetup.PROTOCOL_SMTP);
		ServerSetup imapSetup = new ServerSetup(imap, HOST, ServerSetup.PROTOCOL_IMAP);
		GreenMail server = new GreenMail(new ServerSetup[] { (smtp == 0) ? smtpSetup.dynamicPort() : smtpSetup,
				(imap == 0) ? imapSetup.dynamicPort() : imapSetup })
			.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		server.start();
		this.greenMail = server;
		this.smtpPort = server.getSmtp().getPort();
		this.imapPort = server.getImap().getPort();
	}

	/** Stops; mailboxes are lost (the server keeps them in memory). */
	public synchronized void stop() {
		if (this.greenMail != null) {
			this.greenMail.stop();
		}
	}

	public boolean isRunning() {
		return this.greenMail != null && this.greenMail.isRunning();
	}

	public int smtpPort() {
		return this.smtpPort;
	}

	public int imapPort() {
		return this.imapPort;
	}

	@Override
	public void close() {
		stop();
	}

}
