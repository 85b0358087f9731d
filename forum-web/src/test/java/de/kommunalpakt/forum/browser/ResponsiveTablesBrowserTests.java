package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.ReportRepository;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.landreport.ReportingRoundId;
import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.SubmitPilotApplication;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.support.ReuseLogins;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of /modelle, /pilot, /organisationen and the reporting pages, measured in
 * Chromium: at 1,280 px every column is on screen and no word is broken inside; at 390 px
 * each row is a card whose cells carry their column's name, nothing scrolls sideways, and
 * axe-core finds nothing at either width.
 */
class ResponsiveTablesBrowserTests extends BrowserTestSupport {

	/**
	 * The words of the visible text inside the tables that a line break cuts in two:
	 * every run of characters between spaces, hyphens, dashes and slashes whose client
	 * rectangles lie on more than one line.
	 */
	static final String BROKEN_WORDS = """
			var out = [];
			document.querySelectorAll(arguments[0]).forEach(function (root) {
			  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
			  while (walker.nextNode()) {
			    var node = walker.currentNode, re = /[^\\s\\-\\u2010-\\u2014\\/]+/g, m;
			    while ((m = re.exec(node.data))) {
			      var range = document.createRange();
			      range.setStart(node, m.index);
			      range.setEnd(node, m.index + m[0].length);
			      var lines = {};
			      Array.from(range.getClientRects()).forEach(function (r) { if (r.width > 0) { lines[Math.round(r.top)] = true; } });
			      if (Object.keys(lines).length > 1) { out.push(m[0]); }
			    }
			  }
			});
			return out;""";

	/**
	 * How far each table and each scroll box inside the page is wider than the room it
	 * has, and how far the page itself scrolls sideways.
	 */
	static final String OVERFLOWS = """
			var out = { page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
			document.querySelectorAll('main table').forEach(function (t, i) {
			  var room = t.parentElement.getBoundingClientRect().width;
			  out[(t.id || 'table-' + i)] = Math.round(t.getBoundingClientRect().width - room);
			});
			document.querySelectorAll('main .table-scroll').forEach(function (b, i) {
			  out['scroll-box-' + i] = b.scrollWidth - b.clientWidth;
			});
			return out;""";

	/**
	 * For each table that becomes cards: whether its rows are blocks, and the label shown
	 * before its first data cell.
	 */
	static final String CARDS = """
			var out = {};
			document.querySelectorAll('main table.stack-table').forEach(function (t) {
			  var row = t.querySelector('tbody tr');
			  var cell = t.querySelector('tbody td[data-label]');
			  out[t.id] = getComputedStyle(row).display + '|' + (cell ? getComputedStyle(cell, '::before').content : '');
			});
			return out;""";

	@Autowired
	MongoDatabase database;

	@Autowired
	EfaServiceCatalogue catalogue;

	@Autowired
	ReuseModelService models;

	@Autowired
	PilotService pilots;

	@Autowired
	ReportRepository rounds;

	@Autowired
	LandReportService reports;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	MailOutbox outbox;

	@Autowired
	AuditTrail audit;

	private ReportingRound round;

