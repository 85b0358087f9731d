package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.OpenReportingRound;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.support.ReuseLogins;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison of the Länder's reuse models and a Land's report submission, in Chromium
 * with a real Keycloak login, checked with axe-core.
 */
class ReuseBrowserTests extends BrowserTestSupport {

	@Autowired
	ReuseModelService models;

	@Autowired
	EfaServiceCatalogue catalogue;

	@Autowired
	LandReportService reports;

	@Autowired
	MongoDatabase database;

	@BeforeEach
	void content() {
		ReuseLogins.clear(this.database);
		this.catalogue.save(ReuseLogins.admin().actor(),
				new EfaService(new EfaServiceId("wohngeld"), "Wohngeld", "Bauen & Wohnen", LandCode.SH, ""));
		this.models.save(ReuseLogins.land(LandCode.HE).actor(), LandCode.HE,
				model("Hessisches civento-Modell", "IN_HOUSE", "LAND"));
		this.models.save(ReuseLogins.land(LandCode.NW).actor(), LandCode.NW,
				model("NRW-Rahmenvereinbarung", "VERWALTUNGSVEREINBARUNG", "KOMMUNE"));
		this.reports.open(ReuseLogins.moderator().actor(),
				new OpenReportingRound("Kurzberichte zur 48. Sitzung", "sitzung-48", "01.01.2099", "31.12.2098"));
	}

	static EditReuseModel model(String name, String route, String payer) {
		return new EditReuseModel(name, "IT-Dienstleister des Landes", route, "", "Beitrittserklärung", payer,
				"Einmalig: Anbindung", payer, "Betrieb je Einwohner", "Beitritt\nAnbindung\nLivegang", "8 Wochen",
				"FIT-Connect-Zustellpunkt", List.of("wohngeld"), List.of("Servicestelle"), List.of("Servicestelle"),
				List.of("service@land.example"), List.of(""), "2026-09-15", "PUBLISHED", null);
	}

	@Test
	void municipalityComparesTheModelsAndFiltersThem() {
		login("darmstadt");
		this.browser.get(url("/modelle"));
		String table = this.browser.findElement(By.id("inhalt")).getText();
		assertThat(table).contains("Hessisches civento-Modell", "NRW-Rahmenvereinbarung", "Rheinland-Pfalz");
		assertThat(accessibilityViolations()).as("axe-core on /modelle").isEmpty();

		new Select(this.browser.findElement(By.id("f-rechtsweg"))).selectByValue("IN_HOUSE");
		settledClick(this.browser, this.browser.findElement(By.cssSelector("form.filters button[type=submit]")));
		new WebDriverWait(this.browser, Duration.ofSeconds(15))
			.until((d) -> d.getCurrentUrl().contains("rechtsweg=IN_HOUSE"));
		String filtered = this.browser.findElement(By.id("inhalt")).getText();
		assertThat(filtered).contains("Hessisches civento-Modell").doesNotContain("NRW-Rahmenvereinbarung");
		assertThat(this.browser.findElement(By.id("f-rechtsweg")).getAttribute("value")).isEqualTo("IN_HOUSE");
		assertThat(this.browser.findElements(By.cssSelector("a[href*='/modelle.csv']"))).isNotEmpty();
	}

	@Test
	void landSubmitsItsShortReport() {
		login("hessen");
		this.browser.get(url("/berichte/sitzung-48/he"));
		assertThat(accessibilityViolations()).as("axe-core on the report form").isEmpty();
		this.browser.findElement(By.id("f-measuresTaken"))
			.sendKeys("Rahmenvertrag mit ekom21 für alle Kommunen\nFörderprogramm „Starke Heimat“");
		this.browser.findElement(By.id("f-measuresPlanned")).sendKeys("OZG-Koordination in jedem Landkreis");
		this.browser.findElement(By.id("f-obstacles")).sendKeys("Anbindung der Fachverfahren");
		settledClick(this.browser, this.browser.findElement(By.id("submit-report")));
		new WebDriverWait(this.browser, Duration.ofSeconds(15))
			.until((d) -> d.findElement(By.id("report-status")).getText().contains("Eingereicht"));
		assertThat(this.browser.findElement(By.id("inhalt")).getText()).contains("Starke Heimat");

		this.browser.get(url("/berichte/sitzung-48"));
		assertThat(this.browser.findElement(By.id("inhalt")).getText()).contains("Hessen");
		assertThat(accessibilityViolations()).as("axe-core on the round's status board").isEmpty();
	}

	@Test
	void theOtherReusePagesHaveNoWcag21AaViolations() {
		login("hessen");
		for (String page : new String[] { "/modelle/he", "/modelle/he/bearbeiten", "/modelle/he/versionen",
				"/modelle/nw", "/kommunen/kommune-darmstadt/leistungen", "/berichte/sitzung-48/zwischenbilanz",
				"/modelle/xx" }) {
			this.browser.get(url(page));
			assertThat(accessibilityViolations()).as("axe-core on %s", page).isEmpty();
		}
		String application;
		WebDriver kommune = newBrowser();
		try {
			login(kommune, "darmstadt");
			kommune.get(url("/pilot/neu"));
			new Select(kommune.findElement(By.id("f-subject"))).selectByIndex(1);
			kommune.findElement(By.id("f-contactEmail")).clear();
			kommune.findElement(By.id("f-contactEmail")).sendKeys("anna.becker@darmstadt.example");
			kommune.findElement(By.id("f-reasons")).sendKeys("Wir haben viele Wohngeldanträge.");
			kommune.findElement(By.id("f-resources")).sendKeys("Zwei Personen im Bürgeramt.");
			settledClick(kommune, kommune.findElement(By.cssSelector("#pilot-form button[type=submit]")));
			new WebDriverWait(kommune, Duration.ofSeconds(15))
				.until((d) -> d.getCurrentUrl().matches(".*/pilot/[^/]+$") && !d.getCurrentUrl().endsWith("/neu"));
			application = kommune.getCurrentUrl().substring(kommune.getCurrentUrl().indexOf("/pilot/"));
			assertThat(accessibilityViolations(kommune)).as("axe-core on the application").isEmpty();
		}
		finally {
			kommune.quit();
		}
		WebDriver reviewer = newBrowser();
		try {
			login(reviewer, "dstgb");
			for (String page : new String[] { "/pilot/board", application }) {
				reviewer.get(url(page));
				assertThat(accessibilityViolations(reviewer)).as("axe-core on %s", page).isEmpty();
			}
		}
		finally {
			reviewer.quit();
		}
	}

}
