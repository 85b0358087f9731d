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
 * client credentials, then {@code PUT /admin/realms/{realm}/users/{id}} with
 * {@code enabled: false} and {@code POST …/users/{id}/logout}. The subject of the forum's
 * tokens is Keycloak's user id.
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
	 * Disables the account and ends its Keycloak sessions; an account Keycloak does not
	 * know counts as disabled.
	 * @throws IdentityProviderUnavailable when Keycloak cannot be reached or refuses
	 */
	public void disable(MemberId member) {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
			String token = token(client);
			String user = adminBase() + "/users/" + URLEncoder.encode(member.value(), StandardCharsets.UTF_8);
			HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(user))
				.timeout(TIMEOUT)
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (put.statusCode() == 404) {
				return;
			}
			if (put.statusCode() / 100 != 2) {
				throw new IdentityProviderUnavailable("Keycloak refused to disable the user: HTTP " + put.statusCode());
			}
			HttpResponse<String> logout = client.send(HttpRequest.newBuilder(URI.create(user + "/logout"))
				.timeout(TIMEOUT)
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			if (logout.statusCode() / 100 != 2 && logout.statusCode() != 404) {
				throw new IdentityProviderUnavailable("Keycloak refused the logout: HTTP " + logout.statusCode());
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
