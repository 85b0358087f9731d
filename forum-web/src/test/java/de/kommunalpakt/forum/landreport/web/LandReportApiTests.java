package de.kommunalpakt.forum.landreport.web;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Reporting rounds and Kurzberichte in the API, with the checks of the pages: submitted
 * reports for every member, a draft only for its Land.
 */
class LandReportApiTests extends WebTestSupport {

	static final ReuseLogins HESSEN = LandReportPageTests.HESSEN;

	static final ReuseLogins NRW = LandReportPageTests.NRW;

	static final ReuseLogins DARMSTADT = LandReportPageTests.DARMSTADT;

	@Autowired
	LandReportService reports;

	@Autowired
	MongoDatabase database;

	@BeforeEach
	void rounds() {
		LandReportPageTests.openRounds(this.reports, this.database);
	}

	@Test
	void roundsTheBoardOfSixteenLaenderAndReportsAsThePagesShowThem() throws Exception {
		this.reports.save(HESSEN.actor(), this.reports.round("laufend"), LandCode.HE,
				new EditLandReport("Rahmenvertrag ekom21\nFörderprogramm", "Kreis-Koordination", "", "", null), false);
		this.reports.save(NRW.actor(), this.reports.round("laufend"), LandCode.NW,
				new EditLandReport("148 Rahmenvereinbarungen", "Abruf für Kreise", "Ratsbeschlüsse", "", null), true);

		this.mvc.perform(get("/api/v1/reporting-rounds").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.id == 'laufend')].title").value("Laufende Runde"))
			.andExpect(jsonPath("$[?(@.id == 'it-plr-42')].sessionDate").value("2023-11-03"));

		this.mvc.perform(get("/api/v1/reporting-rounds/laufend").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.lands", hasSize(16)))
			.andExpect(jsonPath("$.lands[?(@.land == 'NW')].state").value("SUBMITTED"))
			.andExpect(jsonPath("$.lands[?(@.land == 'NW')].report.measuresTaken[0]").value("148 Rahmenvereinbarungen"))
			// Hessen's draft is Hessen's: for a municipality it is missing, as on the
			// page.
			.andExpect(jsonPath("$.lands[?(@.land == 'HE')].state").value("MISSING"))
			.andExpect(
					jsonPath("$.lands[?(@.land == 'HE')].report").value(org.hamcrest.Matchers.contains((Object) null)));
		this.mvc.perform(get("/api/v1/reporting-rounds/laufend").with(HESSEN.bearer()))
			.andExpect(jsonPath("$.lands[?(@.land == 'HE')].state").value("DRAFT"))
			.andExpect(jsonPath("$.lands[?(@.land == 'HE')].report.measuresTaken[1]").value("Förderprogramm"));

		this.mvc.perform(get("/api/v1/reporting-rounds/laufend/reports/nw").with(DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("SUBMITTED"))
			.andExpect(jsonPath("$.obstacles").value("Ratsbeschlüsse"))
			.andExpect(jsonPath("$.htmlUrl").value("/berichte/laufend/nw"));
		this.mvc.perform(get("/api/v1/reporting-rounds/laufend/reports/he").with(DARMSTADT.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Für dieses Land liegt in dieser Runde kein Bericht vor."));
		this.mvc.perform(get("/api/v1/reporting-rounds/laufend/reports/he").with(HESSEN.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("DRAFT"));
		this.mvc.perform(get("/api/v1/reporting-rounds/gibt-es-nicht").with(DARMSTADT.bearer()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/v1/reporting-rounds/laufend/reports/xx").with(DARMSTADT.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Dieses Land gibt es nicht."));
	}

}
