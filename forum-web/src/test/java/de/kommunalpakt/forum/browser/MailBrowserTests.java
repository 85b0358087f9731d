package de.kommunalpakt.forum.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.mail.MailTokens;
import de.kommunalpakt.forum.mail.OutgoingMail;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages of mail and feeds in Chromium, checked by axe-core. */
class MailBrowserTests extends BrowserTestSupport {

	@Autowired
	MailOutbox outbox;

	@Autowired
	MailTokens tokens;

	@Autowired
	MailSettingsRepository settings;

	@Autowired
	de.kommunalpakt.forum.member.MemberRepository members;

	@Autowired
	de.kommunalpakt.forum.thread.ThreadService threads;

	@Autowired
	de.kommunalpakt.forum.space.SpaceRepository spaces;

	@Test
	void mailPagesHaveNoWcag21AaViolations() {
		String id = "browser-" + UUID.randomUUID();
		this.outbox
			.add(OutgoingMail.compose(id, "sub-x", "anna@example.org", "Neue Antwort auf Ihr Thema: Rahmenvertrag",
					"Guten Tag,\n\nEine sehr lange Zeile ohne Umbruch: https://forum.example/mail/abbestellen/"
							+ "x".repeat(120),
					"<p>Guten Tag,</p>", id + "@localhost", null, null, null, Instant.now()));
		// A digest that went out without a thread its member may no longer read, and a
		// mail not sent for that reason: the notes in the state column.
		this.outbox.add(OutgoingMail
			.compose(id + "-z", "sub-x", "anna@example.org",
					"Ihre Zusammenfassung aus dem Forum Kommunalpakt: 3 Neuigkeiten in 3 Themen", "Guten Tag,",
					"<p>Guten Tag,</p>", id + "-z@localhost", null, null, null, Instant.now())
			.withThreads(List.of("faden00001", "faden00002", "faden00003"))
			.withContent("Ihre Zusammenfassung aus dem Forum Kommunalpakt: eine Neuigkeit in einem Thema", "Guten Tag,",
					"<p>Guten Tag,</p>", List.of("faden00001"), null));
		this.outbox.add(OutgoingMail.compose(id + "-d", "sub-x", "anna@example.org",
				"Neue Antwort im Thema: Bereich geschlossen", "Guten Tag,", "<p>Guten Tag,</p>", id + "-d@localhost",
				null, "faden00004", null, Instant.now()));
		this.outbox.giveUp(id + "-d", 0, "Kein Lesezugriff mehr auf das Thema", true);
		// A mail that failed for good: the buttons to send it (and all failed) again.
		this.outbox.add(OutgoingMail.compose(id + "-f", "sub-x", "anna@example.org",
				"Neue Antwort auf Ihr Thema: Kosten der Nachnutzung", "Guten Tag,", "<p>Guten Tag,</p>",
				id + "-f@localhost", null, null, null, Instant.now().plus(Duration.ofDays(36500))));
		this.outbox.giveUp(id + "-f", 8, "550 5.1.1 Postfach unbekannt", false);
		// A mail waiting untried for an unreachable relay: the note at the top.
		Instant later = Instant.now().plus(Duration.ofDays(36500));
		this.outbox.add(OutgoingMail.compose(id + "-w", "sub-x", "anna@example.org", "Neue Antwort: Kosten",
				"Guten Tag,", "<p>Guten Tag,</p>", id + "-w@localhost", null, null, null, later));
		this.outbox.claimAll(List.of(id + "-w"), later);
		this.outbox.postponeAll(List.of(id + "-w"), later, MailOutbox.RELAY_DOWN);
		login("bmi");
		// Mail to bmi paused after delivery reports: the note and its button on the
		// settings page.
		String bmi = this.members.findByUsername("bmi").orElseThrow().id().value();
		String address = this.settings.findOrDefault(bmi).email();
		for (int i = 0; i < MailSettings.Bounces.PAUSE_AFTER; i++) {
			this.settings.recordBounce(bmi, address, Instant.now(),
					"5.2.2 552 5.2.2 <" + address + ">: Mailbox full, quota exceeded");
		}
		assertThat(this.settings.findOrDefault(bmi).paused()).isTrue();
		// A thread of bmi's, for the page that mutes it from a reply's mail.
		this.spaces.save(new de.kommunalpakt.forum.space.Space(new de.kommunalpakt.forum.space.SpaceId("fragen"),
				"Fragen zur Nachnutzung", "Kommunen fragen, Länder antworten.",
				de.kommunalpakt.forum.space.Visibility.ALL_MEMBERS, null, 1));
		String muted = this.threads
			.start(this.members.findByUsername("bmi").orElseThrow().asActor(),
					new de.kommunalpakt.forum.thread.ThreadCommands.StartThread("fragen",
							de.kommunalpakt.forum.thread.ThreadType.QUESTION,
							"Abruf aus dem Rahmenvertrag über die Landesplattform",
							"Wie rufen Kommunen Leistungen aus dem Rahmenvertrag ab?", java.util.Set.of(),
							java.util.Set.of(de.kommunalpakt.forum.organisation.LandCode.HE), null))
			.thread()
			.value();
		String mutePage = "/mail/stummschalten/" + this.tokens.sign("mute", bmi, muted);
		for (String page : new String[] { "/admin/postausgang", "/admin/postausgang/" + id,
				"/admin/postausgang/" + id + "-z", "/admin/postausgang/" + id + "-f",
				"/benachrichtigungen/einstellungen", "/benachrichtigungen/feeds",
				"/mail/abbestellen/" + this.tokens.sign("unsubscribe", "sub-x", "WATCHED"), mutePage }) {
			this.browser.manage().window().setSize(new Dimension(1280, 900));
			this.browser.get(url(page));
			assertThat(accessibilityViolations()).as("axe-core on %s", page).isEmpty();
			screenshot(this.browser);
			this.browser.manage().window().setSize(new Dimension(390, 844));
			this.browser.get(url(page));
			assertThat(((JavascriptExecutor) this.browser)
				.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
				.as("no sideways scrolling on %s at 390 px", page)
				.isEqualTo(true);
		}
		// Sent after all: the note goes (other tests read the same outbox).
		this.outbox.claimAll(List.of(id + "-w"), later);
		this.outbox.sentAll(java.util.Map.of(id + "-w", Instant.now()));
		this.browser.manage().window().setSize(new Dimension(1280, 900));
		this.browser.get(url("/admin/postausgang/" + id + "-f"));
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#outbox-resend button")));
		WebElement notice = new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("outbox-notice")));
		assertThat(notice.getText()).contains("wartet wieder auf den Versand");
		assertThat(accessibilityViolations()).as("axe-core on the mail sent again").isEmpty();
		screenshot(this.browser);
		this.browser.get(url("/benachrichtigungen/einstellungen"));
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#mail-paused button")));
		new WebDriverWait(this.browser, Duration.ofSeconds(20)).until(ExpectedConditions
			.textToBePresentInElementLocated(By.tagName("main"), "Das Forum schickt Ihnen wieder Mails"));
		assertThat(this.browser.findElements(By.id("mail-paused"))).isEmpty();
		assertThat(this.settings.findOrDefault(bmi).paused()).isFalse();
		assertThat(accessibilityViolations()).as("axe-core after resuming mail").isEmpty();
		this.browser.get(url("/benachrichtigungen/feeds"));
		settledClick(this.browser, this.browser.findElement(By.id("feed-renew")));
		// the click submits a form; the new page arrives after the click returns
		WebElement links = new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("feed-links")));
		assertThat(links.getText()).contains("/feeds/").containsPattern("/feeds/[0-9a-f]{32}/nachnutzungsmodelle");
		assertThat(accessibilityViolations()).as("axe-core on the feed addresses").isEmpty();
		// A test mail to bmi's own address, prefilled: its page says it is on its way.
		this.browser.get(url("/admin/postausgang"));
		assertThat(this.browser.findElement(By.id("f-test-an")).getAttribute("value")).isEqualTo(address);
		settledClick(this.browser, this.browser.findElement(By.cssSelector("#outbox-test button")));
		WebElement sent = new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("outbox-notice")));
		assertThat(sent.getText()).contains("Die Testmail steht im Postausgang");
		assertThat(this.browser.findElement(By.tagName("h1")).getText())
			.isEqualTo("Testmail aus dem Forum Kommunalpakt");
		assertThat(accessibilityViolations()).as("axe-core on the test mail's page").isEmpty();
		this.browser.get(url(mutePage));
		settledClick(this.browser, this.browser.findElement(By.id("mute")));
		WebElement done = new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("muted")));
		assertThat(done.getText()).contains("Stummgeschaltet")
			.contains("Abruf aus dem Rahmenvertrag über die Landesplattform");
		assertThat(accessibilityViolations()).as("axe-core after muting a thread").isEmpty();
		screenshot(this.browser);
	}

}
