package de.kommunalpakt.forum;

import java.util.Arrays;

import de.kommunalpakt.forum.embedded.EmbeddedStack;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Forum Kommunalpakt: pages, REST API and live updates on forum-core and forum-search.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ForumApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ForumApplication.class);
		if (Arrays.stream(args).anyMatch((a) -> a.startsWith("--spring.profiles.active=") && a.contains("embedded"))) {
			// One command runs everything: MongoDB stand-in, Elasticsearch and Keycloak
			// start with the app.
			EmbeddedStack.startFor(application, args);
		}
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
