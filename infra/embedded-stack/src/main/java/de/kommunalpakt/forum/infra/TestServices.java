package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Starts the services the test build needs once for the whole build — one Elasticsearch
 * node (with the project's analysis plugin), one Keycloak (realm plus demo accounts) and,
 * when GreenMail is on the class path, one mail server (SMTP and IMAP) — writes where
 * they are to a properties file and runs until its standard input closes.
 *
 * <pre>
 * java -cp infra/embedded-stack/target/classes de.kommunalpakt.forum.infra.TestServices \
 *     --out=target/test-services/services.properties --es-plugin=path/to/plugin.zip \
 *     --base-url=http://localhost:18080 [--work-dir=target/test-services] [--no-keycloak]
 * </pre>
 */
public final class TestServices {

	/** Port of the application in browser tests: the client's redirect URIs follow it. */
	public static final int DEFAULT_APP_PORT = 18080;

	private TestServices() {
	}

	public static void main(String[] args) throws Exception {
		Path out = null;
		Path workDir = Path.of("target/test-services");
		String baseUrl = "http://localhost:" + DEFAULT_APP_PORT;
		List<Path> plugins = new ArrayList<>();
		boolean keycloak = true;
		for (String arg : args) {
			if (arg.startsWith("--out=")) {
				out = Path.of(arg.substring(6));
			}
			else if (arg.startsWith("--es-plugin=")) {
				plugins.add(Path.of(arg.substring(12)));
			}
			else if (arg.startsWith("--base-url=")) {
				baseUrl = arg.substring(11);
			}
			else if (arg.startsWith("--work-dir=")) {
				workDir = Path.of(arg.substring(11));
			}
			else if (arg.equals("--no-keycloak")) {
				keycloak = false;
			}
			else {
				throw new IllegalArgumentException("Unknown argument: " + arg);
			}
		}
		if (out == null) {
			throw new IllegalArgumentException("--out=<file> is required");
		}
		Services services = start(workDir.toAbsolutePath(), plugins, baseUrl, keycloak);
		Runtime.getRuntime().addShutdownHook(new Thread(services::stop));
		services.write(out);
		// Run until whoever started us closes our standard input (or kills us).
		while (System.in.read() != -1) {
			// Keep reading: input is ignored.
		}
		services.stop();
	}

	/**
	 * Starts a service on a thread of its own. {@code CompletableFuture.supplyAsync}
	 * without an executor uses the common pool, which has a single thread on a machine
	 * with two cores (JDK 25): the second service waited until the first was ready.
	 */
	public static final Executor OWN_THREAD = (
			task) -> Thread.ofPlatform().name("service-start").daemon(true).start(task);

	/** Starts Elasticsearch and Keycloak in parallel. */
	public static Services start(Path workDir, List<Path> plugins, String baseUrl, boolean withKeycloak) {
		CompletableFuture<ElasticsearchNode> es = CompletableFuture.supplyAsync(
				() -> ElasticsearchNode.builder(workDir.resolve("elasticsearch")).plugins(plugins).build().start(),
				OWN_THREAD);
		CompletableFuture<KeycloakServer> kc = withKeycloak
				? CompletableFuture.supplyAsync(() -> KeycloakServer.builder(workDir.resolve("keycloak"))
					.importFiles(KeycloakServer.projectImportFiles(projectRoot(), true))
					.baseUrl(baseUrl)
					.passwordGrant(true)
					.build()
					.start(), OWN_THREAD)
				: CompletableFuture.completedFuture(null);
		try {
			return new Services(es.join(), kc.join(), baseUrl, startMailServer());
		}
		catch (RuntimeException ex) {
			es.thenAccept(ElasticsearchNode::stop);
			kc.thenAccept((k) -> {
				if (k != null) {
					k.stop();
				}
			});
			throw ex;
		}
	}

	/**
	 * A mail server on free ports, or null when GreenMail is not on the class path (a
	 * caller that started us with this module's classes only).
	 */
	private static MailServer startMailServer() {
		try {
			Class.forName("com.icegreen.greenmail.util.GreenMail", false, TestServices.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
		return MailServer.start(0, 0);
	}

	/** The project folder: the nearest parent that holds {@code infra/keycloak}. */
	public static Path projectRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("infra/keycloak"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("infra/keycloak not found above " + Path.of("").toAbsolutePath());
	}

	/**
	 * Running services.
	 *
	 * @param elasticsearch the node
	 * @param keycloak Keycloak, or null
	 * @param baseUrl the application URL Keycloak redirects to
	 * @param mail the mail server, or null
	 */
	public record Services(ElasticsearchNode elasticsearch, KeycloakServer keycloak, String baseUrl, MailServer mail) {

		public void stop() {
			if (this.mail != null) {
				this.mail.stop();
			}
			this.elasticsearch.stop();
			if (this.keycloak != null) {
				this.keycloak.stop();
			}
		}

		void write(Path file) throws IOException {
			Properties p = new Properties();
			p.setProperty("forum.test.elasticsearch-url", this.elasticsearch.httpUri());
			if (this.keycloak != null) {
				p.setProperty("forum.test.keycloak-url", this.keycloak.baseUri());
				p.setProperty("forum.test.keycloak-issuer", this.keycloak.issuer());
			}
			p.setProperty("forum.test.base-url", this.baseUrl);
			if (this.mail != null) {
				p.setProperty("forum.test.mail-smtp-port", Integer.toString(this.mail.smtpPort()));
				p.setProperty("forum.test.mail-imap-port", Integer.toString(this.mail.imapPort()));
			}
			Files.createDirectories(file.toAbsolutePath().getParent());
			Path partial = file.resolveSibling(file.getFileName() + ".partial");
			try (var writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
				p.store(writer, "Services of this test build");
			}
			// Appears whole or not at all: the waiting script must never read half a
			// file.
			Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}

	}

}
