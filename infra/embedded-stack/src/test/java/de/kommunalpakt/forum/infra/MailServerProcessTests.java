package de.kommunalpakt.forum.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail server as a process of its own, as {@code ./forum start} runs it: it takes
 * mail over SMTP, shows it over IMAP, counts it for the bench (and deletes it for the
 * bench's warm-up), ends with its input, and a second start on the same ports waits until
 * the first has let them go (a restart after {@code kill -9}).
 */
class MailServerProcessTests {

	@TempDir
	Path dir;

	@Test
	void takesMailOverSmtpAndShowsItOverImap() throws Exception {
		try (MailServerProcess server = MailServerProcess.start(0, 0, this.dir.resolve("mail.log"))) {
			assertThat(server.receivedCount()).isZero();
			if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
				assertThat(niceness(server.pid())).as("it started at a lower priority")
					.isEqualTo(MailServerProcess.NICENESS);
			}
			boolean chrt = Files.isExecutable(Path.of("/usr/bin/chrt"));
			if (chrt) {
				assertThat(policies(server.pid())).as("every thread yields the CPU to the forum")
					.containsOnly(SCHED_IDLE);
			}
			send(server.smtpPort(), "kreis-gi@demo.example", "Neue Antwort im Thema Wohngeld");
			if (chrt) {
				assertThat(policies(server.pid())).as("threads it started for the connection too")
					.containsOnly(SCHED_IDLE);
			}

			assertThat(server.receivedCount()).isEqualTo(1);
			assertThat(MailServer.inbox(server.imapPort(), "kreis-gi@demo.example"))
				.extracting(MailServer.Received::subject)
				.containsExactly("Neue Antwort im Thema Wohngeld");
		}
	}

	@Test
	void purgeDeletesEveryMailAndStartsTheCountAgain() throws Exception {
		try (MailServerProcess server = MailServerProcess.start(0, 0, this.dir.resolve("mail.log"))) {
			send(server.smtpPort(), "kreis-gi@demo.example", "Ihre Zusammenfassung von gestern");
			send(server.smtpPort(), "stadt-da@demo.example", "Ihre Zusammenfassung von gestern");
			assertThat(server.receivedCount()).isEqualTo(2);

			server.purge();

			assertThat(server.receivedCount()).isZero();
			assertThat(MailServer.inbox(server.imapPort(), "kreis-gi@demo.example")).isEmpty();
			send(server.smtpPort(), "kreis-gi@demo.example", "Ihre Zusammenfassung von heute");
			assertThat(server.receivedCount()).isEqualTo(1);
			assertThat(MailServer.inbox(server.imapPort(), "kreis-gi@demo.example"))
				.extracting(MailServer.Received::subject)
				.containsExactly("Ihre Zusammenfassung von heute");
		}
	}

	@Test
	void aSubAddressIsDeliveredIntoTheMailboxOfItsAddress() throws Exception {
		try (MailServerProcess server = MailServerProcess.start(0, 0, this.dir.resolve("mail.log"))) {
			// A reply by mail: the mail program sends to the key's sub-address.
			send(server.smtpPort(), "antwort+6e2d12510118f078dd8f6e78062a0302@localhost", "AW: Neue Antwort");
			send(server.smtpPort(), "antwort@localhost", "Direkt an die Antwortadresse");

			assertThat(MailServer.inbox(server.imapPort(), "antwort@localhost"))
				.extracting(MailServer.Received::subject)
				.containsExactly("AW: Neue Antwort", "Direkt an die Antwortadresse");
			assertThat(MailServer.inbox(server.imapPort(), "antwort+6e2d12510118f078dd8f6e78062a0302@localhost"))
				.isEmpty();
		}
	}

	@Test
	void imapAnswersWithoutWaitingForTheClientsAcknowledgement() throws Exception {
		try (MailServerProcess server = MailServerProcess.start(0, 0, this.dir.resolve("mail.log"))) {
			for (int i = 0; i < 8; i++) {
				send(server.smtpPort(), "kreis-gi@demo.example", "Zusammenfassung " + i);
			}
			// Once to load the client's classes and let the server compile its code.
			assertThat(readHeaderByHeader(server.imapPort(), "kreis-gi@demo.example")).isEqualTo(8);
			long started = System.nanoTime();
			int read = readHeaderByHeader(server.imapPort(), "kreis-gi@demo.example");
			long millis = (System.nanoTime() - started) / 1_000_000;

			assertThat(read).isEqualTo(8);
			// At least 16 round trips (two headers of eight mails, each fetched alone).
			// With Nagle's algorithm on the server's sockets each waited for the client's
			// delayed acknowledgement, 40 ms on Linux: at least 640 ms, 1.8 s measured.
			assertThat(millis).as("eight mails read header by header in %d ms", millis).isLessThan(320);
		}
	}

	/**
	 * Reads each mail's subject and {@code Message-ID} from the server one at a time, as
	 * a mail program that shows a list does; returns how many mails it read.
	 */
	private static int readHeaderByHeader(int imapPort, String address) throws Exception {
		Store store = Session.getInstance(new Properties()).getStore("imap");
		store.connect(MailServer.HOST, imapPort, address, "beliebig");
		try {
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			int read = 0;
			for (Message message : inbox.getMessages()) {
				assertThat(message.getHeader("Subject")).isNotNull();
				assertThat(message.getHeader("Message-ID")).isNotNull();
				read++;
			}
			inbox.close(false);
			return read;
		}
		finally {
			store.close();
		}
	}

	/** Linux's number for the {@code SCHED_IDLE} policy. */
	private static final int SCHED_IDLE = 5;

	/** The nice value of a process: field 19 of {@code /proc/PID/stat}. */
	private static int niceness(long pid) throws java.io.IOException {
		return statField(Path.of("/proc", Long.toString(pid), "stat"), 19);
	}

	/**
	 * The scheduling policy of every running thread of a process: field 41 of its stat.
	 */
	private static List<Integer> policies(long pid) throws java.io.IOException {
		List<Integer> policies = new ArrayList<>();
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks.toList()) {
				try {
					policies.add(statField(task.resolve("stat"), 41));
				}
				catch (java.nio.file.NoSuchFileException ended) {
					// The thread ended after the listing (the connection's, after a
					// send).
				}
			}
		}
		assertThat(policies).isNotEmpty();
		return policies;
	}

	/** Field {@code number} (counted from 1) of a {@code /proc} stat file. */
	private static int statField(Path stat, int number) throws java.io.IOException {
		String line = Files.readString(stat);
		// The command name in parentheses (field 2) may hold spaces; the fields after it
		// do not.
		String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
		return Integer.parseInt(fields[number - 3]);
	}

	@Test
	void endsWhenItsInputEnds() {
		MailServerProcess server = MailServerProcess.start(0, 0, this.dir.resolve("mail.log"));
		ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
		long started = System.nanoTime();
		server.close();
		assertThat(process.isAlive()).isFalse();
		// Closed by its input, not killed after the 10 s of close().
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void aSecondStartOnTheSamePortsWaitsUntilTheFirstLetsThemGo() throws Exception {
		MailServerProcess first = MailServerProcess.start(0, 0, this.dir.resolve("first.log"));
		CompletableFuture<MailServerProcess> second = CompletableFuture.supplyAsync(
				() -> MailServerProcess.start(first.smtpPort(), first.imapPort(), this.dir.resolve("second.log")));
		Thread.sleep(1500);
		assertThat(second).as("the ports are still taken").isNotDone();
		first.close();
		try (MailServerProcess server = second.get(20, TimeUnit.SECONDS)) {
			assertThat(server.smtpPort()).isEqualTo(first.smtpPort());
			send(server.smtpPort(), "darmstadt@demo.example", "Nach dem Neustart");
			assertThat(server.receivedCount()).isEqualTo(1);
		}
	}

	@Test
	void aServerThatCannotStartSaysWhy() throws Exception {
		try (var taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName(MailServer.HOST))) {
			Path log = this.dir.resolve("mail.log");
			org.assertj.core.api.Assertions
				.assertThatThrownBy(() -> MailServerProcess.start(taken.getLocalPort(), 0, log, 1))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Mailserver startet nicht");
			assertThat(Files.readString(log)).contains(Integer.toString(taken.getLocalPort()));
		}
	}

	private static void send(int smtpPort, String to, String subject) throws Exception {
		Properties props = new Properties();
		props.put("mail.smtp.host", MailServer.HOST);
		props.put("mail.smtp.port", Integer.toString(smtpPort));
		MimeMessage message = new MimeMessage(Session.getInstance(props));
		message.setFrom(new InternetAddress("forum@demo.example"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
		message.setSubject(subject, "UTF-8");
		message.setText("Beitrag", "UTF-8");
		Transport.send(message);
	}

}
