package de.kommunalpakt.forum.reusemodel.web;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The reuse models in the API, with the checks of the pages: the comparison of the 16
 * Länder with its filters, one model, its versions; drafts only for their Land; German
 * problems for unknown filters, Länder and versions.
 */
class ReuseModelApiTests extends WebTestSupport {

	static final ReuseLogins HESSEN = ReuseModelPageTests.HESSEN;

	static final ReuseLogins NRW = ReuseModelPageTests.NRW;

	static final ReuseLogins DARMSTADT = ReuseModelPageTests.DARMSTADT;

	@Autowired
	ReuseModelService models;

	@Autowired
	EfaServiceCatalogue catalogue;

	@Autowired
	MongoDatabase database;

	@BeforeEach
	void clean() {
		ReuseModelPageTests.clean(this.database, this.catalogue);
	}

	@Test
	void theComparisonListsAllSixteenLaenderWithTheirModelInForceAndFilters() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				ReuseModelPageTests.model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld")));
		this.models.save(NRW.actor(), LandCode.NW,
				ReuseModelPageTests.model("Geheimer Entwurf", "IN_HOUSE", "KOMMUNE", "DRAFT", List.of("wohngeld")));

		this.mvc.perform(get("/api/v1/reuse-models").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(16)))
			.andExpect(jsonPath("$[6].land").value("HE"))
			.andExpect(jsonPath("$[6].landName").value("Hessen"))
			.andExpect(jsonPath("$[6].status").value("PUBLISHED"))
			.andExpect(jsonPath("$[6].model.profile.name").value("civento-Modell"))
			.andExpect(jsonPath("$[6].model.profile.legalRoute").value("IN_HOUSE"))
			.andExpect(jsonPath("$[6].model.profile.oneOffCost.payer").value("LAND"))
			.andExpect(jsonPath("$[6].model.profile.services[0].name").value("Wohngeld"))
			.andExpect(jsonPath("$[6].model.profile.contacts[0].email").value("service@ekom21.example"))
			.andExpect(jsonPath("$[6].model.htmlUrl").value("/modelle/he"))
			.andExpect(jsonPath("$[?(@.land == 'NW')].status").value("NONE"))
			.andExpect(jsonPath("$[?(@.land == 'NW')].draftVisible").value(false))
			.andExpect(jsonPath("$[?(@.land == 'NW')].model").value(org.hamcrest.Matchers.contains((Object) null)));
		// The Land's own editors learn that their draft exists, not more than the page.
		this.mvc.perform(get("/api/v1/reuse-models").with(NRW.bearer()))
			.andExpect(jsonPath("$[?(@.land == 'NW')].draftVisible").value(true));

		this.mvc
			.perform(get("/api/v1/reuse-models?legalRoute=in_house&payer=LAND&status=PUBLISHED")
				.with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(1)));
		this.mvc.perform(get("/api/v1/reuse-models?status=NONE").with(DARMSTADT.bearer()))
			.andExpect(jsonPath("$", hasSize(15)));
		this.mvc.perform(get("/api/v1/reuse-models?payer=Gemeinde").with(DARMSTADT.bearer()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Der Wert für „payer“ ist unbekannt."));
	}

	@Test
	void oneModelItsVersionsAndDraftsOnlyForTheirLand() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				ReuseModelPageTests.model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld")));
		this.models.save(HESSEN.actor(), LandCode.HE, ReuseModelPageTests.model("civento-Modell 2027", "IN_HOUSE",
				"SHARED", "PUBLISHED", List.of("wohngeld")));
		this.models.save(NRW.actor(), LandCode.NW,
				ReuseModelPageTests.model("Geheimer Entwurf", "IN_HOUSE", "KOMMUNE", "DRAFT", List.of("wohngeld")));

		this.mvc.perform(get("/api/v1/reuse-models/he").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.version").value(2))
			.andExpect(jsonPath("$.profile.name").value("civento-Modell 2027"))
			.andExpect(jsonPath("$.profile.runningCost.payer").value("SHARED"))
			.andExpect(jsonPath("$.profile.onboardingSteps", hasSize(3)))
			.andExpect(jsonPath("$.profile.lastReview").value("2023-09-15"));
		this.mvc.perform(get("/api/v1/reuse-models/HE/versions").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$", hasSize(2)))
			.andExpect(jsonPath("$[0].number").value(2))
			.andExpect(jsonPath("$[0].changedFields").isNotEmpty())
			.andExpect(jsonPath("$[0].profile").doesNotExist())
			// Left out, not sent as null (doesNotExist above passes for both).
			.andExpect(content().string(not(containsString("\"profile\""))));
		this.mvc.perform(get("/api/v1/reuse-models/he/versions/1").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.profile.name").value("civento-Modell"));
		this.mvc.perform(get("/api/v1/reuse-models/he/versions/3").with(DARMSTADT.bearer()))
			.andExpect(status().isNotFound());

		this.mvc.perform(get("/api/v1/reuse-models/nw").with(DARMSTADT.bearer())).andExpect(status().isNotFound());
		this.mvc.perform(get("/api/v1/reuse-models/nw/versions").with(DARMSTADT.bearer()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/v1/reuse-models/nw").with(NRW.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"))
			.andExpect(jsonPath("$.profile.name").value("Geheimer Entwurf"));
		this.mvc.perform(get("/api/v1/reuse-models/xx").with(DARMSTADT.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").isNotEmpty());
	}

}
