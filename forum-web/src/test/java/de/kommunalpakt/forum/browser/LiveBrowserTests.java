package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
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
 * Two people in two browsers: a Kommune reads its question, a Land answers; the Kommune's
 * open page shows the answer without reloading, announces it, and the unread counter in
 * the header goes up. And the new pages pass axe-core.
 */
class LiveBrowserTests extends BrowserTestSupport {

	/** Darmstadt as Keycloak knows it (demo account "darmstadt"). */
	static final Actor DARMSTADT = new Actor(new MemberId("00000000-0000-4000-8000-000000000005"), "darmstadt",
			"Anna Becker", new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE, LandCode.HE,
			Set.of(Role.MEMBER));

	static final Actor HESSEN = new Actor(new MemberId("00000000-0000-4000-8000-000000000001"), "hessen",
			"Petra Schulz", new OrganisationId("land-he"), OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));

	static final Actor MODERATOR = new Actor(new MemberId("00000000-0000-4000-8000-000000000008"), "dstgb",
			"Martin Krüger", new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null,
			Set.of(Role.MEMBER, Role.MODERATOR));

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadService threads;

	PostId question;

	@BeforeEach
	void content() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
		this.question = this.threads.start(DARMSTADT,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, "Wann kommt der Wohngeld-Antrag zu uns?",
						"Wir möchten im Frühjahr starten.", Set.of("wohngeld"), Set.of(LandCode.HE), null));
	}

	@Test
	void aReplyFromTheLandAppearsLiveOnTheOpenPageAndTheCounterGoesUp() {
		login("darmstadt");
		String threadUrl = url("/t/" + this.question.thread().value());
		this.browser.get(threadUrl);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		wait.until((d) -> "open".equals(((JavascriptExecutor) d).executeScript("return window.forum.live.state")));
		int unreadBefore = Integer.parseInt(this.browser.findElement(By.id("notification-count")).getText().trim());
		((JavascriptExecutor) this.browser).executeScript("window.scrollTo(0, 120); window.__marker = 'same page';");

		WebDriver land = newBrowser();
		try {
			login(land, "hessen");
			land.get(threadUrl);
			land.findElement(By.id("reply-text")).sendKeys("Hessen stellt den Antrag ab März über civento bereit.");
			settledClick(land,
					land.findElement(By.cssSelector("#reply-form button[type=submit]:not([data-preview-for])")));
			new WebDriverWait(land, Duration.ofSeconds(15)).until((d) -> !d.findElements(By.id("post-2")).isEmpty());
		}
		finally {
			land.quit();
		}

		wait.until((d) -> !d.findElements(By.id("post-2")).isEmpty());
		assertThat(this.browser.findElement(By.id("post-2")).getText()).contains("civento", "Schulz");
		assertThat(((JavascriptExecutor) this.browser).executeScript("return window.__marker"))
			.as("the page was not reloaded")
			.isEqualTo("same page");
		wait.until((d) -> String
			.valueOf(
					((JavascriptExecutor) d).executeScript("return document.getElementById('live-region').textContent"))
			.contains("Neue Antwort"));
		wait.until((d) -> Integer.parseInt(d.findElement(By.id("notification-count")).getText().trim()) == unreadBefore
				+ 1);
		assertThat(this.browser.findElements(By.cssSelector("#posts > li.post"))).hasSize(2);
		// The reply that arrived live can be quoted like the others.
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#post-2 .quote-link")));
		wait.until((d) -> d.findElement(By.id("reply-text")).getAttribute("value").contains("civento"));

		this.browser.get(url("/benachrichtigungen"));
		assertThat(this.browser.findElement(By.id("notification-list")).getText())
			.contains("hat in Ihrem Thema „Wann kommt der Wohngeld-Antrag zu uns?“ geantwortet");
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#notification-list a")));
		wait.until((d) -> d.getCurrentUrl().contains("/t/" + this.question.thread().value()));
		assertThat(this.browser.getCurrentUrl()).endsWith("#post-2");
	}

	@Test
	void afterADroppedConnectionThePageReconnectsCatchesUpAndFollowsALock() {
		login("darmstadt");
		this.browser.get(url("/t/" + this.question.thread().value()));
		JavascriptExecutor js = (JavascriptExecutor) this.browser;
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(30));
		wait.until((d) -> "open".equals(js.executeScript("return window.forum.live.state")));

		// The connection drops; meanwhile a Land answers.
		js.executeScript("window.forum.live.socket.close(); window.__marker = 'same page';");
		wait.until((d) -> !"open".equals(js.executeScript("return window.forum.live.state")));
		this.threads.reply(HESSEN, new ThreadCommands.Reply(this.question.thread().value(),
				"Antwort, während die Verbindung weg war.", null, null));

		wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(By.id("post-2"),
				"während die Verbindung weg war"));
		assertThat(js.executeScript("return window.__marker")).isEqualTo("same page");

		// A moderator locks the thread: the state and the reply area follow without
		// reload.
		this.threads.moderate(MODERATOR, this.question.thread().value(), ThreadCommands.ModerationAction.LOCK, null);
		wait.until(org.openqa.selenium.support.ui.ExpectedConditions
			.textToBePresentInElementLocated(By.id("thread-state"), "gesperrt"));
		wait.until((d) -> d.findElements(By.id("reply-form")).isEmpty());
		assertThat(js.executeScript("return window.__marker")).isEqualTo("same page");
	}

	@Test
	void newPagesHaveNoWcag21AaViolations() {
		login("darmstadt");
		for (String page : new String[] { "/benachrichtigungen", "/benachrichtigungen/einstellungen", "/modelle",
				"/leistungen", "/pilot", "/pilot/neu", "/berichte", "/faq" }) {
			this.browser.get(url(page));
			assertThat(accessibilityViolations()).as("axe-core on %s", page).isEmpty();
		}
	}

}
