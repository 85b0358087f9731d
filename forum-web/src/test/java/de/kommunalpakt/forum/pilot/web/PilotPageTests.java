package de.kommunalpakt.forum.pilot.web;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.PilotStatus;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** First Movers: the municipality's form, the KSpV board, rights and German messages. */
class PilotPageTests extends WebTestSupport {

	static final ReuseLogins DARMSTADT = ReuseLogins.kommune("kommune-darmstadt", "Anna Becker", LandCode.HE);

	static final ReuseLogins KOELN = ReuseLogins.kommune("kommune-koeln", "Jonas Weber", LandCode.NW);

	static final String ID = "kommune-darmstadt.leistung-wohngeld";

	@Autowired
	EfaServiceCatalogue catalogue;

	@Autowired
	PilotService pilots;

	@Autowired
	MongoDatabase database;

	@BeforeEach
	void clean() {
		ReuseLogins.clear(this.database);
		this.catalogue.save(ReuseLogins.admin().actor(),
				new EfaService(new EfaServiceId("wohngeld"), "Wohngeld", "Bauen & Wohnen", LandCode.SH, ""));
	}

	private void submit() throws Exception {
		this.mvc
			.perform(post("/pilot/neu").with(DARMSTADT.session())
				.with(csrf())
				.param("subject", "leistung-wohngeld")
				.param("reasons", "Viele Anträge, modernes Fachverfahren.")
				.param("resources", "Zwei Personen für drei Monate.")
				.param("contactName", "Anna Becker")
				.param("contactEmail", "anna.becker@darmstadt.example"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/pilot/" + ID));
	}

	@Test
	void municipalitySubmitsAndSeesItsApplicationWithStatus() throws Exception {
		this.mvc.perform(get("/pilot/neu").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(allOf(containsString("Wohngeld"), containsString("value=\"Anna Becker (Mitglied)\""))));
		submit();
		this.mvc.perform(get("/pilot/" + ID).with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("eingereicht"), containsString("Zwei Personen"))));
		this.mvc.perform(get("/pilot").with(DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("Wohngeld"), containsString("Interesse bekunden"))));
	}

	@Test
	void requiredFieldsAreNamedInGermanAndNothingIsStored() throws Exception {
		this.mvc
			.perform(post("/pilot/neu").with(DARMSTADT.session())
				.with(csrf())
				.param("subject", "")
				.param("reasons", "  ")
				.param("contactEmail", "keine"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(allOf(containsString("Bitte wählen Sie eine Leistung oder ein Modell."),
					containsString("Bitte begründen Sie Ihr Interesse."),
					containsString("Bitte beschreiben Sie, welche Ressourcen Ihre Kommune einbringt."),
					containsString("Bitte nennen Sie eine Ansprechperson."),
					containsString("Bitte geben Sie eine gültige E-Mail-Adresse an"))));
		assertThat(this.pilots.overview().total().interested()).isZero();
	}

	@Test
	void secondApplicationForTheSameSubjectIsRefusedWithALink() throws Exception {
		submit();
		this.mvc
			.perform(post("/pilot/neu").with(DARMSTADT.session())
				.with(csrf())
				.param("subject", "leistung-wohngeld")
				.param("reasons", "Noch einmal")
				.param("resources", "dieselben")
				.param("contactName", "Anna Becker")
				.param("contactEmail", "anna.becker@darmstadt.example"))
			.andExpect(status().isConflict())
			.andExpect(content().string(
					allOf(containsString("bereits Interesse bekundet"), containsString("href=\"/pilot/" + ID + "\""))));
	}

	@Test
	void onlyMunicipalitiesApplyAndOnlyKspvAndModerationReview() throws Exception {
		this.mvc.perform(get("/pilot/neu").with(ReuseLogins.land(LandCode.HE).session()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(containsString("nur Mitglieder einer Kommune")));
		submit();
		this.mvc.perform(get("/pilot/board").with(DARMSTADT.session())).andExpect(status().isForbidden());
		this.mvc.perform(get("/pilot/board").with(ReuseLogins.kspv().session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("<span class=\"board__contact\">Anna Becker</span>"),
					containsString("in Prüfung"))));
		this.mvc
			.perform(post("/pilot/" + ID + "/status").with(DARMSTADT.session())
				.with(csrf())
				.param("status", "SELECTED")
				.param("note", "Wir wählen uns selbst."))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/pilot/" + ID).with(KOELN.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/pilot/" + ID).with(ReuseLogins.land(LandCode.HE).session())).andExpect(status().isOk());
	}

	@Test
	void reviewMovesStepByStepWithGermanRefusals() throws Exception {
		submit();
		this.mvc
			.perform(post("/pilot/" + ID + "/status").with(ReuseLogins.kspv().session())
				.with(csrf())
				.param("status", "SELECTED")
				.param("note", "Sofort ausgewählt"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("erst geprüft, dann entschieden")));
		this.mvc
			.perform(post("/pilot/" + ID + "/status").with(ReuseLogins.kspv().session())
				.with(csrf())
				.param("status", "IN_REVIEW")
				.param("back", "board"))
			.andExpect(redirectedUrl("/pilot/board"));
		this.mvc
			.perform(post("/pilot/" + ID + "/status").with(ReuseLogins.moderator().session())
				.with(csrf())
				.param("status", "NOT_SELECTED")
				.param("note", " "))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Bitte begründen Sie die Entscheidung")));
		this.mvc
			.perform(post("/pilot/" + ID + "/status").with(ReuseLogins.moderator().session())
				.with(csrf())
				.param("status", "SELECTED")
				.param("note", "Passt zum Zeitplan."))
			.andExpect(redirectedUrl("/pilot/" + ID));
		assertThat(this.pilots.find(ID).status()).isEqualTo(PilotStatus.SELECTED);
		this.mvc.perform(get("/pilot/" + ID).with(DARMSTADT.session()))
			.andExpect(
					content().string(allOf(containsString("ausgewählt"), containsString("Notiz: Passt zum Zeitplan."),
							containsString("Martin Krüger"), not(containsString("Status ändern")))));
		this.mvc.perform(get("/pilot").with(KOELN.session()))
			.andExpect(content().string(allOf(not(containsString("Anna Becker")), containsString("Wohngeld"))));
		// The municipality is notified of each step and the notification opens the
		// application.
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.untilAsserted(() -> this.mvc.perform(get("/benachrichtigungen").with(DARMSTADT.session()))
				.andExpect(content().string(allOf(containsString("auf „ausgewählt“ gesetzt"),
						containsString("auf „in Prüfung“ gesetzt")))));
		String page = this.mvc.perform(get("/benachrichtigungen").with(DARMSTADT.session()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(/benachrichtigungen/[^\"]+/oeffnen)\"")
			.matcher(page);
		assertThat(link.find()).as("a link that opens the notification").isTrue();
		this.mvc.perform(get(link.group(1)).with(DARMSTADT.session())).andExpect(redirectedUrl("/pilot/" + ID));
	}

}