	@BeforeEach
	void content() {
		ReuseLogins.clear(this.database);
		this.catalogue.save(ReuseLogins.admin().actor(), new EfaService(new EfaServiceId("wohngeld"), "Wohngeld",
				"Bauen & Wohnen", LandCode.SH, "Antrag auf Mietzuschuss oder Lastenzuschuss"));
		// The longest texts of the demo content: long words, long sentences.
		this.models.save(ReuseLogins.land(LandCode.NW).actor(), LandCode.NW, model("Rahmenvereinbarung mit d-NRW",
				"d-NRW AöR", "IN_HOUSE",
				"Rahmenvereinbarung mit d-NRW, einmal je Kommune, unterzeichnet von der Oberbürgermeisterin oder dem Oberbürgermeister bzw. der Landrätin oder dem Landrat; danach ein Abrufschein je Leistung.",
				"Entwicklung und Einrichtung der EfA-Leistungen trägt das Land.",
				"Betriebskosten je abgerufener Leistung nach Einwohnerzahl, laut Abrufschein.",
				"6 bis 10 Wochen je Leistung"));
		this.models.save(ReuseLogins.land(LandCode.TH).actor(), LandCode.TH, model("Zentrale Bereitstellung Thüringen",
				"Freistaat Thüringen mit dem Landesrechenzentrum", "VERWALTUNGSVEREINBARUNG",
				"Nutzungserklärung gegenüber dem Land (ohne Kosten).", "Einrichtung trägt der Freistaat.",
				"Betrieb und Weiterentwicklung trägt der Freistaat zentral; die Kommunen zahlen nur ihre eigenen Fachverfahren.",
				"4 bis 8 Wochen"));
		this.models.save(ReuseLogins.land(LandCode.SH).actor(), LandCode.SH, model("EfA-First Schleswig-Holstein",
				"IT-Verbund Schleswig-Holstein (ITVSH) mit Dataport", "MARKTPLATZ_EFA",
				"Kein eigener Vertrag: Die Mitgliedschaft im ITVSH genügt; die Kommune bestätigt nur ihre Zuständigkeitsdaten.",
				"Einrichtung zahlt das Land.", "Das Land finanziert den ITVSH und damit den Betrieb.",
				"2 bis 6 Wochen"));
		if (this.organisations.findById(new OrganisationId("kommune-darmstadt")).isEmpty()) {
			this.organisations.save(new Organisation(new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE,
					"Wissenschaftsstadt Darmstadt", LandCode.HE, null));
		}
		this.organisations.save(new Organisation(new OrganisationId("zweckverband-kiv-mv"), OrganisationKind.KOMMUNE,
				"Zweckverband Kommunale Informationsverarbeitung Mecklenburg-Vorpommern", LandCode.MV, null));
		this.pilots.submit(LiveBrowserTests.DARMSTADT,
				new SubmitPilotApplication("leistung-wohngeld", "Viele Anträge, modernes Fachverfahren.",
						"Zwei Personen für drei Monate.", "Anna Becker", "anna.becker@darmstadt.example", ""));
		this.round = new ReportingRound(new ReportingRoundId("tabellen-" + System.nanoTime() % 100000),
				"Fortschrittsberichte zur 49. Sitzung", LocalDate.now().plusWeeks(8),
				Instant.now().plus(Duration.ofDays(30)), Instant.now(), "Martin Krüger");
		this.rounds.insertRound(this.round);
		this.reports.save(LiveBrowserTests.HESSEN, this.round, LandCode.HE, new EditLandReport(
				"Wohngeld in 311 Kommunen freigeschaltet\nElterngeldantrag landesweit über civento bereitgestellt",
				"Förderprogramm „Starke Heimat“ für Fachverfahrensanbindungen\nBauantragsverfahren im Landkreis Gießen pilotieren",
				"Zuständigkeitsfinder nicht überall gepflegt.", "Musterverträge der FITKO.", null), true);
	}

	static EditReuseModel model(String name, String operator, String route, String toSign, String oneOff,
			String running, String duration) {
		return new EditReuseModel(name, operator, route, "", toSign, "LAND", oneOff, "KOMMUNE", running,
				"Beitritt\nAnbindung\nLivegang", duration, "FIT-Connect", List.of("wohngeld"), List.of("Servicestelle"),
				List.of("Land"), List.of("service@land.example"), List.of(""), "2023-09-01", "PUBLISHED", null);
	}

	private JavascriptExecutor js() {
		return (JavascriptExecutor) this.browser;
	}

	private void viewport(int width) {
		this.browser.manage().window().setSize(new Dimension(width, (width > 500) ? 1000 : 844));
		new WebDriverWait(this.browser, Duration.ofSeconds(5))
			.until((d) -> ((Number) js().executeScript("return window.innerWidth")).intValue() == width);
	}

	@SuppressWarnings("unchecked")
	private void checkAt(int width, String path, List<String> cardTables) {
		viewport(width);
		this.browser.get(url(path));
		Map<String, Object> overflows = (Map<String, Object>) js().executeScript(OVERFLOWS);
		assertThat(overflows.keySet()).as("tables on %s at %d px", path, width).containsAll(cardTables);
		assertThat(overflows.values()).as("overflow in px on %s at %d px: %s", path, width, overflows)
			.allSatisfy((px) -> assertThat(((Number) px).longValue()).isLessThanOrEqualTo(0));
		List<String> broken = (List<String>) js().executeScript(BROKEN_WORDS, "main table");
		assertThat(broken).as("words broken inside on %s at %d px", path, width).isEmpty();
		Map<String, Object> cards = (Map<String, Object>) js().executeScript(CARDS);
		for (String table : cardTables) {
			String[] card = String.valueOf(cards.get(table)).split("\\|", 2);
			if (width < 768) {
				assertThat(card[0]).as("rows of #%s at %d px", table, width).isIn("block", "grid");
				assertThat(card[1]).as("label of the first cell of #%s", table).contains(": ");
			}
			else {
				assertThat(card[0]).as("rows of #%s at %d px", table, width).isEqualTo("table-row");
			}
		}
		if (width < 768 && !cardTables.isEmpty()) {
			List<String> roles = accessibleRoles();
			assertThat(roles).as("roles in Chromium's accessibility tree on %s at %d px", path, width)
				.contains("columnheader", "rowheader", "cell");
			assertThat(roles.stream().filter("table"::equals).count()).as("tables for screen readers on %s", path)
				.isGreaterThanOrEqualTo(cardTables.size());
		}
		assertThat(accessibilityViolations()).as("axe-core on %s at %d px", path, width).isEmpty();
	}

