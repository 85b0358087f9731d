package de.kommunalpakt.forum.shared.mongo;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import de.kommunalpakt.forum.shared.DatabaseProbe;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database of the forum on Boot's auto-configured client, a clock and the renderer.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoreProperties.class)
public class ForumCoreConfiguration {

	/**
	 * The driver's timeouts from {@link CoreProperties} and the journaled write concern,
	 * unless the connection string sets them itself ({@code serverSelectionTimeoutMS},
	 * {@code connectTimeoutMS}, {@code socketTimeoutMS}, {@code w}/{@code journal}).
	 */
	@Bean
	MongoClientSettingsBuilderCustomizer forumDriverTimeouts(CoreProperties properties,
			ObjectProvider<MongoConnectionDetails> details) {
		ConnectionString uri = details.stream()
			.findFirst()
			.map(MongoConnectionDetails::getConnectionString)
			.orElse(null);
		return (settings) -> {
			// Acknowledged means on disk (MongoDB's journal), unless the connection
			// string
			// says otherwise; DeferredDurability relies on the last write of an action
			// waiting for the journal.
			if (uri == null || uri.getWriteConcern() == null) {
				settings.writeConcern(WriteConcern.JOURNALED);
			}
			if (uri == null || uri.getServerSelectionTimeout() == null) {
				settings.applyToClusterSettings((cluster) -> cluster
					.serverSelectionTimeout(properties.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
			}
			settings.applyToSocketSettings((socket) -> {
				if (uri == null || uri.getConnectTimeout() == null) {
					socket.connectTimeout((int) properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
				}
				if (uri == null || uri.getSocketTimeout() == null) {
					socket.readTimeout((int) properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
				}
			});
		};
	}

	@Bean
	MongoDatabase forumDatabase(MongoClient client, CoreProperties properties) {
		return client.getDatabase(properties.database());
	}

	/**
	 * {@code ping}, which every MongoDB and the embedded stand-in know (unlike
	 * {@code hello}, which Boot's own health check sends).
	 */
	@Bean
	DatabaseProbe databaseProbe(MongoDatabase forumDatabase) {
		return () -> {
			forumDatabase.runCommand(new Document("ping", 1));
			return forumDatabase.getName();
		};
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	MarkdownRenderer markdownRenderer() {
		return new MarkdownRenderer();
	}

}
