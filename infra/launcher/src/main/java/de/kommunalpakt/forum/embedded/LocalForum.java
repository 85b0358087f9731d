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

	private LocalForum() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ForumApplication.class);
		application.setAdditionalProfiles(PROFILE);
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
