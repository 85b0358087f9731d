package de.kommunalpakt.forum.security;

import java.time.Duration;

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
 * @param sessionMaxLifespan longest a forum session lives after the login, however active
 * (at most Keycloak's {@code ssoSessionMaxLifespan}, 10 h in the realm file); the idle
 * limit is {@code server.servlet.session.timeout}, at most Keycloak's
 * {@code ssoSessionIdleTimeout}
 */
@Validated
@ConfigurationProperties("forum.auth")
public record AuthProperties(@NotBlank String issuerUri, @NotBlank @DefaultValue("forum-web") String clientId,
		@NotBlank @DefaultValue(ProductionSettings.DEV_CLIENT_SECRET) String clientSecret,
		@DefaultValue("10h") Duration sessionMaxLifespan) {

	/**
	 * Keycloak's endpoint paths below the issuer (also what its discovery document
	 * lists).
	 */
	String endpoint(String path) {
		return this.issuerUri + "/protocol/openid-connect/" + path;
	}

	/** Scheme, host and port of the issuer, for the CSP's form-action. */
	String issuerOrigin() {
		java.net.URI uri = java.net.URI.create(this.issuerUri);
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
	}

}
