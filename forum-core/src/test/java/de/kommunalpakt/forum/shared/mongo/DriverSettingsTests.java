package de.kommunalpakt.forum.shared.mongo;

import java.time.Duration;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

import static org.assertj.core.api.Assertions.assertThat;

class DriverSettingsTests {

	private final CoreProperties properties = new CoreProperties("forum", Duration.ofDays(14), Duration.ofSeconds(3),
			Duration.ofSeconds(2), Duration.ofSeconds(15));

	@Test
	void writesWaitForTheJournalUnlessTheConnectionStringSaysOtherwise() {
		assertThat(settings("mongodb://localhost/forum").getWriteConcern()).isEqualTo(WriteConcern.JOURNALED);
		assertThat(settings("mongodb://localhost/forum?w=majority").getWriteConcern().getWString())
			.isEqualTo("majority");
	}

	private MongoClientSettings settings(String uri) {
		ConnectionString connection = new ConnectionString(uri);
		MongoConnectionDetails details = () -> connection;
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("details", details);
		ObjectProvider<MongoConnectionDetails> provider = beans.getBeanProvider(MongoConnectionDetails.class);
		MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(connection);
		new ForumCoreConfiguration().forumDriverTimeouts(this.properties, provider).customize(builder);
		return builder.build();
	}

}
