package de.kommunalpakt.forum.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * How the forum finds its identity provider.
 *
 * @param issuerUri issuer of the realm, e.g.
 * {@code https://login.example/realms/kommunalpakt}
 * @param clientId OIDC client of the forum (also the audience API tokens must carry)
 * @param clientSecret secret of that client
 */
@Validated
@ConfigurationProperties("forum.auth")
public record AuthProperties(@NotBlank String issuerUri, @NotBlank @DefaultValue("forum-web") String clientId,
		@NotBlank @DefaultValue("dev-secret-change-me") String clientSecret) {

	/**
	 * Keycloak's endpoint paths below the issuer (also what its discovery document
	 * lists).
	 */
	String endpoint(String path) {
		return this.issuerUri + "/protocol/openid-connect/" + path;
	}

}
