package de.kommunalpakt.forum.reusemodel.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Comparison, CSV, profile, edit rights, German validation and versions of reuse models.
 */
class ReuseModelPageTests extends WebTestSupport {

	static final ReuseLogins HESSEN = ReuseLogins.land(LandCode.HE);

	static final ReuseLogins NRW = ReuseLogins.land(LandCode.NW);

	static final ReuseLogins DARMSTADT = ReuseLogins.kommune("kommune-darmstadt", "Anna Becker", LandCode.HE);

	@Autowired
	ReuseModelService models;

	@Autowired
	EfaServiceCatalogue catalogue;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	MongoDatabase database;

	@BeforeEach
	void clean() {
		clean(this.database, this.catalogue);
		this.catalogue.save(ReuseLogins.admin().actor(),
				new EfaService(new EfaServiceId("ummeldung"), "Wohnsitzanmeldung", "Umzug", LandCode.HH, ""));
		this.organisations.save(new Organisation(new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE,
				"Wissenschaftsstadt Darmstadt", LandCode.HE, null));
	}

	/** No models, versions or services but Wohngeld (built by Schleswig-Holstein). */
	static void clean(MongoDatabase database, EfaServiceCatalogue catalogue) {
		ReuseLogins.clear(database);
		catalogue.save(ReuseLogins.admin().actor(),
				new EfaService(new EfaServiceId("wohngeld"), "Wohngeld", "Bauen & Wohnen", LandCode.SH, ""));
	}

	static EditReuseModel model(String name, String route, String payer, String status, List<String> services) {
		return new EditReuseModel(name, "ekom21; KGRZ \"Hessen\"", route, "", "Vertrag mit ekom21\nzweite Zeile", payer,
				"=SUMME(A1:A9)", payer, "Betrieb", "Beitritt\nAnbindung\nLivegang", "8 Wochen", "FIT-Connect", services,
				List.of("Servicestelle"), List.of("ekom21"), List.of("service@ekom21.example"), List.of(""),
				"2023-09-15", status, null);
	}

