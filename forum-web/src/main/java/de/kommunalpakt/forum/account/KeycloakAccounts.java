package de.kommunalpakt.forum.account;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import de.kommunalpakt.forum.member.MemberId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keycloak's admin REST API, as far as the deletion of an account needs it: a token by
 * client credentials (the service account needs {@code manage-users} of
 * {@code realm-management}), then {@code DELETE /admin/realms/{realm}/users/{id}}. The
 * subject of the forum's tokens is Keycloak's user id.
 */
@Component
public class KeycloakAccounts {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final IdentityAdminProperties properties;

	private final String issuer;

	private final ObjectMapper json = new ObjectMapper();

	KeycloakAccounts(IdentityAdminProperties properties, @Value("${forum.auth.issuer-uri}") String issuer) {
		this.properties = properties;
		this.issuer = issuer.replaceAll("/+$", "");
	}

	/**
	 * Deletes the user in Keycloak, with their name, e-mail address, attributes,
	 * credentials and sessions (Keycloak ends a deleted user's sessions and offline
	 * tokens). A user Keycloak does not know counts as deleted, so the step is safe to
	 * repeat.
	 * @throws IdentityProviderUnavailable when Keycloak cannot be reached or refuses
	 */
	public void delete(MemberId member) {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
			String token = token(client);
			String user = adminBase() + "/users/" + URLEncoder.encode(member.value(), StandardCharsets.UTF_8);
			HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(URI.create(user))
				.timeout(TIMEOUT)
				.header("Authorization", "Bearer " + token)
				.DELETE()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (deleted.statusCode() != 404 && deleted.statusCode() / 100 != 2) {
				throw new IdentityProviderUnavailable(
						"Keycloak refused to delete the user: HTTP " + deleted.statusCode());
			}
		}
		catch (IOException ex) {
			throw new IdentityProviderUnavailable("Keycloak unreachable: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IdentityProviderUnavailable("interrupted");
		}
	}

	private String token(HttpClient client) throws IOException, InterruptedException {
		String form = "grant_type=client_credentials&client_id="
				+ URLEncoder.encode(this.properties.clientId(), StandardCharsets.UTF_8) + "&client_secret="
				+ URLEncoder.encode(this.properties.clientSecret(), StandardCharsets.UTF_8);
		HttpResponse<String> response = client
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/protocol/openid-connect/token"))
				.timeout(TIMEOUT)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IdentityProviderUnavailable("no admin token: HTTP " + response.statusCode());
		}
		JsonNode body = this.json.readTree(response.body());
		return body.path("access_token").asText();
	}

	/** {@code https://host/realms/x} becomes {@code https://host/admin/realms/x}. */
	String adminBase() {
		int realms = this.issuer.lastIndexOf("/realms/");
		return this.issuer.substring(0, realms) + "/admin" + this.issuer.substring(realms);
	}

	/** Keycloak could not be reached or refused the change. */
	public static class IdentityProviderUnavailable extends RuntimeException {

		IdentityProviderUnavailable(String message) {
			super(message);
		}

	}

}
