package de.kommunalpakt.forum.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.HtmlUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./forum screenshots}: the forum with the demo content (profile {@code embedded}
 * on the test services), visited in Chromium as a municipality ({@code darmstadt}), a
 * Land ({@code hessen}) and an administrator ({@code bmi}): every page of the navigation
 * and a few behind it, at 1,280 px and at 390 px, each as one full-height PNG under
 * {@code target/screenshots/}, with {@code index.html} as contact sheet (page title,
 * horizontal overflow, header height). Runs only when asked for
 * ({@code -Dforum.screenshots=true}): it takes minutes and checks nothing the page tests
 * do not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("embedded")
@EnabledIfSystemProperty(named = "forum.screenshots", matches = "true")
class ScreenshotTour {

	private static final List<String> USERS = List.of("darmstadt", "hessen", "bmi");

	private static final Map<String, String> ROLES = Map.of("darmstadt", "Kommune (Stadt Darmstadt)", "hessen",
			"Land (Hessen)", "bmi", "Administration (BMI)");

	private static final int MAX_HEIGHT = 6000;

	@Autowired
	LandReportService reports;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> URI.create(SharedTestServices.appBaseUrl()).getPort());
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "screenshots-" + System.nanoTime());
		registry.add("forum.auth.issuer-uri", SharedTestServices::keycloakIssuer);
		registry.add("forum.search.uris", SharedTestServices::elasticsearchUrl);
		registry.add("forum.search.index", () -> "screenshots-" + System.nanoTime());
	}

	@Test
	void visitEveryPageAsThreeKindsOfMember() throws IOException {
		Path out = TestServices.projectRoot().resolve("target/screenshots");
		Files.createDirectories(out);
		List<Shot> shots = new ArrayList<>();
		for (String user : USERS) {
			WebDriver browser = BrowserTestSupport.newBrowser();
			try {
				BrowserTestSupport.login(browser, user);
				for (String path : pages(browser)) {
					for (int width : new int[] { 1280, 390 }) {
						shots.add(shoot(browser, out, user, path, width));
					}
				}
			}
			finally {
				browser.quit();
			}
		}
		Files.writeString(out.resolve("index.html"), contactSheet(shots), StandardCharsets.UTF_8);
		System.out.println("Bildschirmfotos: " + shots.size() + " unter " + out.resolve("index.html"));
		assertThat(shots).isNotEmpty();
	}

	/**
	 * The navigation's pages plus the first space, thread and the current Zwischenbilanz.
	 */
	private List<String> pages(WebDriver browser) {
		browser.manage().window().setSize(new Dimension(1280, 900));
		browser.get(BrowserTestSupport.url("/"));
		List<String> pages = new ArrayList<>();
		for (WebElement link : browser.findElements(By.cssSelector("#site-nav a"))) {
			pages.add(URI.create(link.getAttribute("href")).getPath());
		}
		browser.findElements(By.cssSelector(".space-card__name"))
			.stream()
			.findFirst()
			.ifPresent((a) -> pages.add(URI.create(a.getAttribute("href")).getPath()));
		browser.findElements(By.cssSelector(".thread-row__title"))
			.stream()
			.findFirst()
			.ifPresent((a) -> pages.add(URI.create(a.getAttribute("href")).getPath()));
		pages.add("/benachrichtigungen");
		pages.add("/pilot/board");
		this.reports.rounds()
			.stream()
			.max(java.util.Comparator.comparing((r) -> r.deadline()))
			.ifPresent((r) -> pages.add("/berichte/" + r.id().value() + "/zwischenbilanz"));
		pages.add("/gibt-es-nicht");
		return pages.stream().distinct().toList();
	}

	private static Shot shoot(WebDriver browser, Path out, String user, String path, int width) throws IOException {
		JavascriptExecutor js = (JavascriptExecutor) browser;
		browser.manage().window().setSize(new Dimension(width, (width > 500) ? 900 : 844));
		browser.get(BrowserTestSupport.url(path));
		try {
			// Fonts and the live connection settle.
			java.lang.Thread.sleep(400);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
		// The page's own overflow, or the widest scroll box inside it (a table that needs
		// scrolling hides columns just the same).
		long overflow = ((Number) js.executeScript(
				"""
						var page = document.documentElement.scrollWidth - document.documentElement.clientWidth;
						var box = 0;
						document.querySelectorAll('.table-scroll').forEach(function (b) { box = Math.max(box, b.scrollWidth - b.clientWidth); });
						return Math.max(page, box);"""))
			.longValue();
		long header = ((Number) js.executeScript(
				"var h = document.querySelector('.site-header'); return h ? Math.round(h.getBoundingClientRect().bottom) : 0"))
			.longValue();
		long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
		browser.manage().window().setSize(new Dimension(width, (int) Math.min(MAX_HEIGHT, Math.max(height, 600))));
		String name = user + "_"
				+ (path.equals("/") ? "start" : path.replaceAll("[^a-zA-Z0-9]+", "_").replaceAll("^_|_$", "")) + "_"
				+ width + ".png";
		Files.write(out.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
		return new Shot(user, path, width, name, browser.getTitle(), overflow, header);
	}

	private static String contactSheet(List<Shot> shots) {
		StringBuilder html = new StringBuilder(
				"""
						<!DOCTYPE html>
						<html lang="de"><head><meta charset="utf-8"><title>Bildschirmfotos – Forum Kommunalpakt</title>
						<style>body{font-family:sans-serif;margin:1rem} table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:.5rem;vertical-align:top}
						img{border:1px solid #999;max-width:320px} .bad{color:#b10b2f;font-weight:700}</style></head><body>
						<h1>Bildschirmfotos – Forum Kommunalpakt</h1>
						""");
		html.append("<p>Aufgenommen ")
			.append(Instant.now())
			.append(". Überlauf = horizontale Scrollbreite der Seite oder einer Tabelle in px (0 ist gut); Kopf = Unterkante der Kopfzeile in px.</p>\n");
		for (String user : USERS) {
			html.append("<h2>")
				.append(HtmlUtils.htmlEscape(ROLES.get(user)))
				.append("</h2>\n<table><tr><th>Seite</th><th>1.280 px</th><th>390 px</th></tr>\n");
			List<String> paths = shots.stream()
				.filter((s) -> s.user().equals(user))
				.map(Shot::path)
				.distinct()
				.toList();
			for (String path : paths) {
				html.append("<tr><th scope=\"row\">").append(HtmlUtils.htmlEscape(path)).append("</th>");
				for (int width : new int[] { 1280, 390 }) {
					Shot shot = shots.stream()
						.filter((s) -> s.user().equals(user) && s.path().equals(path) && s.width() == width)
						.findFirst()
						.orElseThrow();
					html.append("<td><a href=\"")
						.append(shot.file())
						.append("\"><img src=\"")
						.append(shot.file())
						.append("\" alt=\"")
						.append(HtmlUtils.htmlEscape(shot.title()))
						.append("\"></a><br>")
						.append(HtmlUtils.htmlEscape(shot.title()))
						.append("<br><span")
						.append((shot.overflow() > 0) ? " class=\"bad\"" : "")
						.append(">Überlauf ")
						.append(shot.overflow())
						.append(" px</span> · <span")
						.append((width < 768 && shot.header() >= 120) ? " class=\"bad\"" : "")
						.append(">Kopf ")
						.append(shot.header())
						.append(" px</span></td>");
				}
				html.append("</tr>\n");
			}
			html.append("</table>\n");
		}
		return html.append("</body></html>\n").toString();
	}

	private record Shot(String user, String path, int width, String file, String title, long overflow, long header) {
	}

}
