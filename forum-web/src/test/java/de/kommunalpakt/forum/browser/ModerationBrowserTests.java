package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
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
 * Moderation as people do it, with Keycloak, Elasticsearch and Chromium: a municipality
 * writes a reply with a private phone number, another reports it, the moderator hides it
 * from the review queue, the author is told why, and the text is gone from the page and
 * from search. axe-core checks every page on the way.
 */
class ModerationBrowserTests extends BrowserTestSupport {

	static final Actor LAND = new Actor(new MemberId("browser-hessen"), "hessen-test", "Petra Schulz",
			new OrganisationId("land-he"), OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadService threads;

	@Autowired
	de.kommunalpakt.forum.moderation.ModerationService moderation;

	PostId question;

	@BeforeEach
	void content() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
		this.question = this.threads.start(LAND,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
						"Wer hilft beim Anschluss des Fachverfahrens?", "Wir suchen eine Ansprechperson.", Set.of(),
						Set.of(LandCode.HE), null));
	}

	@Test
	void reportQueueHideAuthorNotifiedAndHiddenEverywhere() {
		String thread = this.question.thread().value();
		String word = "Pelikanstrasse" + (System.nanoTime() % 100000);

		// The author writes a reply with private details.
		login("darmstadt");
		this.browser.get(url("/t/" + thread));
		this.browser.findElement(By.id("reply-text")).sendKeys("Rufen Sie mich privat an, " + word + " 7, 0171 555.");
		settledClick(this.browser,
				this.browser.findElement(By.cssSelector("#reply-form button[type=submit]:not([data-preview-for])")));
		new WebDriverWait(this.browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("post-2")));
		String post = thread + "-2";
		awaitSearch(word, thread, true);
		switchTo("koeln");

		// Another member reports it.
		this.browser.get(url("/t/" + thread));
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#post-2 a[href$='/melden']")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("grund-PERSONAL_DATA")));
		assertThat(accessibilityViolations()).as("axe-core on the report form").isEmpty();
		this.browser.findElement(By.cssSelector("label[for='grund-PERSONAL_DATA']")).click();
		this.browser.findElement(By.id("f-hinweis")).sendKeys("Private Handynummer");
		this.browser.findElement(By.id("report-submit")).click();
		assertThat(new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("report-done")))
			.getText()).contains("Danke für Ihre Meldung");
		switchTo("dstgb");

		// The moderator sees the counter, opens the queue and hides the post.
		assertThat(this.browser.findElement(By.id("report-count")).getText()).isNotEqualTo("0");
		this.browser.findElement(By.id("reports-link")).click();
		WebElement item = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("meldung-" + post)));
		assertThat(item.getText()).contains("personenbezogene Daten", "Private Handynummer", word);
		assertThat(accessibilityViolations()).as("axe-core on the review queue").isEmpty();
		item.findElement(By.tagName("textarea")).sendKeys("Private Telefonnummer und Anschrift.");
		settledClick(this.browser, item.findElement(By.cssSelector("button[value='ausblenden']")));
		assertThat(new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("moderation-notice")))
			.getText()).contains("ausgeblendet");
		assertThat(this.browser.findElements(By.id("meldung-" + post))).isEmpty();
		switchTo("darmstadt");

		// The author is told, with the reason.
		WebElement note = new WebDriverWait(this.browser, Duration.ofSeconds(20)).until((b) -> {
			b.get(url("/benachrichtigungen"));
			return b.findElements(By.cssSelector("#notification-list .notification"))
				.stream()
				.filter((n) -> n.getText().contains("ausgeblendet"))
				.findFirst()
				.orElse(null);
		});
		assertThat(note.getText()).contains("Martin Krüger", "Private Telefonnummer und Anschrift.");
		assertThat(accessibilityViolations()).as("axe-core on the inbox").isEmpty();
		switchTo("koeln");

		// Everyone else sees the note, not the text: page and search.
		this.browser.get(url("/t/" + thread));
		WebElement hidden = this.browser.findElement(By.id("post-2"));
		assertThat(hidden.getText()).contains("Ausgeblendet durch die Moderation",
				"Private Telefonnummer und Anschrift.");
		assertThat(hidden.getText()).doesNotContain(word, "0171");
		assertThat(accessibilityViolations()).as("axe-core on the thread with a hidden post").isEmpty();
		awaitSearch(word, thread, false);
		assertThat(accessibilityViolations()).as("axe-core on the search without hits").isEmpty();
	}

	@Test
	void threadOfAHiddenOpeningPostIsMarkedForTheModeratorAndHiddenForMembers() {
		String thread = this.question.thread().value();
		Actor moderator = new Actor(new MemberId("browser-dstgb"), "dstgb-test", "Martin Krüger",
				new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null, Set.of(Role.MEMBER, Role.MODERATOR));
		this.moderation.hide(moderator, this.question.toString(), "Werbung für ein Produkt.");

		login("dstgb");
		for (int width : new int[] { 1280, 390 }) {
			this.browser.manage()
				.window()
				.setSize(new org.openqa.selenium.Dimension(width, (width > 500) ? 1000 : 844));
			this.browser.get(url("/t/" + thread));
			assertThat(this.browser.findElement(By.id("thread-hidden")).getText()).isEqualTo("ausgeblendet");
			assertThat(this.browser.findElement(By.id("thread-hidden-note")).getText())
				.startsWith("Die Moderation hat den ersten Beitrag dieses Themas ausgeblendet.");
			assertThat(accessibilityViolations()).as("axe-core on the hidden thread at %d px", width).isEmpty();
			screenshot(this.browser);
			this.browser.get(url("/bereiche/fragen"));
			assertThat(this.browser.findElement(By.cssSelector("a[href^='/t/" + thread + "']"))
				.findElement(By.xpath("./ancestor::li"))
				.findElement(By.className("thread-hidden"))
				.getText()).isEqualTo("ausgeblendet");
			assertThat(accessibilityViolations()).as("axe-core on the space with a hidden thread at %d px", width)
				.isEmpty();
		}
		switchTo("koeln");

		this.browser.get(url("/t/" + thread));
		assertThat(this.browser.findElement(By.id("inhalt")).getText())
			.contains("Dieses Thema ist von der Moderation ausgeblendet und nur für die Moderation sichtbar.")
			.doesNotContain("Wer hilft beim Anschluss");
		assertThat(accessibilityViolations()).as("axe-core on the page of a hidden thread").isEmpty();
		this.browser.get(url("/bereiche/fragen"));
		assertThat(this.browser.findElements(By.cssSelector("a[href^='/t/" + thread + "']"))).isEmpty();
	}

	private void switchTo(String username) {
		this.browser.quit();
		this.browser = newBrowser();
		login(username);
	}

	private void awaitSearch(String word, String thread, boolean found) {
		new WebDriverWait(this.browser, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(500)).until((b) -> {
			b.get(url("/suche?q=" + word));
			return b.getPageSource().contains("/t/" + thread) == found;
		});
	}

}
