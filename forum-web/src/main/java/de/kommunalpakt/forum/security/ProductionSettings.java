package de.kommunalpakt.forum.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a production forum on development values. Without the {@code embedded}
 * profile (or the {@code test} profile of the test classpath), the OIDC client secret
 * must be set and must not be the development secret, and the addresses of identity
 * provider, database and search must be set rather than left at their local defaults;
 * unless mail is switched off, so must the mail relay, the forum's public address (links
 * in mails) and the key that signs links in mails. The start stops with the names of the
 * variables to set.
 */
class ProductionSettings implements EnvironmentPostProcessor, Ordered {

	static final String DEV_CLIENT_SECRET = "dev-secret-change-me";

	/** Profiles that run on purpose with development values. */
	static final List<String> DEVELOPMENT_PROFILES = List.of("embedded", "test", "bench");

	/** Variable, property it feeds, and the development default the forum ships with. */
	private static final List<String[]> DEFAULTS = List.of(
			new String[] { "FORUM_OIDC_ISSUER", "forum.auth.issuer-uri", "http://localhost:8180/realms/kommunalpakt" },
			new String[] { "FORUM_MONGODB_URI", "spring.mongodb.uri", "mongodb://localhost:27017/forum" },
			new String[] { "FORUM_ELASTICSEARCH_URIS", "forum.search.uris", "http://localhost:9200" });

	/**
	 * The same for mail, checked unless mail is switched off
	 * ({@code FORUM_MAIL_ENABLED}).
	 */
	private static final List<String[]> MAIL_DEFAULTS = List.of(
			new String[] { "FORUM_MAIL_HOST", "spring.mail.host", "localhost" },
			new String[] { "FORUM_BASE_URL", "forum.mail.base-url", "http://localhost:8080" });

	/** The development secret of the service account that disables deleted accounts. */
	static final String DEV_ADMIN_SECRET = "dev-admin-secret-change-me";

	/** The development key of the signed links in mails (unsubscribe). */
	static final String DEV_MAIL_SECRET = "dev-mail-secret-change-me";

	/**
	 * Runs before any bean exists (after the configuration files are read), so nothing
	 * connects anywhere with the wrong values first.
	 */
	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<String> problems = check(environment);
		if (!problems.isEmpty()) {
			throw new DevelopmentValues(problems);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	static List<String> check(Environment environment) {
		if (Arrays.stream(environment.getActiveProfiles()).anyMatch(DEVELOPMENT_PROFILES::contains)) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		String secret = environment.getProperty("forum.auth.client-secret", "");
		if (secret.isBlank()) {
			problems.add("FORUM_OIDC_CLIENT_SECRET fehlt: das Geheimnis des OIDC-Clients aus Keycloak.");
		}
		else if (secret.strip().equals(DEV_CLIENT_SECRET)) {
			problems.add("FORUM_OIDC_CLIENT_SECRET ist das Entwicklungsgeheimnis „" + DEV_CLIENT_SECRET
					+ "“: bitte das Geheimnis des OIDC-Clients aus Keycloak setzen.");
		}
		String adminSecret = environment.getProperty("forum.account.identity-admin.client-secret", "").strip();
		if (adminSecret.equals(DEV_ADMIN_SECRET)) {
			problems.add("FORUM_KEYCLOAK_ADMIN_CLIENT_SECRET fehlt oder ist das Entwicklungsgeheimnis „"
					+ DEV_ADMIN_SECRET
					+ "“: bitte das Geheimnis des Dienstkontos forum-account-admin aus Keycloak setzen (es sperrt gelöschte Konten).");
		}
		List<String[]> defaults = new ArrayList<>(DEFAULTS);
		if (!"false".equalsIgnoreCase(environment.getProperty("forum.mail.enabled", "true").strip())) {
			defaults.addAll(MAIL_DEFAULTS);
			if (DEV_MAIL_SECRET.equals(environment.getProperty("forum.mail.secret", "").strip())) {
				problems.add("FORUM_MAIL_SECRET ist der Entwicklungsschlüssel „" + DEV_MAIL_SECRET
						+ "“: bitte einen geheimen Schlüssel (mindestens 32 Zeichen) für die Abmeldelinks in Mails setzen.");
			}
		}
		for (String[] value : defaults) {
			if (!environment.containsProperty(value[0])
					&& Objects.equals(environment.getProperty(value[1]), value[2])) {
				problems.add(value[0] + " fehlt: ohne sie gälte die Entwicklungsvorgabe " + value[2] + ".");
			}
		}
		return problems;
	}

	/** The start refused, with every missing or development value. */
	static final class DevelopmentValues extends IllegalStateException {

		private final List<String> problems;

		DevelopmentValues(List<String> problems) {
			super("Production start refused: " + String.join(" ", problems));
			this.problems = List.copyOf(problems);
		}

		List<String> problems() {
			return this.problems;
		}

	}

	/** Prints the refusal as Spring Boot's "APPLICATION FAILED TO START" report. */
	static final class Analyzer extends AbstractFailureAnalyzer<DevelopmentValues> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentValues cause) {
			return new FailureAnalysis(
					"Das Forum startet ohne Profil „embedded“ im Produktionsbetrieb, aber diese Einstellungen haben "
							+ "Entwicklungswerte:\n  - " + String.join("\n  - ", cause.problems()),
					"Die genannten Umgebungsvariablen setzen (siehe README, Konfiguration (Produktion)), "
							+ "oder für die lokale Entwicklung mit --spring.profiles.active=embedded starten.",
					cause);
		}

	}

}
