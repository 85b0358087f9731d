package de.kommunalpakt.forum.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import de.kommunalpakt.forum.infra.MailServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;

/** Reads a mailbox of the test mail server over real IMAP, as a mail program does. */
final class MailInbox {

	private MailInbox() {
	}

	/**
	 * A received mail: its headers, both parts, and its MIME structure (base types,
	 * {@code multipart/alternative(text/plain,text/html)}).
	 */
	record Received(String subject, String from, String messageId, String inReplyTo, String listUnsubscribe,
			String listUnsubscribePost, String replyTo, String text, String html, String structure,
			String autoResponses, String returnPath) {

	}

	/** The mails in {@code address}'s INBOX now. */
	static List<Received> read(int imapPort, String address) throws Exception {
		Properties props = new Properties();
		props.put("mail.imap.host", MailServer.HOST);
		props.put("mail.imap.port", Integer.toString(imapPort));
		props.put("mail.imap.connectiontimeout", "5000");
		props.put("mail.imap.timeout", "5000");
		Store store = Session.getInstance(props).getStore("imap");
		store.connect(MailServer.HOST, imapPort, address, "beliebig");
		try {
			Folder inbox = store.getFolder("INBOX");
			if (!inbox.exists()) {
				return List.of();
			}
			inbox.open(Folder.READ_ONLY);
			List<Received> mails = new ArrayList<>();
			for (Message remote : inbox.getMessages()) {
				// The whole mail in one fetch, not a round trip per header and part.
				MimeMessage m = new MimeMessage((MimeMessage) remote);
				String[] text = { null, null };
				parts(m, text);
				mails.add(new Received(m.getSubject(), m.getFrom()[0].toString(), header(m, "Message-ID"),
						header(m, "In-Reply-To"), header(m, "List-Unsubscribe"), header(m, "List-Unsubscribe-Post"),
						header(m, "Reply-To"), text[0], text[1], structure(m), header(m, "Auto-Submitted") + " | "
								+ header(m, "X-Auto-Response-Suppress") + " | " + header(m, "Precedence"),
						header(m, "Return-Path")));
			}
			inbox.close(false);
			return mails;
		}
		finally {
			store.close();
		}
	}

	/** Waits until {@code address} holds at least {@code count} mails; returns them. */
	static List<Received> await(int imapPort, String address, int count, Duration timeout) throws Exception {
		long end = System.nanoTime() + timeout.toNanos();
		List<Received> mails = read(imapPort, address);
		while (mails.size() < count && System.nanoTime() < end) {
			Thread.sleep(100);
			mails = read(imapPort, address);
		}
		return mails;
	}

	private static String header(Message m, String name) throws MessagingException {
		String[] values = m.getHeader(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	private static String structure(Part part) throws Exception {
		String type = new ContentType(part.getContentType()).getBaseType().toLowerCase(java.util.Locale.ROOT);
		if (!part.isMimeType("multipart/*")) {
			return type;
		}
		Multipart multipart = (Multipart) part.getContent();
		List<String> children = new ArrayList<>();
		for (int i = 0; i < multipart.getCount(); i++) {
			children.add(structure(multipart.getBodyPart(i)));
		}
		return type + "(" + String.join(",", children) + ")";
	}

	private static void parts(Part part, String[] text) throws Exception {
		if (part.isMimeType("text/plain") && text[0] == null) {
			text[0] = (String) part.getContent();
		}
		else if (part.isMimeType("text/html") && text[1] == null) {
			text[1] = (String) part.getContent();
		}
		else if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				parts(multipart.getBodyPart(i), text);
			}
		}
	}

}
