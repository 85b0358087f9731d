package de.kommunalpakt.forum.support;

import java.util.List;
import java.util.Map;

import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Signed-in members for MockMvc: the same claims Keycloak's tokens carry (see
 * infra/keycloak), as an OIDC session for pages or a bearer JWT for the API.
 */
public enum Members {

	DARMSTADT("sub-darmstadt", "darmstadt", "Anna Becker", "kommune-darmstadt", "KOMMUNE", "HE"),
	KOELN("sub-koeln", "koeln", "Jonas Weber", "kommune-koeln", "KOMMUNE", "NW"),
	HESSEN("sub-hessen", "hessen", "Petra Schulz", "land-he", "LAND", "HE"),
	DSTGB("sub-dstgb", "dstgb", "Martin Krüger", "kspv-dstgb", "KSPV", null, "forum-moderator"),
	ADMIN("sub-bmi", "bmi", "Claudia Hoffmann", "bund-bmi", "BUND", null, "forum-moderator", "forum-admin"),
	NO_ORGANISATION("sub-x", "x", "Ohne Organisation", null, null, null),
	/** Only for rate-limit tests, which use up its buckets. */
	SCRIPT("sub-skript", "skript", "Sebastian Skript", "kommune-darmstadt", "KOMMUNE", "HE"),
	/** Only for rate-limit tests of the page forms. */
	HURRIED("sub-eilig", "eilig", "Eva Eilig", "kommune-koeln", "KOMMUNE", "NW");

	private final Map<String, Object> claims;

	Members(String sub, String username, String name, String organisation, String kind, String land, String... roles) {
		var c = new java.util.HashMap<String, Object>();
		c.put("sub", sub);
		c.put("preferred_username", username);
		c.put("name", name);
		if (organisation != null) {
			c.put("organisation_id", organisation);
			c.put("organisation_kind", kind);
		}
		if (land != null) {
			c.put("land", land);
		}
		List<String> all = new java.util.ArrayList<>(List.of("forum-member"));
		all.addAll(List.of(roles));
		c.put("realm_access", Map.of("roles", all));
		this.claims = Map.copyOf(c);
	}

	public Map<String, Object> claims() {
		return this.claims;
	}

	/** A browser session after the OIDC login. */
	public RequestPostProcessor session() {
		return SecurityMockMvcRequestPostProcessors.oidcLogin()
			.idToken((token) -> token.claims((c) -> c.putAll(this.claims)));
	}

	/** A bearer token for the API. */
	public RequestPostProcessor bearer() {
		return SecurityMockMvcRequestPostProcessors.jwt().jwt((jwt) -> jwt.claims((c) -> c.putAll(this.claims)));
	}

}
