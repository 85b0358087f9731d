package de.kommunalpakt.forum.infra;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The local mail server ({@link MailServer}, GreenMail) as a child process with a small
 * heap of its own, as {@code ./forum start} and the mail bench run it. GreenMail keeps
 * every mail it accepted in memory; in the forum's process those mails were collected and
 * copied with the forum's own objects in every young collection, so posting slowed while
 * digests went out. In production the relay is another machine as well.
 * <p>
 * It runs from the same class path as this process (the launcher jar through Spring
 * Boot's {@code PropertiesLauncher}, or the plain class path of a bench), logs to
 * {@code log}, and stops when this process closes its input, also after a {@code kill -9}
 * of this process.
 */
public final class MailServerProcess implements AutoCloseable {

	/**
	 * Heap of the process: it starts small and grows with the mails it keeps (the mail
	 * bench's 10,000 digests: 187-206 MB RSS). With C2 (since 04.12.2026 evening) its
	 * SMTP threads took the bench's 10,000 digests in 8-11 s of CPU instead of 16-22 s
	 * with the C1 compiler alone (C2 compiled for a further 2.6-5.1 s meanwhile), and the
	 * handover took 45-50 s instead of 55-64 s; under {@code ./forum bench-start} it
	 * holds 68 MB RSS (peak 77), in the last run with C1 alone 62 (67).
	 */
	public static final List<String> JVM = Stream
		.concat(Stream.of("-XX:+UseSerialGC", "-Xms16m", "-Xmn8m", "-Xmx256m", "-Xss256k",
				"-XX:ReservedCodeCacheSize=32m"), ChildProcess.LEAN_JVM.stream())
		.toList();

	/**
	 * CPU priority of the process ({@code nice}) while it starts, as Elasticsearch's in
	 * the embedded stack. Once it listens, it runs under {@code SCHED_IDLE}
	 * ({@link ChildProcess#idle}): it stands in for a relay on another machine, so it
	 * takes almost only CPU the forum leaves. With {@code nice 10} alone, a request
	 * thread of the forum waited 0.44-0.74 ms longer for a core per post while a
	 * morning's digests went out (reduced {@code ./forum bench-mail}, 4,000 members, five
	 * runs); under {@code SCHED_IDLE}, 0.04-0.31 ms (four runs). In two full runs (10,000
	 * members) it was 0.56 and 0.85 ms, in the last full one with {@code nice 10} 0.71
	 * ms: no difference there. Under full load it accepts mail later: beside four busy
	 * processes ({@code yes}) on the two cores, a mail over SMTP took 12 ms (median of
	 * 20, at most 57 ms) instead of 6 ms. An answer not within 10 s would be a failed
	 * attempt, which the outbox retries.
	 */
	static final int NICENESS = 10;

	private final Process process;

	private final BufferedReader output;

	private final PrintWriter input;

	private final int smtpPort;

	private final int imapPort;

	private MailServerProcess(Process process, BufferedReader output, int smtpPort, int imapPort) {
		this.process = process;
		this.output = output;
		this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
		this.smtpPort = smtpPort;
		this.imapPort = imapPort;
	}

	/**
	 * Starts the process and waits until it listens; ports still taken (by the server of
	 * a forum just killed) it waits up to 20 s for.
	 * @param smtpPort the SMTP port (0: a free one)
	 * @param imapPort the IMAP port (0: a free one)
	 * @param log where its log goes
	 */
	public static MailServerProcess start(int smtpPort, int imapPort, Path log) {
		return start(smtpPort, imapPort, log, 20);
	}

	/** Starts it, waiting up to {@code waitSeconds} for ports still taken. */
	static MailServerProcess start(int smtpPort, int imapPort, Path log, int waitSeconds) {
		// It stands in for a relay on another machine: the forum's requests go first.
		List<String> command = new ArrayList<>(ChildProcess.nice(NICENESS));
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM);
		command.add("-Dlogback.configurationFile=mail-server-logback.xml");
		command.addAll(mainOf(System.getProperty("java.class.path")));
		command.add("--smtp=" + smtpPort);
		command.add("--imap=" + imapPort);
		command.add("--wait-seconds=" + waitSeconds);
		try {
			Files.createDirectories(log.toAbsolutePath().getParent());
			// A fresh log each start; the process and the lines read below both append,
			// so neither writes over the other.
			Files.deleteIfExists(log);
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			// The JVM prints its own warnings on standard output too.
			String ready = output.readLine();
			while (ready != null && !ready.startsWith("SMTP ")) {
				Files.writeString(log, ready + System.lineSeparator(), StandardOpenOption.APPEND);
				ready = output.readLine();
			}
			String[] words = (ready != null) ? ready.split(" ") : new String[0];
			if (words.length != 4) {
				process.destroyForcibly();
				throw new IllegalStateException(
						"Mailserver startet nicht (" + ready + "): " + ChildProcess.tail(log, 20));
			}
			// Lowered once it listens: under SCHED_IDLE from the first instruction, it
			// did not start within 150 s beside two busy processes (nice 10: 4.7 s), and
			// the forum and Elasticsearch start beside it.
			if (!ChildProcess.idle(process.pid())) {
				Files.writeString(log, "SCHED_IDLE nicht gesetzt (kein chrt?), der Mailserver bleibt bei nice "
						+ NICENESS + System.lineSeparator(), StandardOpenOption.APPEND);
			}
			return new MailServerProcess(process, output, Integer.parseInt(words[1]), Integer.parseInt(words[3]));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The main class and class path of the child: {@link MailServer} from a Spring Boot
	 * jar through its {@code PropertiesLauncher}, else from the plain class path.
	 */
	static List<String> mainOf(String classPath) {
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			try (JarFile jar = new JarFile(classPath)) {
				if (jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null) {
					return List.of("-cp", classPath, "-Dloader.main=" + MailServer.class.getName(),
							"org.springframework.boot.loader.launch.PropertiesLauncher");
				}
			}
			catch (IOException ex) {
				// Not a readable jar: the plain class path below.
			}
		}
		return List.of("-cp", classPath, MailServer.class.getName());
	}

	public int smtpPort() {
		return this.smtpPort;
	}

	public int imapPort() {
		return this.imapPort;
	}

	public long pid() {
		return this.process.pid();
	}

	/** How many mails the server accepted since it started (every recipient). */
	public synchronized int receivedCount() {
		this.input.println("count");
		try {
			String line = this.output.readLine();
			if (line == null) {
				throw new IllegalStateException("Der Mailserver-Prozess ist beendet");
			}
			return Integer.parseInt(line.strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Deletes every mail the server holds ({@link MailServer#purge}). */
	public synchronized void purge() {
		this.input.println("purge");
		try {
			String line = this.output.readLine();
			if (!"purged".equals(line)) {
				throw new IllegalStateException("Der Mailserver-Prozess antwortet nicht auf purge: " + line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the process: its input ends, and after 10 s it is killed. */
	@Override
	public void close() {
		this.input.close();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
