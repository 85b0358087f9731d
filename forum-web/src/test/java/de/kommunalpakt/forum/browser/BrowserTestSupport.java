package de.kommunalpakt.forum.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Page tests as a person meets the forum: the application on the port Keycloak redirects
 * to, a real login through Keycloak's form, Debian's Chromium driven by Selenium, and
 * axe-core for WCAG 2.1 AA. One browser per test, so sessions never leak between tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
// The presenter's page without the embedded demo content, so it is checked like any page.
@org.springframework.test.context.ActiveProfiles("demo-scenario")
public abstract class BrowserTestSupport {

	/** The WCAG 2.1 A and AA rules (BITV 2.0). */
	static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	protected WebDriver browser;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> URI.create(SharedTestServices.appBaseUrl()).getPort());
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "browser-tests");
		registry.add("forum.auth.issuer-uri", SharedTestServices::keycloakIssuer);
		registry.add("forum.search.uris", SharedTestServices::elasticsearchUrl);
		registry.add("forum.search.index", () -> "browser-tests-threads");
		registry.add("spring.mail.host", () -> de.kommunalpakt.forum.infra.MailServer.HOST);
		registry.add("spring.mail.port", () -> SharedTestServices.mail().smtp());
	}

	@BeforeEach
	void openBrowser() throws IOException {
		this.browser = newBrowser();
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	/**
	 * A fresh headless Chromium; never downloads anything (Selenium Manager stays
	 * unused).
	 */
	protected static WebDriver newBrowser() {
		try {
			ChromeOptions options = new ChromeOptions();
			options.setBinary("/usr/bin/chromium");
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
					"--disable-quic", "--lang=de-DE", "--window-size=1280,1000",
					"--user-data-dir=" + Files.createTempDirectory("forum-chromium"));
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(new File("/usr/bin/chromedriver"))
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			return driver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The identity provider's answer to a password grant of the demo password for this
	 * user (an API client's token).
	 */
	protected static HttpResponse<String> tokenResponse(String username) throws IOException, InterruptedException {
		String form = "grant_type=password&client_id=forum-web&client_secret=dev-secret-change-me&scope=openid&username="
				+ URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password=demo";
		return HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(SharedTestServices.keycloakIssuer() + "/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** An access token for this user (password grant, see {@link #tokenResponse}). */
	protected static String passwordToken(String username) throws IOException, InterruptedException {
		HttpResponse<String> response = tokenResponse(username);
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Kein Token für " + username + ": " + response.body());
		}
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("access_token").asText();
	}

	protected static String url(String path) {
		return SharedTestServices.appBaseUrl() + path;
	}

	/**
	 * Signs in through Keycloak's login form (every demo account's password is "demo").
	 */
	protected static void login(WebDriver browser, String username) {
		browser.get(url("/"));
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys("demo");
		browser.findElement(By.id("kc-login")).click();
		wait.until((driver) -> driver.getCurrentUrl().startsWith(SharedTestServices.appBaseUrl()));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("inhalt")));
	}

	/**
	 * Clicks like a person who waits until the page has settled: the live connection is
	 * open, and the element is in the middle of the view.
	 */
	protected static void settledClick(WebDriver browser, org.openqa.selenium.WebElement element) {
		org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
		new WebDriverWait(browser, Duration.ofSeconds(20)).until((d) -> Boolean.TRUE.equals(
				js.executeScript("return !window.forum || !window.forum.live || window.forum.live.state === 'open';")));
		js.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		try {
			java.lang.Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
		element.click();
	}

	protected void login(String username) {
		login(this.browser, username);
	}

	/**
	 * The axe-core violations of WCAG 2.1 A/AA on the current page, described for a
	 * failure message.
	 */
	protected static List<String> accessibilityViolations(WebDriver browser) {
		Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(browser);
		if (results.getPasses().isEmpty() || results.isErrored()) {
			throw new IllegalStateException("axe-core did not analyse " + browser.getCurrentUrl());
		}
		screenshot(browser);
		return results.getViolations().stream().map(BrowserTestSupport::describe).toList();
	}

	protected List<String> accessibilityViolations() {
		return accessibilityViolations(this.browser);
	}

	/**
	 * Reloads the page until {@code check} holds, for what the server shows only after a
	 * moment (a background thread, the search index). A reload the browser gives up
	 * (under load chromedriver answered "timeout: aborted by navigation" while the page
	 * was still settling, and a CI run failed on it) is a look that found nothing, not a
	 * failure; {@code wait} still ends the tries.
	 */
	protected static void reloadUntil(WebDriverWait wait, java.util.function.Function<WebDriver, Boolean> check) {
		wait.until((d) -> {
			try {
				d.navigate().refresh();
				return check.apply(d);
			}
			catch (org.openqa.selenium.WebDriverException ex) {
				return false;
			}
		});
	}

	/**
	 * Keeps a picture of the page under target-screenshots, for looking at what a person
	 * sees.
	 */
	protected static void screenshot(WebDriver browser) {
		try {
			java.nio.file.Path dir = java.nio.file.Path.of("target-screenshots");
			Files.createDirectories(dir);
			String name = URI.create(browser.getCurrentUrl()).getPath().replaceAll("[^a-zA-Z0-9]+", "_");
			Files.write(dir.resolve((name.isBlank() ? "start" : name) + ".png"),
					((org.openqa.selenium.TakesScreenshot) browser)
						.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
		}
		catch (IOException ex) {
			// A missing picture must not fail a test.
		}
	}

	private static String describe(Rule rule) {
		return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
				+ rule.getNodes().stream().map((n) -> String.valueOf(n.getTarget())).collect(Collectors.joining(", "));
	}

}
