package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How tests reach Elasticsearch and Keycloak: from the properties file that
 * {@code ./forum
 * test} names in system property {@code forum.test.services} (services started once per
 * build), or else — a test run from an IDE — by starting them once per JVM.
 */
public final class SharedTestServices {

	private static Properties properties;

	private static TestServices.Services ownServices;

	private static MailServer ownMail;

	private SharedTestServices() {
	}

	public static String elasticsearchUrl() {
		return get("forum.test.elasticsearch-url");
	}

	public static String keycloakUrl() {
		return get("forum.test.keycloak-url");
	}

	public static String keycloakIssuer() {
		return get("forum.test.keycloak-issuer");
	}

	/**
	 * Base URL of the application that Keycloak redirects to (port
	 * {@link TestServices#DEFAULT_APP_PORT}).
	 */
	public static String appBaseUrl() {
		return get("forum.test.base-url");
	}

	/**
	 * The mail server of the test services, or else one this JVM starts for itself (SMTP
	 * and IMAP on {@link MailServer#HOST}).
	 */
	public static synchronized MailPorts mail() {
		load();
		String smtp = properties.getProperty("forum.test.mail-smtp-port");
		if (smtp != null) {
			return new MailPorts(Integer.parseInt(smtp),
					Integer.parseInt(properties.getProperty("forum.test.mail-imap-port")));
		}
		if (ownMail == null) {
			ownMail = MailServer.start(0, 0);
			Runtime.getRuntime().addShutdownHook(new Thread(ownMail::stop));
		}
		return new MailPorts(ownMail.smtpPort(), ownMail.imapPort());
	}

	/**
	 * Where the tests' mail server listens, on {@link MailServer#HOST}.
	 *
	 * @param smtp the SMTP port
	 * @param imap the IMAP port
	 */
	public record MailPorts(int smtp, int imap) {

	}

	/**
	 * The node this JVM started itself, if any (tests that stop and restart the node need
	 * it).
	 */
	public static synchronized ElasticsearchNode ownElasticsearchNode() {
		load();
		return (ownServices != null) ? ownServices.elasticsearch() : null;
	}

	private static synchronized String get(String key) {
		load();
		String value = properties.getProperty(key);
		if (value == null) {
			throw new IllegalStateException(key + " is not available from the test services");
		}
		return value;
	}

	private static void load() {
		if (properties != null) {
			return;
		}
		String file = System.getProperty("forum.test.services");
		if (file != null && !file.isBlank() && Files.exists(Path.of(file))) {
			Properties p = new Properties();
			try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
				p.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			properties = p;
			return;
		}
		Path root = TestServices.projectRoot();
		List<Path> plugins = new ArrayList<>();
		// The newest plugin zip of any build folder (target, or target-<name> of a
		// parallel build).
		try (var dirs = Files.newDirectoryStream(root.resolve("forum-search/analysis-plugin"), "target*")) {
			for (Path dir : dirs) {
				try (var zips = Files.newDirectoryStream(dir, "forum-search-analysis-plugin-*.zip")) {
					zips.forEach(plugins::add);
				}
			}
		}
		catch (IOException ex) {
			// No plugin built yet: the node runs without it.
		}
		plugins.sort(java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed());
		if (plugins.size() > 1) {
			plugins.subList(1, plugins.size()).clear();
		}
		ownServices = TestServices.start(root.resolve("target/test-services-" + ProcessHandle.current().pid()), plugins,
				"http://localhost:" + TestServices.DEFAULT_APP_PORT, true);
		Runtime.getRuntime().addShutdownHook(new Thread(ownServices::stop));
		Properties p = new Properties();
		p.setProperty("forum.test.elasticsearch-url", ownServices.elasticsearch().httpUri());
		p.setProperty("forum.test.keycloak-url", ownServices.keycloak().baseUri());
		p.setProperty("forum.test.keycloak-issuer", ownServices.keycloak().issuer());
		p.setProperty("forum.test.base-url", ownServices.baseUrl());
		if (ownServices.mail() != null) {
			p.setProperty("forum.test.mail-smtp-port", Integer.toString(ownServices.mail().smtpPort()));
			p.setProperty("forum.test.mail-imap-port", Integer.toString(ownServices.mail().imapPort()));
		}
		properties = p;
	}

}
