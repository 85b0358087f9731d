package de.kommunalpakt.forum.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.mongodb.client.MongoDatabase;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.security.ActorMapper;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Signed-in members of any Land or kind for the reuse features' MockMvc tests, with the
 * same claims Keycloak's tokens carry.
 */
public record ReuseLogins(Map<String, Object> claims) {

	/** The collections of the reuse features, emptied before each test that uses them. */
	public static final List<String> COLLECTIONS = List.of("reuse_models", "reuse_model_versions", "efa_services",
			"pilot_applications", "report_rounds", "land_reports");

	public static ReuseLogins land(LandCode land) {
		String code = land.name().toLowerCase(Locale.ROOT);
		return of("sub-land-" + code, "land-" + code, "Redaktion " + land.displayName(), "land-" + code, "LAND",
				land.name());
	}

	public static ReuseLogins kommune(String id, String name, LandCode land) {
		return of("sub-" + id, id, name + " (Mitglied)", id, "KOMMUNE", land.name());
	}

	public static ReuseLogins admin() {
		return of("sub-bmi", "bmi", "Claudia Hoffmann", "bund-bmi", "BUND", null, "forum-moderator", "forum-admin");
	}

	public static ReuseLogins kspv() {
		return of("sub-dst", "dst", "Henrik Bauer", "kspv-dst", "KSPV", null);
	}

	public static ReuseLogins moderator() {
		return of("sub-dstgb", "dstgb", "Martin Krüger", "kspv-dstgb", "KSPV", null, "forum-moderator");
	}

	public static ReuseLogins fitko() {
		return of("sub-fitko", "fitko", "Sabine Neumann", "fitko", "FITKO", null);
	}

	public static ReuseLogins of(String sub, String username, String name, String organisation, String kind,
			String land, String... roles) {
		Map<String, Object> c = new HashMap<>();
		c.put("sub", sub);
		c.put("preferred_username", username);
		c.put("name", name);
		c.put("organisation_id", organisation);
		c.put("organisation_kind", kind);
		if (land != null) {
			c.put("land", land);
		}
		List<String> all = new ArrayList<>(List.of("forum-member"));
		all.addAll(List.of(roles));
		c.put("realm_access", Map.of("roles", all));
		return new ReuseLogins(Map.copyOf(c));
	}

	public RequestPostProcessor session() {
		return SecurityMockMvcRequestPostProcessors.oidcLogin()
			.idToken((token) -> token.claims((c) -> c.putAll(this.claims)));
	}

	/** The same claims as an API token. */
	public RequestPostProcessor bearer() {
		return SecurityMockMvcRequestPostProcessors.jwt().jwt((jwt) -> jwt.claims((c) -> c.putAll(this.claims)));
	}

	public Actor actor() {
		return ActorMapper.fromClaims(this.claims);
	}

	/**
	 * A model with everything a model in force needs (a draft without review date), run
	 * by this operator.
	 */
	public static EditReuseModel model(String name, String operator, String status) {
		return new EditReuseModel(name, operator, "IN_HOUSE", "", "Beitrittserklärung", "LAND", "", "LAND", "",
				"Beitritt\nAnbindung", "8 Wochen", "FIT-Connect", List.of(), List.of("Servicestelle"), List.of("Land"),
				List.of("service@land.example"), List.of(""), "DRAFT".equals(status) ? "" : "2026-09-15", status, null);
	}

	/**
	 * Hessen's published model in two versions (the operator changed), a draft of
	 * Schleswig-Holstein ("Entwurf aus Kiel") and the published model of NRW
	 * ("Rahmenvertrag d-NRW").
	 */
	public static void saveModels(ReuseModelService models) {
		models.save(land(LandCode.HE).actor(), LandCode.HE, model("civento-Modell", "ekom21", "PUBLISHED"));
		models.save(land(LandCode.HE).actor(), LandCode.HE, model("civento-Modell", "ekom21 und KGRZ", "PUBLISHED"));
		models.save(land(LandCode.SH).actor(), LandCode.SH, model("Entwurf aus Kiel", "ITVSH", "DRAFT"));
		models.save(land(LandCode.NW).actor(), LandCode.NW, model("Rahmenvertrag d-NRW", "d-NRW", "PUBLISHED"));
	}

	public static void clear(MongoDatabase database) {
		COLLECTIONS.forEach((c) -> database.getCollection(c).drop());
	}

}