	@Test
	void comparisonShowsAllSixteenLaenderAndThoseWithoutAPublishedModel() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld")));
		this.models.save(NRW.actor(), LandCode.NW,
				model("Geheimer Entwurf", "IN_HOUSE", "KOMMUNE", "DRAFT", List.of("wohngeld")));
		this.mvc.perform(get("/modelle").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("16 Länder"), containsString("civento-Modell"),
					containsString("Inhouse über den IT-Dienstleister"),
					containsString("Noch kein veröffentlichtes Modell"), containsString("Rheinland-Pfalz"),
					not(containsString("Geheimer Entwurf")))));
		this.mvc.perform(get("/modelle").with(NRW.session()))
			.andExpect(content().string(containsString("Ein Entwurf Ihres Landes liegt vor.")));
	}

	@Test
	void filtersNarrowTheComparisonAndUnknownValuesAreIgnored() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld")));
		this.mvc.perform(get("/modelle?rechtsweg=IN_HOUSE&zahlt=LAND&status=PUBLISHED").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("1 Land"), containsString("civento-Modell"),
					not(containsString("Rheinland-Pfalz")))));
		this.mvc.perform(get("/modelle?status=NONE").with(DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("15 Länder"), not(containsString("civento-Modell")))));
		this.mvc.perform(get("/modelle?rechtsweg=%3Cscript%3E&zahlt=" + "x".repeat(5000)).with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("wurde nicht berücksichtigt"), containsString("16 Länder"),
					not(containsString("<script>")))));
	}

	@Test
	void csvIsUtf8WithBomSemicolonsAndQuotedCells() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				model("civento-Modell; Hessen", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld", "ummeldung")));
		MvcResult result = this.mvc.perform(get("/modelle.csv").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("text/csv")))
			.andExpect(header().string("Content-Disposition", containsString("nachnutzungsmodelle.csv")))
			.andReturn();
		byte[] bytes = result.getResponse().getContentAsByteArray();
		assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
		String csv = new String(bytes, StandardCharsets.UTF_8).substring(1);
		String[] lines = csv.split("\r\n(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
		assertThat(lines).hasSize(17);
		assertThat(lines[0]).startsWith("Land;Kürzel;Name des Modells;Status;");
		String hessen = lines[1 + LandCode.HE.ordinal()];
		assertThat(hessen)
			.startsWith("Hessen;HE;\"civento-Modell; Hessen\";veröffentlicht;\"ekom21; KGRZ \"\"Hessen\"\"\";")
			.contains("\"Vertrag mit ekom21\nzweite Zeile\"")
			.contains("'=SUMME(A1:A9)")
			.contains(";Wohngeld, Wohnsitzanmeldung;")
			.contains("\"1. Beitritt\n2. Anbindung\n3. Livegang\"")
			.endsWith(";15.09.2023");
		assertThat(lines[1 + LandCode.RP.ordinal()]).isEqualTo("Rheinland-Pfalz;RP;;kein veröffentlichtes Modell");
		this.mvc.perform(get("/modelle.csv?status=NONE").with(DARMSTADT.session()))
			.andExpect(content().string(not(containsString("civento"))));
	}

	@Test
	void onlyMembersOfTheLandAndAdministratorsMayEdit() throws Exception {
		this.mvc.perform(get("/modelle/he/bearbeiten").with(HESSEN.session())).andExpect(status().isOk());
		this.mvc.perform(get("/modelle/HE/bearbeiten").with(ReuseLogins.admin().session())).andExpect(status().isOk());
		this.mvc.perform(get("/modelle/he/bearbeiten").with(NRW.session()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(containsString("nur Mitglieder dieses Landes")));
		this.mvc.perform(get("/modelle/he/bearbeiten").with(DARMSTADT.session())).andExpect(status().isForbidden());
		this.mvc
			.perform(post("/modelle/he/bearbeiten").with(NRW.session())
				.with(csrf())
				.param("name", "Übernahme")
				.param("status", "DRAFT"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/modelle/he/bearbeiten").with(ReuseLogins.moderator().session())
				.with(csrf())
				.param("name", "Übernahme")
				.param("status", "DRAFT"))
			.andExpect(status().isForbidden());
		assertThat(this.models.findInForce(LandCode.HE)).isEmpty();
	}

	@Test
	void publishingAnIncompleteModelShowsEveryProblemInGerman() throws Exception {
		this.mvc
			.perform(post("/modelle/he/bearbeiten").with(HESSEN.session())
				.with(csrf())
				.param("name", "Modell Hessen")
				.param("status", "PUBLISHED")
				.param("contactName", "Nur ein Name")
				.param("contactEmail", "keine-adresse")
				.param("lastReview", "31.02.2023"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(allOf(containsString("Bitte nennen Sie den Betreiber oder Intermediär."),
					containsString("Bitte wählen Sie den Rechtsweg."),
					containsString("Bitte wählen Sie, wer die einmaligen Kosten trägt."),
					containsString("Bitte nennen Sie mindestens einen Schritt zum Beitritt."),
					containsString("Bitte prüfen Sie die E-Mail-Adressen der Ansprechpersonen"),
					containsString("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."),
					containsString("value=\"Modell Hessen\""), containsString("aria-invalid=\"true\""))));
		assertThat(this.models.find(HESSEN.actor(), LandCode.HE)).isEmpty();
	}

	@Test
	void editKeepsVersionsAndShowsTheFieldDiff() throws Exception {
		this.mvc
			.perform(post("/modelle/he/bearbeiten").with(HESSEN.session())
				.with(csrf())
				.param("name", "civento-Modell")
				.param("status", "DRAFT")
				.param("services", "wohngeld"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/modelle/he"));
		EditReuseModel full = model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED",
				List.of("wohngeld", "ummeldung"));
		this.mvc
			.perform(post("/modelle/he/bearbeiten").with(HESSEN.session())
				.with(csrf())
				.param("version", "1")
				.param("name", full.name())
				.param("operator", full.operator())
				.param("legalRoute", full.legalRoute())
				.param("toSign", full.toSign())
				.param("oneOffPayer", "LAND")
				.param("runningPayer", "SHARED")
				.param("onboardingSteps", full.onboardingSteps())
				.param("typicalDuration", full.typicalDuration())
				.param("services", "wohngeld", "ummeldung")
				.param("contactName", "Servicestelle", "")
				.param("contactRole", "ekom21", "")
				.param("contactEmail", "service@ekom21.example", "")
				.param("contactPhone", "", "")
				.param("lastReview", "15.09.2023")
				.param("status", "PUBLISHED"))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/modelle/he").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Version 2"), containsString("Wohnsitzanmeldung"),
					containsString("Fragen und Austausch zu diesem Modell"))));
		this.mvc.perform(get("/modelle/he/versionen").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Änderungen in Version 2"), containsString("hinzugefügt:"),
					containsString("Wohnsitzanmeldung"), containsString("Land und Kommune gemeinsam"),
					containsString("Redaktion Hessen"))));
		this.mvc.perform(get("/modelle/he/versionen?version=1").with(DARMSTADT.session()))
			.andExpect(content().string(containsString("Erste Version")));
		this.mvc.perform(get("/modelle/he/versionen?version=99").with(DARMSTADT.session()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/modelle/he/versionen?version=abc").with(DARMSTADT.session()))
			.andExpect(status().isBadRequest());
	}

	@Test
	void backToDraftIsRefusedWithAGermanMessage() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld")));
		this.mvc
			.perform(post("/modelle/he/bearbeiten").with(HESSEN.session())
				.with(csrf())
				.param("name", "civento-Modell")
				.param("status", "DRAFT"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("kann nicht zurück in den Entwurf")));
	}

	@Test
	void draftsAndUnknownLaenderStayHidden() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				model("Entwurf Hessen", "IN_HOUSE", "LAND", "DRAFT", List.of("wohngeld")));
		this.mvc.perform(get("/modelle/he").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("noch kein Nachnutzungsmodell veröffentlicht"),
					not(containsString("Entwurf Hessen")))));
		this.mvc.perform(get("/modelle/he").with(HESSEN.session()))
			.andExpect(content().string(containsString("Entwurf Hessen")));
		this.mvc.perform(get("/modelle/he/versionen").with(DARMSTADT.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/modelle/xx").with(DARMSTADT.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/modelle/" + "x".repeat(300)).with(DARMSTADT.session())).andExpect(status().isNotFound());
	}

	@Test
	void catalogueShowsThroughWhichLaenderAServiceIsAvailableAndAMunicipalityItsServices() throws Exception {
		this.models.save(HESSEN.actor(), LandCode.HE,
				model("civento-Modell", "IN_HOUSE", "LAND", "PUBLISHED", List.of("wohngeld")));
		this.mvc.perform(get("/leistungen").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Wohngeld"), containsString("Schleswig-Holstein"),
					containsString("href=\"/modelle/he\""), containsString("noch in keinem veröffentlichten Modell"),
					containsString("/kommunen/kommune-darmstadt/leistungen"))));
		this.mvc.perform(get("/kommunen/kommune-darmstadt/leistungen").with(NRW.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("EfA-Leistungen für Wissenschaftsstadt Darmstadt"),
					containsString("Wohngeld"), not(containsString("Wohnsitzanmeldung")))));
		this.mvc.perform(get("/kommunen/land-he/leistungen").with(NRW.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/kommunen/NICHT GUELTIG/leistungen").with(NRW.session()))
			.andExpect(status().isNotFound());
	}

}
