package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The local mail server of the embedded stack and the tests: GreenMail speaking SMTP and
 * IMAP on the loopback address. Every recipient gets a mailbox on first delivery (a
 * sub-address {@code local+tag@host} the one of {@code local@host}); IMAP accepts any
 * password for it (local use only). It may be stopped and started again on the same
 * ports, as the drill and the tests of reliable sending do.
 * <p>
 * {@code ./forum start} and the mail bench run it as a process of their own
 * ({@link MailServerProcess}, through {@link #main}): GreenMail keeps every mail in its
 * heap, and in the forum's process those mails were collected with the forum's own
 * objects, so posting slowed while digests went out.
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

	/**
	 * The server as a process of its own: {@code --smtp=PORT --imap=PORT} (0 or missing:
	 * free ports; {@code --wait-seconds=N}, default 20, how long to wait for taken
	 * ports). When it listens it prints {@code SMTP <port> IMAP <port>} on standard
	 * output; it answers each input line {@code count} with the number of mails received
	 * and stops when its input ends, so also when the process that started it dies.
	 */
	public static void main(String[] args) throws IOException {
		int smtp = 0;
		int imap = 0;
		int waitSeconds = 20;
		for (String arg : args) {
			if (arg.startsWith("--smtp=")) {
				smtp = Integer.parseInt(arg.substring("--smtp=".length()));
			}
			else if (arg.startsWith("--imap=")) {
				imap = Integer.parseInt(arg.substring("--imap=".length()));
			}
			else if (arg.startsWith("--wait-seconds=")) {
				waitSeconds = Integer.parseInt(arg.substring("--wait-seconds=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown argument: " + arg);
			}
		}
		MailServer server = startWhenFree(smtp, imap, waitSeconds);
		try (server;
				var input = new java.io.BufferedReader(
						new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))) {
			System.out.println("SMTP " + server.smtpPort() + " IMAP " + server.imapPort());
			System.out.flush();
			String line;
			while ((line = input.readLine()) != null) {
				if (line.equals("count")) {
					System.out.println(server.receivedCount());
					System.out.flush();
				}
				else if (line.equals("purge")) {
					server.purge();
					System.out.println("purged");
					System.out.flush();
				}
			}
		}
	}

	/**
	 * Starts on fixed ports, waiting up to {@code waitSeconds} for them: after a
	 * {@code kill -9} of the forum the previous server may still be closing them while
	 * the next start begins.
	 */
	private static MailServer startWhenFree(int smtp, int imap, int waitSeconds) {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(waitSeconds);
		while (true) {
			try {
				return start(smtp, imap);
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline || (smtp == 0 && imap == 0)) {
					throw ex;
				}
				ChildProcess.sleep(250);
			}
		}
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
		LocalGreenMail server = new LocalGreenMail(new ServerSetup[] {
				(smtp == 0) ? smtpSetup.dynamicPort() : smtpSetup, (imap == 0) ? imapSetup.dynamicPort() : imapSetup });
		server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		try {
			server.start();
		}
		catch (RuntimeException ex) {
			server.stop();
			throw ex;
		}
		this.greenMail = server;
		this.smtpPort = server.port(ServerSetup.PROTOCOL_SMTP);
		this.imapPort = server.port(ServerSetup.PROTOCOL_IMAP);
	}

	/**
	 * GreenMail as a local relay: sub-addresses delivered into one mailbox
	 * ({@link SubaddressSmtp}), and SMTP and IMAP without Nagle's delay. GreenMail writes
	 * an answer in several small writes; with Nagle's algorithm each write after the
	 * first waited for the client's delayed acknowledgement, about 40 ms on Linux. An
	 * IMAP login took 90 instead of 4 ms, reading eight mails with four fetches each
	 * (three headers and the text) 1.8 s instead of 17-30 ms (measured 05.12.2026): the
	 * forum's reply mailbox, the tests and the bench waited on the network, not on the
	 * server.
	 */
	private static final class LocalGreenMail extends GreenMail {

		LocalGreenMail(ServerSetup[] setups) {
			super(setups);
		}

		/**
		 * SMTP and IMAP, the only services {@link MailServer} sets up, built here instead
		 * of by GreenMail. Mail goes through {@link SubaddressSmtp}, not through the
		 * {@code SmtpManager} of {@code managers} (GreenMail's own waiting for mail is
		 * not used).
		 */
		@Override
		protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
			Map<String, AbstractServer> services = new HashMap<>();
			SmtpManager smtp = new SubaddressSmtp(managers);
			for (ServerSetup setup : setups) {
				Function<Socket, ProtocolHandler> handler = switch (setup.getProtocol()) {
					case ServerSetup.PROTOCOL_SMTP ->
						(socket) -> new SmtpHandler(new SmtpCommandRegistry(), smtp, socket);
					case ServerSetup.PROTOCOL_IMAP ->
						(socket) -> new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), socket);
					default -> throw new IllegalArgumentException("Nicht unterstützt: " + setup.getProtocol());
				};
				services.put(setup.getProtocol(), new NoDelayServer(setup, managers, handler));
			}
			return services;
		}

		/**
		 * The port a service listens on ({@link GreenMail#getImap} would cast to its own
		 * server class).
		 */
		int port(String protocol) {
			return this.services.get(protocol).getPort();
		}

	}

	/**
	 * Delivers mail for {@code local+tag@host} into the mailbox of {@code local@host}, as
	 * relays with the recipient delimiter {@code +} do (Postfix
	 * {@code recipient_delimiter}, Exim, most hosted mail): the forum's replies by mail
	 * go to {@code antwort+<key>@localhost} and are read from {@code antwort@localhost}.
	 * Without this, GreenMail kept each key's mail in a mailbox of its own, and a reply
	 * from a mail program never reached the forum in {@code ./forum start}. The headers
	 * stay as sent.
	 */
	private static final class SubaddressSmtp extends SmtpManager {

		SubaddressSmtp(Managers managers) {
			super(managers.getImapHostManager(), managers.getUserManager());
		}

		@Override
		public synchronized void send(SmtpState state) {
			MovingMessage message = state.getMessage();
			for (MailAddress to : List.copyOf(message.getToAddresses())) {
				int plus = to.getUser().indexOf('+');
				if (plus > 0) {
					message.removeRecipient(to);
					String mailbox = to.getUser().substring(0, plus) + "@" + to.getHost();
					if (message.getToAddresses().stream().noneMatch((a) -> a.getEmail().equalsIgnoreCase(mailbox))) {
						message.addRecipient(new MailAddress(mailbox));
					}
				}
			}
			super.send(state);
		}

	}

	/**
	 * SMTP or IMAP as GreenMail serves it, with {@code TCP_NODELAY} on each connection.
	 */
	private static final class NoDelayServer extends AbstractServer {

		private final Function<Socket, ProtocolHandler> handler;

		NoDelayServer(ServerSetup setup, Managers managers, Function<Socket, ProtocolHandler> handler) {
			super(setup, managers);
			this.handler = handler;
		}

		@Override
		protected ProtocolHandler createProtocolHandler(Socket socket) {
			noDelay(socket);
			return this.handler.apply(socket);
		}

	}

	private static void noDelay(Socket socket) {
		try {
			socket.setTcpNoDelay(true);
		}
		catch (SocketException ex) {
			throw new UncheckedIOException(ex);
		}
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

	/** How many mails this server accepted since its last start (every recipient). */
	public synchronized int receivedCount() {
		return (this.greenMail != null) ? this.greenMail.getReceivedMessages().length : 0;
	}

	/**
	 * Deletes every mail of every mailbox (a bench's warm-up round, so that the measured
	 * round starts with an empty server); {@link #receivedCount} starts from 0 again.
	 */
	public synchronized void purge() {
		if (this.greenMail != null) {
			try {
				this.greenMail.purgeEmailFromAllMailboxes();
			}
			catch (com.icegreen.greenmail.store.FolderException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * The logins the server knows: one per mailbox that received mail, and one per SMTP
	 * or IMAP login (authentication is off, so any login is accepted and kept).
	 */
	public synchronized List<String> logins() {
		return (this.greenMail != null)
				? this.greenMail.getUserManager().listUser().stream().map((u) -> u.getLogin()).toList() : List.of();
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

	/**
	 * A mail as an IMAP client sees it.
	 *
	 * @param messageId its {@code Message-ID}
	 * @param subject its subject
	 * @param text its plain-text part
	 */
	public record Received(String messageId, String subject, String text) {
	}

	/**
	 * The mails in {@code address}'s INBOX now, read over IMAP like a mail client (for
	 * the drill and the mail bench).
	 */
	public static List<Received> inbox(int imapPort, String address) throws MessagingException, IOException {
		return inbox(imapPort, address, 0);
	}

	/**
	 * The mails in {@code address}'s INBOX after the first {@code skip}, read over IMAP.
	 * Who waits for mails reads only the new ones: reading a whole inbox of thousands of
	 * mails again and again took minutes (while each IMAP answer still waited 40 ms, see
	 * {@link LocalGreenMail}), and it still grows with the inbox.
	 */
	public static List<Received> inbox(int imapPort, String address, int skip) throws MessagingException, IOException {
		Properties props = new Properties();
		props.put("mail.imap.connectiontimeout", "5000");
		props.put("mail.imap.timeout", "30000");
		Store store = Session.getInstance(props).getStore("imap");
		store.connect(HOST, imapPort, address, "beliebig");
		try {
			Folder folder = store.getFolder("INBOX");
			if (!folder.exists()) {
				return List.of();
			}
			folder.open(Folder.READ_ONLY);
			List<Received> mails = new ArrayList<>();
			int count = folder.getMessageCount();
			Message[] fresh = (skip < count) ? folder.getMessages(skip + 1, count) : new Message[0];
			for (Message m : fresh) {
				String[] id = m.getHeader("Message-ID");
				mails.add(new Received((id != null) ? id[0] : null, m.getSubject(), text(m)));
			}
			folder.close(false);
			return mails;
		}
		finally {
			store.close();
		}
	}

	/**
	 * The mails in {@code address}'s mailbox now, read from this server's own store (for
	 * the drill, which runs the server itself). Reading thousands of mails over IMAP took
	 * minutes: GreenMail looks up every fetched message in the list of all.
	 */
	public synchronized List<Received> mailbox(String address) {
		if (this.greenMail == null) {
			return List.of();
		}
		for (int attempt = 1;; attempt++) {
			try {
				// The messages first, then their texts: the read that a delivery may
				// interrupt stays short, also while a mailbox of thousands fills.
				List<jakarta.mail.internet.MimeMessage> messages = this.greenMail
					.findReceivedMessages((user) -> address.equalsIgnoreCase(user.getEmail()), (m) -> true)
					.toList();
				return messages.stream().map((m) -> {
					try {
						return new Received(m.getMessageID(), m.getSubject(), text(m));
					}
					catch (MessagingException | IOException ex) {
						throw new IllegalStateException(ex);
					}
				}).toList();
			}
			catch (java.util.ConcurrentModificationException ex) {
				// A mail was delivered while the mailbox was read: read it again.
				if (attempt == 20) {
					throw ex;
				}
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private static String text(Part part) throws MessagingException, IOException {
		if (part.isMimeType("text/plain")) {
			return part.getContent().toString();
		}
		if (part.getContent() instanceof Multipart multi) {
			for (int i = 0; i < multi.getCount(); i++) {
				String text = text(multi.getBodyPart(i));
				if (text != null) {
					return text;
				}
			}
		}
		return null;
	}

}
