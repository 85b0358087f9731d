package de.kommunalpakt.forum.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import de.kommunalpakt.forum.ForumApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A production start (no embedded profile) refuses development values, by name. */
@ExtendWith(OutputCaptureExtension.class)
class ProductionSettingsTests {

	@Test
	void productionStartWithTheDevelopmentSecretStopsNamingTheVariable(CapturedOutput output) {
		SpringApplication application = new SpringApplication(ForumApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Only the application's own configuration: the test classpath's
		// application.properties adds the "test" profile, which a production start lacks.
		assertThatThrownBy(() -> application.run("--spring.config.location=classpath:/application.yml",
				"--spring.main.banner-mode=off", "--forum.auth.client-secret=dev-secret-change-me",
				"--spring.mongodb.uri=mongodb://127.0.0.1:9/forum"))
			.isInstanceOf(ProductionSettings.DevelopmentValues.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("FORUM_OIDC_CLIENT_SECRET ist das Entwicklungsgeheimnis")
			.contains("FORUM_OIDC_ISSUER fehlt")
			.contains("FORUM_KEYCLOAK_ADMIN_CLIENT_SECRET fehlt oder ist das Entwicklungsgeheimnis")
			.contains("FORUM_ELASTICSEARCH_URIS fehlt")
			.doesNotContain("FORUM_MONGODB_URI fehlt");
	}

	@Test
	void missingSecretIsNamedAndSetValuesPass() {
		MockEnvironment production = new MockEnvironment().withProperty("forum.auth.client-secret", "")
			.withProperty("forum.auth.issuer-uri", "https://login.example/realms/kommunalpakt")
			.withProperty("spring.mongodb.uri", "mongodb://db1,db2,db3/forum?replicaSet=rs0")
			.withProperty("forum.search.uris", "https://es.example:9200");
		assertThat(ProductionSettings.check(production)).singleElement()
			.asString()
			.startsWith("FORUM_OIDC_CLIENT_SECRET fehlt");
		production.setProperty("forum.auth.client-secret", "ein-echtes-geheimnis");
		assertThat(ProductionSettings.check(production)).isEmpty();
		// Set as a variable, even the local address is a decision, not a default.
		production.setProperty("FORUM_ELASTICSEARCH_URIS", "http://localhost:9200");
		production.setProperty("forum.search.uris", "http://localhost:9200");
		assertThat(ProductionSettings.check(production)).isEmpty();
	}

	@Test
	void mailNeedsItsRelayAddressAndKeyUnlessSwitchedOff() {
		MockEnvironment production = new MockEnvironment().withProperty("forum.auth.client-secret", "geheim")
			.withProperty("spring.mail.host", "localhost")
			.withProperty("forum.mail.base-url", "http://localhost:8080")
			.withProperty("forum.mail.secret", "dev-mail-secret-change-me");
		assertThat(ProductionSettings.check(production)).hasSize(3)
			.anySatisfy((p) -> assertThat(p).startsWith("FORUM_MAIL_SECRET ist der Entwicklungsschlüssel"))
			.anySatisfy((p) -> assertThat(p).startsWith("FORUM_MAIL_HOST fehlt"))
			.anySatisfy((p) -> assertThat(p).startsWith("FORUM_BASE_URL fehlt"));
		production.setProperty("forum.mail.enabled", "false");
		assertThat(ProductionSettings.check(production)).isEmpty();
		production.setProperty("forum.mail.enabled", "true");
		production.setProperty("FORUM_MAIL_HOST", "localhost");
		production.setProperty("FORUM_BASE_URL", "https://forum.example");
		production.setProperty("forum.mail.base-url", "https://forum.example");
		production.setProperty("forum.mail.secret", "ein-langer-geheimer-schluessel-fuer-mails");
		assertThat(ProductionSettings.check(production)).isEmpty();
	}

	@Test
	void developmentProfilesMayUseDevelopmentValues() {
		MockEnvironment embedded = new MockEnvironment().withProperty("forum.auth.client-secret",
				"dev-secret-change-me");
		embedded.setActiveProfiles("embedded");
		assertThat(ProductionSettings.check(embedded)).isEmpty();
		embedded.setActiveProfiles("bench");
		assertThat(ProductionSettings.check(embedded)).isEmpty();
		embedded.setActiveProfiles("production");
		assertThat(ProductionSettings.check(embedded)).isNotEmpty();
	}

}
