package de.kommunalpakt.forum.web;

import de.kommunalpakt.forum.shared.DatabaseProbe;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MongoDB part of {@code /actuator/health}. Boot's own check sends {@code hello} to
 * every database; the embedded stand-in does not know that command, so the forum reported
 * itself DOWN there. The forum's {@link DatabaseProbe} pings its database, which works
 * against any MongoDB and the stand-in alike.
 */
@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

	/** Named like Boot's check, which then steps back. */
	@Bean
	HealthIndicator mongoHealthIndicator(DatabaseProbe database) {
		return () -> {
			try {
				return Health.up().withDetail("database", database.ping()).build();
			}
			catch (RuntimeException ex) {
				return Health.down(ex).build();
			}
		};
	}

}
