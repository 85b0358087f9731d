package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the launchers share: finding artifacts in the local Maven repository, unpacking,
 * free ports, waiting for HTTP, pid files and stopping a whole process tree.
 */
final class ChildProcess {

	private ChildProcess() {
	}

	/**
	 * JVM options every child JVM of the stack gets, as the forum itself: freed native
	 * memory (compiler arenas, network buffers) back to the system every 5 s instead of
	 * staying with glibc, and from JDK 25 on compact object headers (the same objects in
	 * less heap).
	 */
	static final List<String> LEAN_JVM = (Runtime.version().feature() >= 25)
			? List.of("-XX:TrimNativeHeapInterval=5000", "-XX:+UseCompactObjectHeaders")
			: List.of("-XX:TrimNativeHeapInterval=5000");

	private static final Path NICE = Path.of("/usr/bin/nice");

	/**
	 * The command prefix that starts a child at a lower CPU priority ({@code nice},
	 * 1-19), for a process that shares the machine with the forum it serves; none for 0
	 * or where there is no {@code nice}.
	 */
	static List<String> nice(int niceness) {
		return (niceness > 0 && Files.isExecutable(NICE)) ? List.of(NICE.toString(), "-n", Integer.toString(niceness))
				: List.of();
	}

	private static final Path CHRT = Path.of("/usr/bin/chrt");

