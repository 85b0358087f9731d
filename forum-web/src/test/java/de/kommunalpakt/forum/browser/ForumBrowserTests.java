package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
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

/** Log in through Keycloak, read, reply; and axe-core finds no WCAG 2.1 AA violation. */
class ForumBrowserTests extends BrowserTestSupport {

	static final Actor LAND = new Actor(new MemberId("browser-hessen"), "hessen-test", "Petra Schulz",
			new OrganisationId("land-he"), OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadService threads;

	PostId question;

	@BeforeEach
	void content() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
		this.question = this.threads.start(LAND,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, "Wie binden wir FIT-Connect an?",
						"Wir brauchen **Hilfe** beim Zustellpunkt.\n\n- Zertifikat\n- Schnittstelle",
						Set.of("fit-connect"), Set.of(LandCode.HE), null));
	}

	@Test
	void municipalityLogsInReadsAThreadAndSeesItsReply() {
		login("darmstadt");
		assertThat(this.browser.findElement(By.cssSelector(".site-user__name")).getText()).contains("Anna Becker");

		this.browser.get(url("/t/" + this.question.thread().value()));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Wie binden wir FIT-Connect an?");
		WebElement text = this.browser.findElement(By.id("reply-text"));
		text.sendKeys("Wir haben das mit unserem Hersteller in zwei Wochen geschafft.");
		settledClick(this.browser,
				this.browser.findElement(By.cssSelector("#reply-form button[type=submit]:not([data-preview-for])")));

		new WebDriverWait(this.browser, Duration.ofSeconds(15))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("post-2")));
		assertThat(this.browser.findElement(By.id("post-2")).getText())
			.contains("Wir haben das mit unserem Hersteller in zwei Wochen geschafft.", "Anna Becker");
	}

	@Test
	void aPostIsMarkedHelpfulWithTheKeyboard() {
		login("darmstadt");
		this.browser.get(url("/t/" + this.question.thread().value()));
		WebElement helpful = this.browser.findElement(By.cssSelector("#post-1 button[formaction$='/hilfreich']"));
		assertThat(helpful.getAttribute("aria-pressed")).isEqualTo("false");

		// The button belongs to the page's one action form (CSRF field included).
		helpful.sendKeys(Keys.ENTER);

		// The page reloads after the post, and a live update may draw the post again: a
		// stale element, which Chromium 156 may report as "Node with given id does not
		// belong to the document" instead.
		new WebDriverWait(this.browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class).until((b) -> {
			WebElement pressed = b.findElement(By.cssSelector("#post-1 button[formaction$='/hilfreich']"));
			return "true".equals(pressed.getAttribute("aria-pressed")) && "Hilfreich (1)".equals(pressed.getText());
		});
	}

	@Test
	void quotingPutsThePostsMarkdownIntoTheReply() {
		login("darmstadt");
		this.browser.get(url("/t/" + this.question.thread().value()));
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#post-1 .quote-link")));

		WebElement text = this.browser.findElement(By.id("reply-text"));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until((b) -> text.getAttribute("value").contains("Zustellpunkt"));
		assertThat(text.getAttribute("value")).startsWith(
				"> **Petra Schulz** schrieb:\n> Wir brauchen **Hilfe** beim Zustellpunkt.\n> \n> - Zertifikat\n");
		assertThat(this.browser.findElement(By.id("reply-quote")).getAttribute("value")).isEqualTo("1");
	}

	@Test
	void previewShowsRenderedMarkdownWithoutLeavingThePage() {
		login("darmstadt");
		this.browser.get(url("/t/" + this.question.thread().value()));
		this.browser.findElement(By.id("reply-text")).sendKeys("**Vorschau** funktioniert");
		settledClick(this.browser, this.browser.findElement(By.cssSelector("[data-preview-for=reply-text]")));
		WebElement preview = new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("reply-preview")));
		assertThat(preview.findElement(By.tagName("strong")).getText()).isEqualTo("Vorschau");
	}

	@Test
	void pagesHaveNoWcag21AaViolations() {
		login("darmstadt");
		for (String page : new String[] { "/", "/bereiche/fragen", "/t/" + this.question.thread().value(),
				"/bereiche/fragen/neu", "/organisationen", "/barrierefreiheit", "/t/gibtesnicht",
				// The notice when no thread has all words: per-word counts, "Meinten
				// Sie".
				"/suche?q=Zertifikat%20Gebuehren" }) {
			this.browser.get(url(page));
			assertThat(accessibilityViolations()).as("axe-core on %s", page).isEmpty();
		}
	}

}
