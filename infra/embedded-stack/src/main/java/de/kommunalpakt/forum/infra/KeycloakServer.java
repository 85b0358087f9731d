package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from its Maven Central distribution, started as a child process in development
 * mode with the project's realm file (the one production imports) and, for the embedded
 * stack and tests, the demo accounts.
 */
public final class KeycloakServer implements AutoCloseable {

	public static final String VERSION = "26.7.3";

	public static final String REALM = "kommunalpakt";

	private static final String PROCESS_MARKER = "keycloak";

	private final Path workDir;

	private final int requestedPort;

	private final List<Path> importFiles;

	private final String baseUrl;

	private final String clientSecret;

	private final boolean passwordGrant;

	private final String heap;

	private Process process;

	private int port;

	private Thread shutdownHook;

	private KeycloakServer(Builder builder) {
		this.workDir = builder.workDir.toAbsolutePath();
		this.requestedPort = builder.port;
		this.importFiles = List.copyOf(builder.importFiles);
		this.baseUrl = builder.baseUrl;
		this.clientSecret = builder.clientSecret;
		this.passwordGrant = builder.passwordGrant;
		this.heap = builder.heap;
	}

	public static Builder builder(Path workDir) {
		return new Builder(workDir);
	}

	public synchronized KeycloakServer start() {
		if (isRunning()) {
			return this;
		}
		long started = System.nanoTime();
		try {
			Files.createDirectories(this.workDir);
			Path home = this.workDir.resolve("keycloak-" + VERSION);
			ChildProcess.killStale(this.workDir.resolve("keycloak.pid"), PROCESS_MARKER);
			ChildProcess.unpackOnce(ChildProcess.mavenArtifact("org.keycloak", "keycloak-quarkus-dist", VERSION, "zip"),
					home);
			String imported = prepareImport(home);
			this.port = (this.requestedPort > 0) ? this.requestedPort : ChildProcess.freePort();
			Path log = this.workDir.resolve("keycloak.log");
			List<String> command = new ArrayList<>(
					List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + this.port,
							"--http-management-port=" + ChildProcess.freePort(), "--hostname-strict=false",
							"--import-realm", "--cache=local", "--health-enabled=false", "--metrics-enabled=false",
							// Lets ./forum backup reach the database while Keycloak
							// runs, for H2's online BACKUP (ForumBackup). H2 refuses
							// AUTO_SERVER with the DB_CLOSE_ON_EXIT=FALSE Keycloak adds
							// unless the option is given.
							"--db-url-properties=;AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=TRUE"));
			ProcessBuilder pb = new ProcessBuilder(ChildProcess.endsWithParent(command)).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(home.toFile());
			Map<String, String> env = pb.environment();
			env.put("JAVA_HOME", System.getProperty("java.home"));
			env.put("JAVA_OPTS_KC_HEAP", this.heap);
			// H2's server for other processes (AUTO_SERVER) listens on this machine only.
			// The lean options: twenty logins grew Keycloak by 54 MB without them, most
			// of it outside the heap; a manual trim returned 12 MB.
			env.put("JAVA_OPTS_APPEND", "-Dh2.bindAddress=127.0.0.1 " + String.join(" ", ChildProcess.LEAN_JVM));
			env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
			env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
			env.put("FORUM_BASE_URL", this.baseUrl);
			env.put("FORUM_OIDC_CLIENT_SECRET", this.clientSecret);
			env.remove("JAVA_TOOL_OPTIONS");
			this.process = pb.start();
			ChildProcess.writePid(this.workDir.resolve("keycloak.pid"), this.process);
			this.shutdownHook = ChildProcess.stopper("keycloak-stop", this.process,
					this.workDir.resolve("keycloak.pid"));
			ChildProcess.stopOnExit(this.process, this.shutdownHook);
			ChildProcess.waitUntil("Keycloak", Duration.ofMinutes(4), this.process, log, () -> ChildProcess
				.httpStatus(issuer() + "/.well-known/openid-configuration", Duration.ofSeconds(3)) == 200);
			if (imported != null) {
				// Only now: a start stopped before (a SIGTERM, a crash) may have left the
				// import half done, and without the mark the next start imports afresh.
				Files.writeString(home.resolve("data/.imported"), imported);
			}
			System.out.printf("Keycloak %s bereit auf %s (%d s)%n", VERSION, baseUri(),
					Duration.ofNanos(System.nanoTime() - started).toSeconds());
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Copies the realm and user files to Keycloak's import folder. Keycloak imports a
	 * realm only when it does not exist yet, so when the files change, or a start that
	 * imported them did not become ready, its database starts afresh: then returns the
	 * mark to write once Keycloak is ready, else null.
	 */
	private String prepareImport(Path home) throws IOException {
		Path importDir = home.resolve("data/import");
		ChildProcess.deleteTree(importDir);
		Files.createDirectories(importDir);
		MessageDigest digest = sha256();
		for (Path file : this.importFiles) {
			String json = Files.readString(file, StandardCharsets.UTF_8);
			if (this.passwordGrant) {
				// Embedded stack and tests only: API clients get tokens by password
				// grant.
				json = json.replace("\"directAccessGrantsEnabled\": false", "\"directAccessGrantsEnabled\": true");
			}
			Files.writeString(importDir.resolve(file.getFileName()), json, StandardCharsets.UTF_8);
			digest.update(json.getBytes(StandardCharsets.UTF_8));
		}
		digest.update((this.baseUrl + "|" + this.clientSecret).getBytes(StandardCharsets.UTF_8));
		String checksum = HexFormat.of().formatHex(digest.digest());
		Path marker = home.resolve("data/.imported");
		if (Files.exists(marker) && Files.readString(marker).equals(checksum)) {
			return null;
		}
		Files.deleteIfExists(marker);
		ChildProcess.deleteTree(home.resolve("data/h2"));
		return checksum;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String baseUri() {
		return "http://localhost:" + this.port;
	}

	/** The issuer of the forum's realm; the host name is always {@code localhost}. */
	public String issuer() {
		return baseUri() + "/realms/" + REALM;
	}

	public int port() {
		return this.port;
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	public synchronized void stop() {
		if (this.process != null) {
			ChildProcess.stop(this.process, Duration.ofSeconds(20));
			this.process = null;
			try {
				Files.deleteIfExists(this.workDir.resolve("keycloak.pid"));
				if (this.shutdownHook != null && !Thread.currentThread().getName().equals("keycloak-stop")) {
					Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// Shutting down anyway.
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	/** The realm file and demo accounts kept in {@code infra/keycloak}. */
	public static List<Path> projectImportFiles(Path projectRoot, boolean withDemoUsers) {
		Path dir = projectRoot.resolve("infra/keycloak");
		List<Path> files = new ArrayList<>(List.of(dir.resolve(REALM + "-realm.json")));
		if (withDemoUsers) {
			files.add(dir.resolve(REALM + "-users-0.json"));
		}
		return files;
	}

	/** Options of a Keycloak server. */
	public static final class Builder {

		private final Path workDir;

		private int port;

		private final List<Path> importFiles = new ArrayList<>();

		private String baseUrl = "http://localhost:8080";

		private String clientSecret = "dev-secret-change-me";

		private boolean passwordGrant;

		private String heap = "-Xms128m -Xmx512m";

		private Builder(Path workDir) {
			this.workDir = workDir;
		}

		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder importFiles(List<Path> files) {
			this.importFiles.addAll(files);
			return this;
		}

		/** Where the forum runs: redirect and logout URIs of the client follow it. */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		public Builder clientSecret(String clientSecret) {
			this.clientSecret = clientSecret;
			return this;
		}

		/**
		 * Lets the forum-web client take the password grant (embedded stack and tests
		 * only).
		 */
		/** The heap options of Keycloak's JVM ({@code JAVA_OPTS_KC_HEAP}). */
		public Builder heap(String heapOptions) {
			this.heap = heapOptions;
			return this;
		}

		public Builder passwordGrant(boolean passwordGrant) {
			this.passwordGrant = passwordGrant;
			return this;
		}

		public KeycloakServer build() {
			return new KeycloakServer(this);
		}

	}

}
