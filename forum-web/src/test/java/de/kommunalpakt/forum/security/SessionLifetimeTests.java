package de.kommunalpakt.forum.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forum's session never outlives Keycloak's: idle and absolute limits of
 * application.yml against the realm file, and the realm asks for back-channel logout.
 */
class SessionLifetimeTests {

	@Test
	void forumSessionLimitsStayWithinTheRealms() throws Exception {
		JsonNode realm = new ObjectMapper()
			.readTree(Files.readString(Path.of("../infra/keycloak/kommunalpakt-realm.json")));
		var yaml = new YamlPropertySourceLoader().load("app", new ClassPathResource("application.yml")).get(0);
		Duration idle = DurationStyle.detectAndParse(yaml.getProperty("server.servlet.session.timeout").toString());
		String max = yaml.getProperty("forum.auth.session-max-lifespan").toString();
		Duration lifespan = DurationStyle.detectAndParse(max.replaceAll("^\\$\\{[A-Z_]+:(.*)}$", "$1"));
		assertThat(idle).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(realm.get("ssoSessionIdleTimeout").asLong()));
		assertThat(lifespan).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(realm.get("ssoSessionMaxLifespan").asLong()));
		JsonNode client = realm.get("clients").get(0);
		assertThat(client.get("clientId").asText()).isEqualTo("forum-web");
		assertThat(client.get("attributes").get("backchannel.logout.url").asText())
			.endsWith("/logout/connect/back-channel/keycloak");
		assertThat(client.get("frontchannelLogout").asBoolean()).isFalse();
	}

}
