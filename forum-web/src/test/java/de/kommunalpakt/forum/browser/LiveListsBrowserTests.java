package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.ReportRepository;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.landreport.ReportingRoundId;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.pilot.PilotApplication;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.SubmitPilotApplication;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the audience of the AL-Runde watches: the start page, a space page, the
 * Zwischenbilanz and the First-Mover board change without a reload, announced politely;
 * and the presenter's page.
 */
class LiveListsBrowserTests extends BrowserTestSupport {

	static final Actor NRW = new Actor(new MemberId("00000000-0000-4000-8000-000000000002"), "nrw", "Thomas Richter",
			new OrganisationId("land-nw"), OrganisationKind.LAND, LandCode.NW, Set.of(Role.MEMBER));

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadService threads;

	@Autowired
	ReportRepository reports;

	@Autowired
	LandReportService landReports;

	@Autowired
	PilotService pilots;

	@Autowired
	EfaServiceCatalogue catalogue;

	@Autowired
	OrganisationRepository organisations;

	@BeforeEach
	void content() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
	}

	private JavascriptExecutor js() {
		return (JavascriptExecutor) this.browser;
	}

	private void waitUntilLive() {
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until((d) -> "open".equals(js().executeScript("return window.forum.live.state")));
		js().executeScript("window.__marker = 'same page';");
	}

	private String liveRegion() {
		return String.valueOf(js().executeScript("return document.getElementById('live-region').textContent"));
	}

	@Test
	void aNewQuestionAppearsOnTheStartPageAndTheSpacePageWithoutAReload() {
		login("darmstadt");
		this.browser.get(url("/"));
		waitUntilLive();
		PostId first = this.threads.start(LiveBrowserTests.HESSEN,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
						"Live auf der Startseite: Wohngeld in Kassel", "Frage aus der Vorführung.", Set.of("wohngeld"),
						Set.of(LandCode.HE), null));
		WebDriverWait wait = swapping(Duration.ofSeconds(15));
		wait.until((d) -> d.findElement(By.id("start-lists")).getText().contains("Live auf der Startseite"));
		assertThat(js().executeScript("return window.__marker")).as("no reload").isEqualTo("same page");
		wait.until((d) -> liveRegion().contains("Neu: Live auf der Startseite: Wohngeld in Kassel"));
		assertThat(this.browser.findElement(By.id("live-region")).getAttribute("aria-live")).isEqualTo("polite");

		// An answer accepted: the question leaves "Offene Fragen" while the page stays.
		PostId answer = this.threads.reply(LiveBrowserTests.MODERATOR,
				new ThreadCommands.Reply(first.thread().value(), "So geht es.", null, null));
		this.threads.acceptAnswer(LiveBrowserTests.HESSEN, answer.toString());
		wait.until((d) -> d.findElements(By.cssSelector("#open-heading + ul .thread-row__title"))
			.stream()
			.map(WebElement::getText)
			.noneMatch((t) -> t.contains("Live auf der Startseite")));
		assertThat(js().executeScript("return window.__marker")).isEqualTo("same page");

		this.browser.get(url("/bereiche/fragen"));
		waitUntilLive();
		this.threads.start(LiveBrowserTests.HESSEN, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
				"Live im Bereich: Elterngeld", "Frage aus der Vorführung.", Set.of(), Set.of(LandCode.HE), null));
		wait.until((d) -> d.findElement(By.id("space-threads")).getText().contains("Live im Bereich: Elterngeld"));
		assertThat(js().executeScript("return window.__marker")).isEqualTo("same page");
		assertThat(accessibilityViolations()).as("axe-core after a live update").isEmpty();
	}

	@Test
	void theZwischenbilanzCountsAKurzberichtSubmittedMeanwhile() {
		ReportingRoundId id = new ReportingRoundId("live-runde-" + System.nanoTime() % 100000);
		ReportingRound round = new ReportingRound(id, "Fortschrittsberichte (Live-Test)", LocalDate.now().plusWeeks(8),
				Instant.now().plus(Duration.ofDays(30)), Instant.now(), "Martin Krüger");
		this.reports.insertRound(round);
		this.landReports.save(LiveBrowserTests.HESSEN, round, LandCode.HE,
				new EditLandReport("Wohngeld in 311 Kommunen", "Förderprogramm", "", "", null), true);
		login("darmstadt");
		this.browser.get(url("/berichte/" + id.value() + "/zwischenbilanz"));
		assertThat(this.browser.findElement(By.id("review-live")).getText()).contains("1 von 16 Ländern");
		waitUntilLive();
		this.landReports.save(NRW, round, LandCode.NW,
				new EditLandReport("212 Kommunen haben unterzeichnet", "Reuse-Kernteam", "", "", null), true);
		swapping(Duration.ofSeconds(15))
			.until((d) -> d.findElement(By.id("review-live")).getText().contains("2 von 16 Ländern"));
		assertThat(js().executeScript("return window.__marker")).isEqualTo("same page");
		assertThat(this.browser.findElement(By.id("review-live")).getText())
			.contains("212 Kommunen haben unterzeichnet");
		swapping(Duration.ofSeconds(5))
			.until((d) -> liveRegion().contains("Der Stand auf dieser Seite wurde aktualisiert."));
	}

	@Test
	void theFirstMoverBoardShowsANewApplicationAndItsMoveWithoutAReload() {
		this.catalogue.save(ReuseLogins.admin().actor(),
				new EfaService(new EfaServiceId("wohngeld"), "Wohngeld", "Bauen & Wohnen", LandCode.SH, ""));
		// A municipality of its own, so an earlier test's application cannot be in the
		// way.
		String suffix = String.valueOf(System.nanoTime() % 1_000_000);
		OrganisationId municipality = new OrganisationId("kommune-livetal-" + suffix);
		String name = "Gemeinde Livetal " + suffix;
		this.organisations.save(new Organisation(municipality, OrganisationKind.KOMMUNE, name, LandCode.HE, null));
		Actor applicant = new Actor(new MemberId("browser-livetal-" + suffix), "livetal-" + suffix, "Lena Vogt",
				municipality, OrganisationKind.KOMMUNE, LandCode.HE, Set.of(Role.MEMBER));

		login("dstgb");
		this.browser.get(url("/pilot/board"));
		assertThat(this.browser.findElement(By.id("pilot-board")).getText()).doesNotContain(name);
		waitUntilLive();
		PilotApplication application = this.pilots.submit(applicant,
				new SubmitPilotApplication("leistung-wohngeld", "Viele Anträge, modernes Fachverfahren.",
						"Zwei Personen für drei Monate.", "Lena Vogt", "lena.vogt@livetal.example", ""));
		WebDriverWait wait = swapping(Duration.ofSeconds(15));
		wait.until((d) -> d.findElement(By.id("board-SUBMITTED")).getText().contains(name));
		assertThat(js().executeScript("return window.__marker")).as("no reload").isEqualTo("same page");
		wait.until((d) -> liveRegion().contains("Der Stand auf dieser Seite wurde aktualisiert."));
		assertThat(this.browser.findElement(By.id("live-region")).getAttribute("aria-live")).isEqualTo("polite");

		// A second reviewer takes it into review: the card changes columns on the open
		// page.
		js().executeScript("document.getElementById('live-region').textContent = '';");
		this.pilots.move(LiveBrowserTests.MODERATOR, application.id(), "IN_REVIEW", "Wir melden uns.", null);
		wait.until((d) -> d.findElement(By.id("board-IN_REVIEW")).getText().contains(name)
				&& !d.findElement(By.id("board-SUBMITTED")).getText().contains(name));
		assertThat(js().executeScript("return window.__marker")).isEqualTo("same page");
		wait.until((d) -> liveRegion().contains("Der Stand auf dieser Seite wurde aktualisiert."));
		assertThat(accessibilityViolations()).as("axe-core on the board after live updates").isEmpty();
	}

	@Test
	void thePresenterPageIsInTheNavigationKeepsThePauseAndAlignsItsButtons() {
		login("bmi");
		WebElement link = this.browser.findElement(By.cssSelector("#site-nav a[href='/admin/demo']"));
		assertThat(link.getText()).isEqualTo("Live-Vorführung");
		link.click();
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((d) -> d.getCurrentUrl().contains("/admin/demo"));
		WebElement start = this.browser.findElement(By.id("demo-start"));
		WebElement stop = this.browser.findElement(By.id("demo-stop"));
		WebElement reset = this.browser.findElement(By.id("demo-reset"));
		int bottom = start.getRect().getY() + start.getRect().getHeight();
		assertThat(stop.getRect().getY() + stop.getRect().getHeight()).as("start and stop share a baseline")
			.isEqualTo(bottom);
		assertThat(reset.getRect().getY() + reset.getRect().getHeight()).isEqualTo(bottom);
		assertThat(this.browser.findElement(By.id("demo-progress")).getSize().getWidth()).isGreaterThanOrEqualTo(300);
		assertThat(this.browser.findElements(By.cssSelector("#inhalt a")).stream().map(WebElement::getText))
			.as("no empty links")
			.noneMatch(String::isBlank);
		assertThat(this.browser.findElements(By.cssSelector("#demo-steps li"))).hasSize(7);
		assertThat(this.browser.findElement(By.id("demo-steps")).getText()).contains("Hinsehen: /pilot/board");
		assertThat(accessibilityViolations()).as("axe-core on /admin/demo").isEmpty();

		WebElement seconds = this.browser.findElement(By.id("demo-seconds"));
		seconds.clear();
		seconds.sendKeys("0");
		settledClick(this.browser, this.browser.findElement(By.id("demo-start")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((d) -> d.getCurrentUrl().contains("sekunden=0"));
		assertThat(this.browser.findElement(By.id("demo-seconds")).getAttribute("value")).isEqualTo("0");
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until((d) -> d.findElement(By.cssSelector("#demo-steps li[data-done='true']")) != null);
		// The run's question reaches the search index ...
		String search = url("/suche?q=" + java.net.URLEncoder.encode("Wohngeld Fachverfahren angebunden",
				java.nio.charset.StandardCharsets.UTF_8));
		this.browser.get(search);
		reloadUntil(new WebDriverWait(this.browser, Duration.ofSeconds(30)),
				(d) -> d.findElement(By.id("inhalt")).getText().contains(KASSEL_QUESTION));
		this.browser.get(url("/admin/demo"));
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until((d) -> !d.findElement(By.id("demo-state")).getText().contains("läuft"));
		settledClick(this.browser, this.browser.findElement(By.id("demo-reset")));
		// The page is replaced after the reset: an element of the old one goes stale.
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until((d) -> d.findElement(By.id("inhalt")).getText().contains("Zurückgesetzt:"));
		// ... and leaves it with the reset.
		this.browser.get(search);
		reloadUntil(new WebDriverWait(this.browser, Duration.ofSeconds(30)),
				(d) -> !d.findElement(By.id("inhalt")).getText().contains(KASSEL_QUESTION));
	}

	static final String KASSEL_QUESTION = "Können wir Wohngeld nutzen, bevor unser Fachverfahren angebunden ist?";

	/**
	 * A wait on a region the page swaps live: an element found just before a swap is
	 * stale when read (Chromium 156 may report that as "Node with given id does not
	 * belong to the document"), and the next try finds the new one.
	 */
	private WebDriverWait swapping(Duration timeout) {
		return (WebDriverWait) new WebDriverWait(this.browser, timeout).ignoring(WebDriverException.class);
	}

}
