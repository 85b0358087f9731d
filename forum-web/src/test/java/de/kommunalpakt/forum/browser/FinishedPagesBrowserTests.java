package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages as a municipal user meets them (issue 16): measured in Chromium at 1,280 and
 * 390 px, read by their text, and checked by axe-core.
 */
class FinishedPagesBrowserTests extends BrowserTestSupport {

	static final Actor FITKO = new Actor(new MemberId("browser-fitko"), "fitko-test", "Jonas Weber",
			new OrganisationId("fitko"), OrganisationKind.FITKO, null, Set.of(Role.MEMBER));

	static final String SUFFIX = "– Forum Kommunalpakt";

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadService threads;

	@Autowired
	OrganisationRepository organisations;

	@BeforeEach
	void content() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
		if (this.organisations.findById(new OrganisationId("fitko")).isEmpty()) {
			this.organisations.save(new Organisation(new OrganisationId("fitko"), OrganisationKind.FITKO,
					"FITKO (Föderale IT-Kooperation)", null, null));
		}
	}

	private JavascriptExecutor js() {
		return (JavascriptExecutor) this.browser;
	}

	private long number(String script, Object... args) {
		return ((Number) js().executeScript(script, args)).longValue();
	}

	private void viewport(int width, int height) {
		this.browser.manage().window().setSize(new Dimension(width, height));
		new WebDriverWait(this.browser, Duration.ofSeconds(5))
			.until((d) -> number("return window.innerWidth") == width);
	}

	private long pageOverflow() {
		return number("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
	}

	private PostId question(Actor author, String title) {
		return this.threads.start(author, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, title,
				"Wir möchten im Frühjahr starten.", Set.of("wohngeld"), Set.of(LandCode.HE), null));
	}

	@Test
	void modelsPageShowsEveryColumnAtDesktopWidthAndCardsOnAPhone() {
		login("darmstadt");
		this.browser.get(url("/modelle"));
		// Every column is on screen: the table is no wider than its box, the box no
		// wider than the page.
		assertThat(number(
				"var t = document.getElementById('compare-table'); return t.scrollWidth - t.parentElement.clientWidth"))
			.as("table overflow at 1280 px")
			.isLessThanOrEqualTo(0);
		assertThat(pageOverflow()).as("page overflow at 1280 px").isLessThanOrEqualTo(0);
		long lastHeaderRight = number(
				"var h = document.querySelectorAll('#compare-table thead th'); return Math.round(h[h.length - 1].getBoundingClientRect().right)");
		assertThat(lastHeaderRight).as("'Geprüft' is inside the window").isLessThanOrEqualTo(1280);
		// The content starts where the header starts.
		long headerLeft = number(
				"return Math.round(document.querySelector('.site-title').getBoundingClientRect().left)");
		long contentLeft = number("return Math.round(document.querySelector('main h1').getBoundingClientRect().left)");
		assertThat(contentLeft).as("content edge").isEqualTo(headerLeft);
		// The drop-downs look like form controls: a filled box with an arrow and a border
		// line.
		for (WebElement select : this.browser.findElements(By.cssSelector("form.filters select"))) {
			WebElement box = select.findElement(By.xpath(".."));
			assertThat(box.getAttribute("class")).contains("kern-form-input__select-wrapper");
			assertThat(box.getCssValue("background-color")).isNotEqualTo("rgba(0, 0, 0, 0)");
			assertThat(box.getCssValue("border-bottom-width")).isNotEqualTo("0px");
			assertThat(box.getSize().getHeight()).isGreaterThanOrEqualTo(40);
		}
		assertThat(accessibilityViolations()).as("axe-core on /modelle").isEmpty();

		viewport(390, 844);
		this.browser.navigate().refresh();
		assertThat(pageOverflow()).as("page overflow at 390 px").isLessThanOrEqualTo(0);
		assertThat(number(
				"var t = document.getElementById('compare-table'); return t.scrollWidth - t.parentElement.clientWidth"))
			.as("table overflow at 390 px")
			.isLessThanOrEqualTo(0);
		// Each Land is a card: the row is as wide as the table, its cells stacked.
		assertThat(number(
				"var r = document.querySelector('#compare-table tbody tr'); return getComputedStyle(r).display === 'block' ? 1 : 0"))
			.isEqualTo(1);
		// The drop-downs are one column of equal width, as wide as the form (before, each
		// was as wide as its label).
		assertThat(number(
				"var s = [...document.querySelectorAll('form.filters .kern-form-input__select-wrapper')].map((e) => Math.round(e.getBoundingClientRect().width));"
						+ " var row = Math.round(document.querySelector('form.filters .filters__row').getBoundingClientRect().width);"
						+ " return s.length >= 3 && s.every((w) => w === row) ? 1 : 0"))
			.as("drop-downs as wide as the form at 390 px")
			.isEqualTo(1);
		assertThat(accessibilityViolations()).as("axe-core on /modelle at 390 px").isEmpty();
	}

	@Test
	void filterLegendsStandOnALineOfTheirOwn() {
		login("darmstadt");
		for (String path : List.of("/modelle", "/faq", "/bereiche/fragen")) {
			this.browser.get(url(path));
			WebElement legend = this.browser.findElement(By.cssSelector("form.filters legend"));
			WebElement label = this.browser.findElement(By.cssSelector("form.filters .filters__row label"));
			assertThat(legend.getRect().getY() + legend.getRect().getHeight())
				.as("legend above the first label on %s", path)
				.isLessThanOrEqualTo(label.getRect().getY());
		}
	}

	@Test
	void startPageOffersToAskAndListsEachThreadOnce() {
		question(LiveBrowserTests.HESSEN, "Offene Startseitenfrage zum Wohngeld");
		this.threads.start(LiveBrowserTests.HESSEN, new ThreadCommands.StartThread("fragen", ThreadType.DISCUSSION,
				"Austausch auf der Startseite", "Wer ist dabei?", Set.of(), Set.of(), null));
		login("darmstadt");
		this.browser.get(url("/"));
		List<String> openTitles = this.browser.findElements(By.cssSelector("#open-heading + ul .thread-row__title"))
			.stream()
			.map(WebElement::getText)
			.toList();
		// Compared by link: other tests in the same run may reuse a title.
		List<String> openLinks = this.browser.findElements(By.cssSelector("#open-heading + ul .thread-row__title"))
			.stream()
			.map((a) -> a.getAttribute("href"))
			.toList();
		List<String> latestLinks = this.browser.findElements(By.cssSelector("#latest-heading + ul .thread-row__title"))
			.stream()
			.map((a) -> a.getAttribute("href"))
			.toList();
		assertThat(openTitles).contains("Offene Startseitenfrage zum Wohngeld");
		assertThat(latestLinks).as("the discussion is listed as latest").isNotEmpty();
		assertThat(latestLinks).doesNotContainAnyElementsOf(openLinks);
		assertThat(accessibilityViolations()).as("axe-core on /").isEmpty();

		settledClick(this.browser, this.browser.findElement(By.id("ask-question")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((d) -> d.getCurrentUrl().endsWith("/neu"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Neues Thema");
	}

	@Test
	void newThreadFormCountsCutsNothingAndReportsEveryErrorAtOnce() {
		login("darmstadt");
		this.browser.get(url("/bereiche/fragen/neu"));
		WebElement title = this.browser.findElement(By.id("f-titel"));
		String pasted = "Wohngeld ".repeat(33) + "Ende";
		title.sendKeys(pasted);
		assertThat(title.getAttribute("value")).as("a pasted title is kept whole").hasSize(pasted.length());
		assertThat(this.browser.findElement(By.id("f-titel-count")).getText())
			.isEqualTo("101 Zeichen zu viel (höchstens 200)");
		WebElement text = this.browser.findElement(By.id("f-text"));
		assertThat(this.browser.findElement(By.id("f-text-count")).getText())
			.isEqualTo("Noch 65.000 von 65.000 Zeichen");
		assertThat(this.browser.findElement(By.id("f-text-hint")).getText()).contains("Höchstens 65.000 Zeichen")
			.doesNotContain("KiB");
		// 100,000 characters as if pasted: nothing is cut in the browser.
		js().executeScript("arguments[0].value = 'x'.repeat(100000); arguments[0].dispatchEvent(new Event('input'));",
				text);
		assertThat(text.getAttribute("value")).hasSize(100_000);
		assertThat(this.browser.findElement(By.id("f-text-count")).getText())
			.isEqualTo("35.000 Zeichen zu viel (höchstens 65.000)");

		settledClick(this.browser, this.browser.findElement(By.cssSelector("form.stack-form .form-actions button")));
		WebElement errors = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-errors")));
		assertThat(errors.findElements(By.tagName("li"))).hasSize(2);
		assertThat(errors.getText()).contains("Der Titel darf höchstens 200 Zeichen lang sein; er hat 301 Zeichen.",
				"Der Text darf höchstens 65.000 Zeichen lang sein; er hat 100.000 Zeichen.");
		assertThat(this.browser.findElement(By.id("f-titel")).getAttribute("value")).hasSize(pasted.length());
		assertThat(accessibilityViolations()).as("axe-core on the form with errors").isEmpty();

		// Empty title and empty text: both at once, not one after the other.
		this.browser.get(url("/bereiche/fragen/neu"));
		settledClick(this.browser, this.browser.findElement(By.cssSelector("form.stack-form .form-actions button")));
		errors = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-errors")));
		assertThat(errors.findElements(By.tagName("li"))).hasSize(2);
		assertThat(this.browser.findElement(By.id("f-titel-error")).getText()).isNotBlank();
		assertThat(this.browser.findElement(By.id("f-text-error")).getText()).isNotBlank();
	}

	@Test
	void previewNamesRemovedHtml() {
		PostId id = question(LiveBrowserTests.HESSEN, "Vorschau mit Skript");
		login("darmstadt");
		this.browser.get(url("/t/" + id.thread().value()));
		this.browser.findElement(By.id("reply-text")).sendKeys("Hallo <script>alert(1)</script> **Welt**");
		settledClick(this.browser, this.browser.findElement(By.cssSelector("[data-preview-for=reply-text]")));
		WebElement preview = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("reply-preview")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).until((d) -> preview.getText().contains("Welt"));
		assertThat(preview.getText()).contains("Skripte und eingebettete Inhalte");
		assertThat(preview.findElements(By.tagName("script"))).isEmpty();
	}

	@Test
	void threadPageSkipLinkReachesTheReplyEditorInFewTabsAndActionsShareOneSize() {
		PostId id = question(LiveBrowserTests.HESSEN, "Tastatur bis zur Antwort");
		for (int i = 0; i < 4; i++) {
			this.threads.reply(LiveBrowserTests.MODERATOR,
					new ThreadCommands.Reply(id.thread().value(), "Antwort Nummer " + i, null, null));
		}
		login("darmstadt");
		this.browser.get(url("/t/" + id.thread().value()));
		int tabs = 0;
		Actions keys = new Actions(this.browser);
		while (tabs < 20) {
			keys.sendKeys(Keys.TAB).perform();
			tabs++;
			WebElement active = this.browser.switchTo().activeElement();
			if ("reply-text".equals(active.getAttribute("id"))) {
				break;
			}
			if ("Zur Antwort springen".equals(active.getText())) {
				active.sendKeys(Keys.ENTER);
				new WebDriverWait(this.browser, Duration.ofSeconds(5))
					.until((d) -> "reply-text".equals(d.switchTo().activeElement().getAttribute("id")));
				break;
			}
		}
		assertThat(this.browser.switchTo().activeElement().getAttribute("id")).isEqualTo("reply-text");
		assertThat(tabs).as("Tab presses to the reply editor on a thread with five posts").isLessThan(10);

		@SuppressWarnings("unchecked")
		List<String> sizes = (List<String>) js().executeScript(
				"""
						var out = [];
						document.querySelectorAll('#post-2 .post__actions *').forEach(function (e) {
						  var own = Array.from(e.childNodes).some(function (n) { return n.nodeType === 3 && n.textContent.trim(); });
						  if (own) { out.push(getComputedStyle(e).fontSize); }
						});
						return out;""");
		assertThat(sizes).isNotEmpty();
		assertThat(Set.copyOf(sizes)).as("font sizes of the post actions").hasSize(1);
		assertThat(accessibilityViolations()).as("axe-core on the thread page").isEmpty();
	}

	@Test
	void phoneHeaderFoldsItsMenuBehindAButtonAndStaysLow() {
		login("darmstadt");
		viewport(390, 844);
		this.browser.get(url("/"));
		long headerBottom = number(
				"return Math.round(document.querySelector('.site-header').getBoundingClientRect().bottom)");
		assertThat(headerBottom).as("header height at 390 px").isLessThan(120);
		WebElement button = this.browser.findElement(By.id("site-menu-button"));
		assertThat(button.isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.id("site-nav")).isDisplayed()).isFalse();
		assertThat(pageOverflow()).isLessThanOrEqualTo(0);
		button.click();
		assertThat(button.getAttribute("aria-expanded")).isEqualTo("true");
		WebElement models = this.browser.findElement(By.cssSelector("#site-nav a[href='/modelle']"));
		assertThat(models.isDisplayed()).isTrue();
		assertThat(models.getSize().getHeight()).as("touch target height").isGreaterThanOrEqualTo(44);
		assertThat(this.browser.findElement(By.id("site-search-q")).isDisplayed()).isTrue();
		assertThat(accessibilityViolations()).as("axe-core with the menu open at 390 px").isEmpty();

		viewport(1280, 1000);
		this.browser.get(url("/"));
		assertThat(this.browser.findElement(By.id("site-menu-button")).isDisplayed()).isFalse();
		long oneRow = number(
				"return Math.round(document.querySelector('.site-header__inner').getBoundingClientRect().height)");
		js().executeScript(
				"document.querySelector('.site-user__display').textContent = 'Dr. Maximiliane Leutheusser-Schnarrenberger-Wolfenbüttel'; document.querySelector('.site-user__org').textContent = 'Kommune (Landeshauptstadt Wiesbaden, Amt für Digitalisierung)';");
		long withLongName = number(
				"return Math.round(document.querySelector('.site-header__inner').getBoundingClientRect().height)");
		assertThat(withLongName).as("a long name does not wrap the header").isEqualTo(oneRow);
		assertThat(pageOverflow()).isLessThanOrEqualTo(0);
	}

	@Test
	void errorPageKeepsTheHeaderAndTabTitlesNameTheForum() {
		login("darmstadt");
		this.browser.get(url("/t/gibt-es-nicht-123"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isNotBlank();
		assertThat(this.browser.findElement(By.cssSelector(".site-user__name")).getText()).contains("Anna Becker");
		assertThat(this.browser.findElements(By.id("notification-count"))).hasSize(1);
		assertThat(this.browser.findElements(By.id("site-search-q"))).hasSize(1);
		assertThat(this.browser.getTitle()).endsWith(SUFFIX);

		for (String path : List.of("/", "/modelle", "/pilot", "/berichte", "/faq", "/organisationen", "/suche",
				"/benachrichtigungen", "/bereiche/fragen", "/bereiche/fragen/neu", "/leistungen")) {
			this.browser.get(url(path));
			assertThat(this.browser.getTitle()).as("title of %s", path).endsWith(SUFFIX);
		}
		this.browser.get(url("/organisationen"));
		WebElement cell = this.browser.findElement(By.cssSelector("table tbody td"));
		assertThat(cell.getCssValue("padding-left")).isNotEqualTo("0px");
		assertThat(this.browser.findElement(By.cssSelector("table")).getAttribute("class")).contains("data-table");
		assertThat(pageOverflow()).isLessThanOrEqualTo(0);
		assertThat(accessibilityViolations()).as("axe-core on /organisationen").isEmpty();

		this.browser.get(url("/pilot"));
		long visible = number(
				"""
						return Array.from(document.querySelectorAll('main *')).filter(function (e) {
						  var r = e.getBoundingClientRect();
						  return r.width > 2 && r.height > 2 && e.children.length === 0 && e.textContent.trim() === 'Bekundungen, die Sie sehen dürfen';
						}).length;""");
		assertThat(visible).as("visible copies of the /pilot heading").isEqualTo(1);
	}

	@Test
	void notificationsAreGroupedWithAnExcerptAndCountedInWords() {
		PostId own = this.threads.start(LiveBrowserTests.DARMSTADT,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, "Sechs Antworten auf einmal",
						"Wer hat Erfahrung?", Set.of(), Set.of(LandCode.HE), null));
		for (int i = 1; i <= 6; i++) {
			this.threads.reply(LiveBrowserTests.HESSEN, new ThreadCommands.Reply(own.thread().value(),
					"Antwort " + i + ": Hessen stellt den Antrag ab März über civento bereit.", null, null));
		}
		login("darmstadt");
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		this.browser.get(url("/benachrichtigungen"));
		reloadUntil(wait, (d) -> d.findElements(By.cssSelector("#notification-list li[data-count='6']")).size() == 1);
		WebElement line = this.browser.findElement(By.cssSelector("#notification-list li[data-count='6']"));
		assertThat(line.getText()).contains("6 neue Antworten in Ihrem Thema „Sechs Antworten auf einmal“",
				"„Antwort 6: Hessen stellt den Antrag ab März über civento bereit.“");
		assertThat(this.browser.findElements(By.xpath("//li[contains(., 'Sechs Antworten auf einmal')]"))).hasSize(1);
		// The badge keeps its distance from the text.
		WebElement badge = line.findElement(By.cssSelector(".kern-badge"));
		WebElement text = line.findElement(By.cssSelector(".notification__text"));
		assertThat(text.getRect().getX() - (badge.getRect().getX() + badge.getRect().getWidth()))
			.isGreaterThanOrEqualTo(6);
		assertThat(this.browser.findElement(By.id("notifications-summary")).getText())
			.matches("Sie haben (eine ungelesene Benachrichtigung|\\d+ ungelesene Benachrichtigungen)\\.");
		assertThat(accessibilityViolations()).as("axe-core on /benachrichtigungen").isEmpty();

		settledClick(this.browser, line.findElement(By.tagName("a")));
		wait.until((d) -> d.getCurrentUrl().contains("/t/" + own.thread().value()));
		this.browser.get(url("/benachrichtigungen"));
		assertThat(this.browser.findElements(By.cssSelector("#notification-list li.notification--unread"))
			.stream()
			.filter((l) -> l.getText().contains("Sechs Antworten auf einmal"))
			.toList()).as("opening the line reads all six").isEmpty();
	}

	@Test
	void faqTagsAreSeparateWordsAndTheOrganisationIsNamedOnce() {
		PostId q = this.threads.start(LiveBrowserTests.DARMSTADT,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, "Wie kommen wir auf den Marktplatz?",
						"Bitte um Auskunft.", Set.of("marktplatz", "fitko"), Set.of(LandCode.HE), null));
		PostId answer = this.threads.reply(FITKO,
				new ThreadCommands.Reply(q.thread().value(), "Über das Onboarding der FITKO.", null, null));
		this.threads.acceptAnswer(LiveBrowserTests.DARMSTADT, answer.toString());
		login("darmstadt");
		this.browser.get(url("/faq"));
		WebElement entry = this.browser
			.findElement(By.cssSelector("article.faq-entry[data-thread='" + q.thread().value() + "']"));
		String meta = entry.findElement(By.cssSelector(".meta")).getText();
		assertThat(meta).doesNotContain("#marktplatz#fitko").doesNotContain("#fitko#marktplatz");
		assertThat(meta).contains("#marktplatz", "#fitko");
		String by = entry.findElement(By.cssSelector(".faq-entry__by")).getText();
		assertThat(by).isEqualTo("Antwort von FITKO (Föderale IT-Kooperation)");
		assertThat(accessibilityViolations()).as("axe-core on /faq").isEmpty();
	}

}
