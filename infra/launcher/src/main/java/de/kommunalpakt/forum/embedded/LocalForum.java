package de.kommunalpakt.forum.embedded;

import de.kommunalpakt.forum.ForumApplication;
import org.springframework.boot.SpringApplication;

/**
 * The local forum of {@code ./forum start}: the production application with the
 * {@code embedded} profile, and before it the services it needs (MongoDB stand-in,
 * Elasticsearch, Keycloak; {@link EmbeddedStack}). In the spirit of Spring Boot's
 * {@code SpringApplication.from(...).with(...)} test applications, but a jar of its own,
 * so that none of it is in forum-web.jar.
 */
public final class LocalForum {

	/** The profile of the local stack (demo content, development defaults). */
	public static final String PROFILE = "embedded";

	/** Port of /actuator (health, probes, Prometheus metrics) in the local stack. */
	public static final String MANAGEMENT_PORT = "8081";

	private LocalForum() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ForumApplication.class);
		application.setAdditionalProfiles(PROFILE);
		// Metrics and probes on a port of their own, as in a data centre (a command line
		// --management.server.port= outranks it; the drill picks free ports).
		application.setDefaultProperties(java.util.Map.of("management.server.port", MANAGEMENT_PORT));
		EmbeddedStack.startFor(application, args);
		try {
			application.run(args);
		}
		catch (RuntimeException ex) {
			// The embedded stack's servers keep the JVM alive: a failed start must still
			// end it.
			System.exit(1);
		}
	}

}
