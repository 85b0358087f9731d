package de.kommunalpakt.forum.mail;

/**
 * Jakarta Mail 2.1 looks its {@code StreamProvider} up through the {@code ServiceLoader}
 * for every multipart and body part it builds, parses or writes: a search of every jar on
 * the class path each time (jakartaee/mail-api#699, changed only in 2.2). In a profile of
 * the outbox sending 2,000 digests that lookup was 31 % of the dispatcher's CPU, and 34 %
 * of the in-process GreenMail's (which parses each mail it stores). The API takes the
 * implementation from the system property of the same name first; naming Angus Mail's
 * there makes the lookup one of an already loaded class.
 */
final class MailStreams {

	static final String PROPERTY = "jakarta.mail.util.StreamProvider";

	static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

	private MailStreams() {
	}

	/** Names Angus Mail's provider unless the property names one already. */
	static void avoidServiceLookups() {
		if (System.getProperty(PROPERTY) != null) {
			return;
		}
		try {
			// Found from the API's loader and the forum's: the property is read for every
			// lookup, and a name the lookup cannot load fails it.
			Class.forName(ANGUS, false, jakarta.mail.util.StreamProvider.class.getClassLoader());
			Class.forName(ANGUS, false, MailStreams.class.getClassLoader());
			System.setProperty(PROPERTY, ANGUS);
		}
		catch (ClassNotFoundException ex) {
			// Another implementation: it is found as before.
		}
	}

}
