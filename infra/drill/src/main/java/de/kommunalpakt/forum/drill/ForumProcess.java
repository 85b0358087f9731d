package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The packaged local forum ({@code forum-launcher.jar}, as {@code ./forum start} runs it)
 * in the embedded profile as a child process: the MongoDB stand-in runs inside it with
 * its H2 file under the data folder, as with {@code ./forum start}. Elasticsearch and
 * Keycloak are either its own children (the configuration users run) or services that are
 * already running (tests).
 */
public final class ForumProcess {

	private final Settings settings;

	private Process process;

	/**
	 * How often the log said "ist bereit" before this start (a killed start never does).
	 */
	private int bannersBefore;

	public ForumProcess(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Where and how the forum runs. {@code elasticsearchUri} and {@code keycloakIssuer}
	 * null: the forum starts its own on the embedded stack's fixed ports.
	 */
	public record Settings(Path jar, Path dataDir, int httpPort, int mongoPort, String elasticsearchUri,
			String keycloakIssuer, String searchIndex, List<String> jvmOptions) {

		public Settings {
			jvmOptions = List.copyOf(jvmOptions);
		}

	}

	/** The application jar of this checkout, built by {@code ./forum build}. */
	public static Path defaultJar() {
		Path jar = Path.of(System.getProperty("forum.jar",
				projectRoot().resolve("infra/launcher/target/forum-launcher.jar").toString()));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Kein Anwendungs-Jar unter " + jar + " — bitte zuerst ./forum build.");
		}
		return jar;
	}

	/**
	 * The JVM options of {@code ./forum start}: those in
	 * {@code infra/launcher/start-jvm.options} (the script reads the same file), from JDK
	 * 25 on with compact object headers, as the script adds them.
	 */
	public static List<String> startJvm() {
		List<String> options = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(projectRoot().resolve("infra/launcher/start-jvm.options"))) {
				String option = line.strip();
				if (!option.isEmpty() && !option.startsWith("#")) {
					options.add(option);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (Runtime.version().feature() >= 25) {
			options.add("-XX:+UseCompactObjectHeaders");
		}
		return List.copyOf(options);
	}

	static Path projectRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isRegularFile(dir.resolve("forum"))) {
			dir = dir.getParent();
		}
		return (dir != null) ? dir : Path.of("").toAbsolutePath();
	}

	public String baseUrl() {
		return "http://localhost:" + this.settings.httpPort();
	}

	public Settings settings() {
		return this.settings;
	}

	/** Starts the forum and waits until it answers (at most {@code timeout}). */
	public Duration start(Duration timeout) {
		long began = System.nanoTime();
		launch();
		long deadline = began + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"Das Forum endete beim Start mit " + this.process.exitValue() + ":\n" + tail(40));
			}
			if (ready()) {
				return Duration.ofNanos(System.nanoTime() - began);
			}
			sleep(250);
		}
		throw new IllegalStateException("Das Forum antwortete nicht in " + timeout + ":\n" + tail(40));
	}

	/** Starts the forum's process and returns at once (to act while it starts). */
	public void launch() {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(this.settings.jvmOptions());
		command.add("-Dforum.embedded.data-dir=" + this.settings.dataDir().toAbsolutePath());
		command.add("-Dforum.embedded.mongo-port=" + this.settings.mongoPort());
		if (this.settings.elasticsearchUri() != null) {
			command.add("-Dforum.embedded.elasticsearch-uri=" + this.settings.elasticsearchUri());
		}
		if (this.settings.keycloakIssuer() != null) {
			command.add("-Dforum.embedded.keycloak-issuer=" + this.settings.keycloakIssuer());
		}
		command.add("-jar");
		command.add(this.settings.jar().toAbsolutePath().toString());
		command.add("--server.port=" + this.settings.httpPort());
		// Health on the forum's own port (the local stack's 8081 may be taken by a forum
		// that runs beside).
		command.add("--management.server.port=" + this.settings.httpPort());
		// The writers post far faster than a person: rate limits would be what the drill
		// measured, not what survives a fault.
		command.add("--forum.rate-limit.enabled=false");
		if (this.settings.searchIndex() != null) {
			command.add("--forum.search.index=" + this.settings.searchIndex());
		}
		try {
			Files.createDirectories(this.settings.dataDir());
			Path log = log();
			this.bannersBefore = banners();
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			// As ./forum start sets it.
			builder.environment().put("MALLOC_ARENA_MAX", "2");
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The forum answers and has finished starting (the start-up banner is out). */
	private boolean ready() {
		try {
			HttpResponse<Void> health = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
			return health.statusCode() == 200 && banners() > this.bannersBefore;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private int banners() throws IOException {
		return Files.exists(log()) ? Files.readString(log()).split("ist bereit", -1).length - 1 : 0;
	}

	/**
	 * SIGKILL for the forum's process, and with {@code wholeStack} for its children
	 * (Elasticsearch, Keycloak) too: no shutdown hook, no flush, as in a power cut of the
	 * process.
	 */
	public void kill(boolean wholeStack) {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroyForcibly();
		waitFor(this.process.toHandle());
		if (wholeStack) {
			children.forEach(ProcessHandle::destroyForcibly);
			children.forEach(ForumProcess::waitFor);
		}
	}

	/** A clean stop (SIGTERM), as Strg-C in {@code ./forum start}. */
	public void stop() {
		if (this.process == null || !this.process.isAlive()) {
			return;
		}
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		waitFor(this.process.toHandle());
		children.forEach(ProcessHandle::destroy);
		children.forEach(ForumProcess::waitFor);
	}

	/** A child process of the forum whose command line contains {@code marker}. */
	public Optional<ProcessHandle> child(String marker) {
		return this.process.descendants().filter((p) -> p.info().commandLine().orElse("").contains(marker)).findFirst();
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.settings.dataDir().resolveSibling(this.settings.dataDir().getFileName() + "-forum.log");
	}

	String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(log());
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(kein Protokoll)";
		}
	}

	private static void waitFor(ProcessHandle handle) {
		try {
			handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// Still alive after 30 s: the caller's checks will show it.
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
