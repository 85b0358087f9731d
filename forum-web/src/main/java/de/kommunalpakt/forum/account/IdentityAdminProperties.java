package de.kommunalpakt.forum.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * The service account with which the forum deletes a deleted member's user in Keycloak
 * (client credentials; the client's service account holds the {@code realm-management}
 * role {@code manage-users}, see infra/keycloak).
 *
 * @param clientId the service-account client
 * @param clientSecret its secret ({@code FORUM_KEYCLOAK_ADMIN_CLIENT_SECRET})
 */
@Validated
@ConfigurationProperties("forum.account.identity-admin")
public record IdentityAdminProperties(@NotBlank @DefaultValue("forum-account-admin") String clientId,
		@NotBlank @DefaultValue(IdentityAdminProperties.DEV_SECRET) String clientSecret) {

	/** The development secret of the embedded realm. */
	public static final String DEV_SECRET = "dev-admin-secret-change-me";

}
