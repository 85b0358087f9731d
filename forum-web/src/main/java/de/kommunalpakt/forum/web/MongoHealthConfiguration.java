package de.kommunalpakt.forum.web;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MongoDB part of {@code /actuator/health}. Boot's own check sends {@code hello} to
 * every database; the embedded stand-in does not know that command, so the forum reported
 * itself DOWN there. {@code ping} to the forum's database works against any MongoDB and
 * the stand-in alike.
 */
@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

	/** Named like Boot's check, which then steps back. */
	@Bean
	HealthIndicator mongoHealthIndicator(MongoDatabase forumDatabase) {
		return () -> {
			try {
				forumDatabase.runCommand(new Document("ping", 1));
				return Health.up().withDetail("database", forumDatabase.getName()).build();
			}
			catch (RuntimeException ex) {
				return Health.down(ex).build();
			}
		};
	}

}