	/**
	 * Puts every thread of a running process under Linux's {@code SCHED_IDLE} policy
	 * ({@code chrt --idle --all-tasks}): a thread of another process that wakes takes the
	 * core from it at once, and while others want the cores it gets a weight of 3 against
	 * 1,024 for a normal thread ({@code nice 10}: 110), so it runs almost only on a core
	 * nobody else wants. Threads it starts later inherit the policy. Returns whether it
	 * worked (not where there is no {@code chrt}).
	 */
	static boolean idle(long pid) {
		if (!Files.isExecutable(CHRT)) {
			return false;
		}
		try {
			Process chrt = new ProcessBuilder(CHRT.toString(), "--idle", "--all-tasks", "--pid", "0",
					Long.toString(pid))
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (chrt.waitFor(10, TimeUnit.SECONDS)) {
				return chrt.exitValue() == 0;
			}
			chrt.destroyForcibly();
			return false;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The local Maven repository: {@code maven.repo.local} or {@code ~/.m2/repository}.
	 */
	static Path mavenRepository() {
		String configured = System.getProperty("maven.repo.local");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		return Path.of(System.getProperty("user.home"), ".m2", "repository");
	}

	static Path mavenArtifact(String groupId, String artifactId, String version, String extension) {
		Path file = mavenRepository().resolve(groupId.replace('.', '/'))
			.resolve(artifactId)
			.resolve(version)
			.resolve(artifactId + "-" + version + "." + extension);
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("Missing " + groupId + ":" + artifactId + ":" + version + ":" + extension
					+ " in " + mavenRepository() + " — build the project once (./forum build) so Maven downloads it.");
		}
		return file;
	}

	/** Unpacks a zip into {@code target} once; the top folder of the zip is dropped. */
	static void unpackOnce(Path zip, Path target) {
		Path marker = target.resolve(".unpacked");
		if (Files.exists(marker)) {
			return;
		}
		try {
			deleteTree(target);
			Path partial = target.resolveSibling(target.getFileName() + ".partial");
			deleteTree(partial);
			Files.createDirectories(partial);
			try (ZipFile file = new ZipFile(zip.toFile())) {
				Enumeration<? extends ZipEntry> entries = file.entries();
				while (entries.hasMoreElements()) {
					ZipEntry entry = entries.nextElement();
					String name = entry.getName();
					int slash = name.indexOf('/');
					if (slash < 0 || slash == name.length() - 1) {
						continue;
					}
					Path out = partial.resolve(name.substring(slash + 1)).normalize();
					if (!out.startsWith(partial)) {
						throw new IOException("Zip entry outside target: " + name);
					}
					if (entry.isDirectory()) {
						Files.createDirectories(out);
						continue;
					}
					Files.createDirectories(out.getParent());
					try (var in = file.getInputStream(entry)) {
						Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
					}
					if (name.contains("/bin/") || name.endsWith(".sh")) {
						Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
					}
				}
			}
			Files.move(partial, target);
			Files.writeString(marker, zip.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not unpack " + zip, ex);
		}
	}

	/**
	 * A port nothing listens on, for a child to bind a moment later: one below the
	 * system's range for outgoing connections (Linux 32768–60999, elsewhere higher), so
	 * that no connection opened meanwhile takes it. A port the system handed out for
	 * listening ({@code new ServerSocket(0)}) comes from that range, and once, between
	 * the probe and Keycloak's start, a connection took it ("Port already bound", ./forum
	 * bench-mail, 06.12.2026).
	 */
	static int freePort() {
		java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
		for (int tries = 0; tries < 100; tries++) {
			int port = random.nextInt(20_000, 32_000);
			try (ServerSocket socket = new ServerSocket(port)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// Taken: another one.
			}
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	/** HTTP status of a GET, or -1 when nothing answers. */
	static int httpStatus(String url, Duration timeout) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
			connection.setConnectTimeout((int) timeout.toMillis());
			connection.setReadTimeout((int) timeout.toMillis());
			int status = connection.getResponseCode();
			connection.disconnect();
			return status;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	static void waitUntil(String what, Duration timeout, Process process, Path log, BooleanSupplier ready) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (ready.getAsBoolean()) {
				return;
			}
			if (!process.isAlive()) {
				if (exiting()) {
					// Stopped by its shutdown hook: nothing went wrong with the child.
					throw new IllegalStateException(what + ": Start abgebrochen, der Prozess endet");
				}
				throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + tail(log, 40));
			}
			sleep(500);
		}
		stop(process, Duration.ofSeconds(10));
		throw new IllegalStateException(what + " did not become ready in " + timeout + ":\n" + tail(log, 40));
	}

	private static final Path SHELL = Path.of("/bin/sh");

	/**
	 * Keeps the child's standard input (the pipe from this JVM) for a watcher, which
	 * sends the child SIGTERM once the pipe closes. The child stays in the forum's
	 * session and process group: a session of its own (setsid) would put it into a
	 * scheduling group of its own under Linux's autogroup, where its nice value no longer
	 * yields to the forum (Elasticsearch's nice 10). The shell waits for the child and
	 * ends with it, so a child that dies is seen as before.
	 */
	private static final String ENDS_WITH_PARENT = """
			exec 3<&0
			"$@" </dev/null 3<&- &
			child=$!
			( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null ) &
			wait "$child"
			""";

	/**
	 * The command of a child that must end with this JVM even when the JVM cannot stop
	 * it: a {@code kill -9} runs no shutdown hook, and Keycloak and Elasticsearch stayed
	 * behind, holding their ports and over 1 GB, until the next start. The pipe of the
	 * child's standard input closes when this JVM ends, however it ends; a small shell
	 * sees that and sends the child SIGTERM, which ends its own children: Keycloak's
	 * script passes it to its JVM, Elasticsearch's launcher stops its server. The mail
	 * server watches its standard input itself.
	 */
	static List<String> endsWithParent(List<String> command) {
		if (!Files.isExecutable(SHELL)) {
			return command;
		}
		List<String> wrapped = new ArrayList<>(List.of(SHELL.toString(), "-c", ENDS_WITH_PARENT, "sh"));
		wrapped.addAll(command);
		return wrapped;
	}

	/**
	 * Makes the child stop when this JVM ends, by the shutdown hook {@code hook}. If the
	 * JVM is already ending (a SIGTERM arrived while the child was being started, before
	 * the hook could be added), the child is stopped at once and the start fails: it
	 * would otherwise outlive the forum (seen with Elasticsearch, stopped 3 s into its
	 * start).
	 */
	static void stopOnExit(Process process, Thread hook) {
		try {
			Runtime.getRuntime().addShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			stop(process, Duration.ofSeconds(20));
			throw new IllegalStateException(hook.getName() + ": nicht gestartet, der Prozess endet gerade", ex);
		}
	}

	/**
	 * The shutdown hook of a child: stops {@code process} and removes its pid file. It
	 * takes no lock of the child's owner: the owner's start holds its own while it waits
	 * for the child to become ready (Keycloak's first start takes over a minute), and a
	 * hook waiting for that lock kept a SIGTERM during the start from ending anything
	 * until the child was ready.
	 */
	static Thread stopper(String name, Process process, Path pidFile) {
		return new Thread(() -> {
			stop(process, Duration.ofSeconds(20));
			try {
				Files.deleteIfExists(pidFile);
			}
			catch (IOException ex) {
				// Ending anyway; the next start removes a stale one.
			}
		}, name);
	}

	/** Whether this JVM is ending (its shutdown hooks run). */
	static boolean exiting() {
		Thread probe = new Thread(() -> {
		});
		try {
			Runtime.getRuntime().addShutdownHook(probe);
			Runtime.getRuntime().removeShutdownHook(probe);
			return false;
		}
		catch (IllegalStateException ex) {
			return true;
		}
	}

	/** Stops a process and all its descendants: politely first, then by force. */
	static void stop(Process process, Duration grace) {
		if (process == null) {
			return;
		}
		List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
		process.destroy();
		tree.forEach(ProcessHandle::destroy);
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		long deadline = System.nanoTime() + grace.toNanos();
		for (ProcessHandle child : tree) {
			while (child.isAlive() && System.nanoTime() < deadline) {
				sleep(100);
			}
			if (child.isAlive()) {
				child.destroyForcibly();
			}
		}
	}

	/** Kills a process left behind by an earlier run that died without cleaning up. */
	static void killStale(Path pidFile, String commandMarker) {
		try {
			if (!Files.exists(pidFile)) {
				return;
			}
			long pid = Long.parseLong(Files.readString(pidFile).strip());
			Optional<ProcessHandle> stale = ProcessHandle.of(pid);
			// The pid is the wrapper's (endsWithParent) or, from before it, the child's
			// own.
			if (stale.isPresent() && Stream.concat(Stream.of(stale.get()), stale.get().descendants())
				.anyMatch((p) -> p.info().commandLine().orElse("").contains(commandMarker))) {
				stale.get().descendants().forEach(ProcessHandle::destroyForcibly);
				stale.get().destroyForcibly();
				stale.get().onExit().get(10, TimeUnit.SECONDS);
			}
			Files.deleteIfExists(pidFile);
		}
		catch (Exception ex) {
			// A missing or unreadable pid file only means there is nothing to clean up.
		}
	}

	static void writePid(Path pidFile, Process process) {
		try {
			Files.writeString(pidFile, Long.toString(process.pid()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String tail(Path log, int lines) {
		try {
			if (!Files.exists(log)) {
				return "(no log)";
			}
			List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	/**
	 * Gives a folder tree to an unprivileged user (for Elasticsearch, which refuses
	 * root).
	 */
	static void chown(Path path, String owner) {
		run(List.of("chown", "-R", owner, path.toString()));
	}

	static void run(List<String> command) {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (p.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