	/**
	 * The roles Chromium gives the page's elements (not ignored ones): the cards must
	 * stay a table for screen readers.
	 */
	@SuppressWarnings("unchecked")
	private List<String> accessibleRoles() {
		Map<String, Object> tree = ((ChromeDriver) this.browser).executeCdpCommand("Accessibility.getFullAXTree",
				Map.of());
		return ((List<Map<String, Object>>) tree.get("nodes")).stream()
			.filter((n) -> !Boolean.TRUE.equals(n.get("ignored")))
			.map((n) -> String.valueOf(((Map<String, Object>) n.getOrDefault("role", Map.of())).get("value")))
			.toList();
	}

	@Test
	void modelComparisonKeepsEveryWordWholeAtDesktopWidthAndIsCardsOnAPhone() {
		login("darmstadt");
		checkAt(1280, "/modelle", List.of("compare-table"));
		// Every column is on screen.
		long lastHeaderRight = ((Number) js().executeScript(
				"var h = document.querySelectorAll('#compare-table thead th'); return Math.round(h[h.length - 1].getBoundingClientRect().right)"))
			.longValue();
		assertThat(lastHeaderRight).isLessThanOrEqualTo(1280);
		checkAt(390, "/modelle", List.of("compare-table"));
	}

	@Test
	void firstMoverTablesAreCardsOnAPhone() {
		login("darmstadt");
		for (int width : new int[] { 1280, 390 }) {
			checkAt(width, "/pilot", List.of("applications-table", "pilot-by-land", "pilot-by-subject"));
		}
	}

	@Test
	void organisationsAndReportingTablesAreCardsOnAPhone() {
		login("hessen");
		for (int width : new int[] { 1280, 390 }) {
			checkAt(width, "/organisationen", List.of("organisations-table"));
			checkAt(width, "/berichte", List.of("rounds-table"));
			// The round's board has three short columns: it fits as a table at 390 px
			// too.
			checkAt(width, "/berichte/" + this.round.id().value(), List.of());
			checkAt(width, "/berichte/" + this.round.id().value() + "/zwischenbilanz", List.of("review-table"));
		}
	}

	@Test
	void outboxAndAuditLogAreCardsOnAPhone() {
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);
		String address = "anna.becker+" + run + "@darmstadt.example";
		this.outbox.add(OutgoingMail.compose("tabellen-" + run + "-a", "sub-x", address,
				"Neue Antwort auf Ihre Frage: Welche Kosten entstehen beim Beitritt zum Elterngeld-Verbund?",
				"Guten Tag,", "<p>Guten Tag,</p>", "tabellen-" + run + "-a@localhost", null, null, null,
				Instant.now()));
		this.outbox.add(OutgoingMail
			.compose("tabellen-" + run + "-z", "sub-x", address,
					"Ihre Zusammenfassung aus dem Forum Kommunalpakt: 3 Neuigkeiten in 3 Themen", "Guten Tag,",
					"<p>Guten Tag,</p>", "tabellen-" + run + "-z@localhost", null, null, null, Instant.now())
			.withThreads(List.of("faden00001", "faden00002", "faden00003"))
			.withContent("Ihre Zusammenfassung aus dem Forum Kommunalpakt: eine Neuigkeit in einem Thema", "Guten Tag,",
					"<p>Guten Tag,</p>", List.of("faden00001"), null));
		this.outbox.giveUp("tabellen-" + run + "-a", 0, "Kein Lesezugriff mehr auf das Thema", true);
		String target = "tabellen" + run + "-3";
		this.audit.record(new MemberId("sub-x"), "Claudia Hoffmann", AuditAction.POST_HIDDEN,
				AuditTrail.Target.post(target, "Betriebskosten der Wohngeld-Anbindung in Landkreisen"), null,
				"sichtbar", "verborgen", "Enthielt Telefonnummern von Sachbearbeiterinnen; bitte ohne erneut posten.");
		login("bmi");
		for (int width : new int[] { 1280, 390 }) {
			checkAt(width, "/admin/postausgang?an=" + run, List.of("outbox"));
			checkAt(width, "/admin/protokoll?ziel=" + target, List.of("audit-table"));
		}
	}

}
