package de.kommunalpakt.forum.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import de.kommunalpakt.forum.account.AccountDeletion;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
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
 * A member deletes their account (GDPR Art. 17), with the real Keycloak, Elasticsearch,
 * the MongoDB stand-in and Chromium. Each test creates its own Keycloak user through the
 * forum's service account, gives them posts, a revision, mentions, notifications, a watch
 * setting and audit entries, deletes the account and then looks for the name and the user
 * name in every collection (byte for byte, sessions included), in the search index and on
 * the pages: only the audit log keeps them, as the legal record.
 */
class AccountDeletionBrowserTests extends BrowserTestSupport {

	static final Actor MODERATOR = new Actor(new MemberId("browser-deletion-moderator"), "moderation-loeschtest",
			"Moritz Moderat", new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null,
			Set.of(Role.MEMBER, Role.MODERATOR));

	static final Actor OTHER = new Actor(new MemberId("browser-deletion-other"), "anderer-loeschtest", "Otto Anders",
			new OrganisationId("kommune-koeln"), OrganisationKind.KOMMUNE, LandCode.NW, Set.of(Role.MEMBER));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadService threads;

	@Autowired
	ModerationService moderation;

	@Autowired
	NotificationService notifications;

	@Autowired
	AccountDeletion deletion;

	@Autowired
	MemberErasures erasures;

	@Autowired
	MongoDatabase database;

	/** A person with a Keycloak account made for one test. */
	record Person(String id, String username, String name) {

		Actor actor() {
			return new Actor(new MemberId(this.id), this.username, this.name, new OrganisationId("kommune-darmstadt"),
					OrganisationKind.KOMMUNE, LandCode.HE, Set.of(Role.MEMBER));
		}

	}

	/** What a person wrote: their thread, and another member's thread they answered. */
	record Written(String ownThread, String otherThread, PostId reply) {
	}

	@BeforeEach
	void space() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder antworten.", Visibility.ALL_MEMBERS, null, 1));
	}

	@Test
	void memberDeletesTheAccountOnThePageAndLeavesNoTraceButTheAuditRecord() throws Exception {
		Person person = createPerson();
		login(person.username());
		Written written = write(person);
		this.moderation.suspend(MODERATOR, person.username(), 1, "Nur zur Probe");
		awaitIndexed(person, true);

		this.browser.get(url("/konto"));
		assertThat(accessibilityViolations()).isEmpty();
		settledClick(this.browser, this.browser.findElement(By.id("delete-start")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("delete-form")));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(url("/konto/loeschen"));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Konto löschen");
		assertThat(accessibilityViolations()).isEmpty();
		for (int width : new int[] { 1280, 390 }) {
			this.browser.manage().window().setSize(new Dimension(width, (width > 500) ? 1000 : 844));
			this.browser.get(url("/konto/loeschen"));
			assertThat(sidewaysScroll(this.browser)).as("sideways scrolling at %d px", width).isZero();
			assertThat(accessibilityViolations()).as("at %d px", width).isEmpty();
		}
		this.browser.manage().window().setSize(new Dimension(1280, 1000));

		// The wrong word keeps the account and says what to type.
		this.browser.findElement(By.id("f-bestaetigung")).sendKeys("ja");
		settledClick(this.browser, this.browser.findElement(By.id("delete-confirm")));
		new WebDriverWait(this.browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("f-bestaetigung-error")));
		assertThat(this.browser.findElement(By.id("f-bestaetigung-error")).getText())
			.isEqualTo("Bitte geben Sie genau LÖSCHEN ein, um Ihr Konto zu löschen.");
		assertThat(this.browser.findElement(By.id("f-bestaetigung")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(accessibilityViolations()).isEmpty();
		assertThat(this.erasures.isErased(new MemberId(person.id()))).isFalse();

		this.browser.findElement(By.id("f-bestaetigung")).sendKeys("LÖSCHEN");
		settledClick(this.browser, this.browser.findElement(By.id("delete-confirm")));
		new WebDriverWait(this.browser, Duration.ofSeconds(30))
			.until((driver) -> driver.getCurrentUrl().startsWith(url("/abgemeldet")));
		assertThat(this.browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ihr Konto ist gelöscht");
		assertThat(accessibilityViolations()).isEmpty();

		assertNoTrace(person);
		// The suspension's audit entry is the legal record and keeps the name; the ledger
		// keeps it for the second scrub.
		assertThat(collectionsNaming(person)).containsExactlyInAnyOrder("audit_log", "member_erasures");
		sweepNow(new MemberId(person.id()));
		assertThat(collectionsNaming(person)).containsExactly("audit_log");
		// The forum session is over: the same browser is sent to Keycloak, where the
		// account no longer signs in.
		this.browser.get(url("/konto"));
		new WebDriverWait(this.browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		assertThat(this.browser.getCurrentUrl()).startsWith(SharedTestServices.keycloakUrl());

		// The privacy page, open to anyone, says what the deletion does.
		this.browser.get(url("/datenschutz"));
		assertThat(this.browser.findElement(By.id("inhalt")).getText())
			.contains("Ihr Konto löschen", "DELETE /api/v1/me", "erscheinen aber unter „ehemaliges Mitglied“",
					"Ihr Zugang im Anmeldedienst wird gelöscht, mit Ihrem Namen, Ihrer E-Mail-Adresse",
					// As MailDispatcher.prune keeps finished mails: from their creation.
					"nicht gesendete Mails werden 30 Tage nach dem Erstellen gelöscht")
			.doesNotContain("derzeit nicht selbst")
			.doesNotContain("im Anmeldedienst gesperrt");
		assertThat(accessibilityViolations()).isEmpty();

		// Others see the posts under "ehemaliges Mitglied", and the audit log shows no
		// name.
		WebDriver admin = newBrowser();
		try {
			login(admin, "bmi");
			for (String thread : List.of(written.ownThread(), written.otherThread())) {
				admin.get(url("/t/" + thread));
				String page = admin.findElement(By.id("inhalt")).getText();
				assertThat(page).contains("ehemaliges Mitglied").doesNotContain(person.name());
				assertThat(admin.getPageSource()).doesNotContain(person.username()).doesNotContain(person.name());
			}
			admin.get(url("/admin/protokoll"));
			assertThat(admin.findElement(By.id("audit-table")).getText()).contains("ehemaliges Mitglied");
			assertThat(admin.getPageSource()).doesNotContain(person.name()).doesNotContain(person.username());
		}
		finally {
			admin.quit();
		}
	}

	@Test
	void deletionThroughTheApiDeletesTheKeycloakUser() throws Exception {
		Person person = createPerson();
		Written written = write(person);
		awaitIndexed(person, true);
		HttpResponse<String> signedIn = tokenResponse(person.username());
		assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
		String token = this.json.readTree(signedIn.body()).get("access_token").asText();
		String refresh = this.json.readTree(signedIn.body()).get("refresh_token").asText();
		// A second token from before the deletion, first shown to the forum after it: it
		// must not bring the member's mail address back.
		String second = passwordToken(person.username());

		HttpResponse<String> deleted = this.http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/me")))
			.header("Authorization", "Bearer " + token)
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
		// The token stays valid at Keycloak for minutes; the forum refuses it at once.
		for (String valid : List.of(token, second)) {
			HttpResponse<String> again = this.http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/me")))
				.header("Authorization", "Bearer " + valid)
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(again.statusCode()).isEqualTo(403);
			assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
			assertThat(again.body()).contains("Dieses Konto wurde gelöscht.");
		}

		assertNoTrace(person);
		// The Keycloak session of that sign-in ended with the user.
		HttpResponse<String> refreshed = this.http.send(HttpRequest
			.newBuilder(URI.create(SharedTestServices.keycloakIssuer() + "/protocol/openid-connect/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(
					"grant_type=refresh_token&client_id=forum-web&client_secret=dev-secret-change-me&refresh_token="
							+ refresh))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isIn(400, 401);
		// A second run of the Keycloak step finds the user gone and counts it as done.
		this.deletion.completePending();
		assertDoneButTheSweep(new MemberId(person.id()));
		HttpResponse<String> thread = this.http
			.send(HttpRequest.newBuilder(URI.create(url("/api/v1/threads/" + written.ownThread())))
				.header("Authorization", "Bearer " + passwordToken("hessen"))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(thread.statusCode()).isEqualTo(200);
		assertThat(thread.body()).contains("ehemaliges Mitglied")
			.doesNotContain(person.name())
			.doesNotContain(person.username());
	}

	@Test
	void pendingDeletionLeftByACrashIsFinishedByTheJob() throws Exception {
		Person person = createPerson();
		write(person);
		MemberId id = new MemberId(person.id());
		// The state a kill -9 right after the request leaves: the ledger entry, nothing
		// erased yet.
		this.erasures.request(id, List.of(person.name(), "@" + person.username()), Instant.now());
		assertThat(this.erasures.pending()).anySatisfy((p) -> assertThat(p.member()).isEqualTo(id));
		assertThat(collectionsNaming(person)).contains("posts");

		this.deletion.completePending();

		assertDoneButTheSweep(id);
		assertNoTrace(person);
		// Running it again changes nothing and fails nothing; the second scrub, when due,
		// leaves the name in the audit log alone.
		this.deletion.completePending();
		sweepNow(id);
		assertThat(collectionsNaming(person)).isSubsetOf("audit_log");
	}

	@Test
	void deletionOfTheTimeWhenKeycloakOnlyDisabledIsFinishedByDeletingTheUser() throws Exception {
		Person person = createPerson();
		// What the forum left before it deleted Keycloak users: the user disabled, the
		// ledger entry done with "identityDisabled".
		assertThat(keycloak("PUT", "/users/" + person.id(), "{\"enabled\":false}").statusCode()).isEqualTo(204);
		this.database.getCollection("member_erasures")
			.insertOne(new org.bson.Document("_id", person.id()).append("requestedAt", new java.util.Date())
				.append("scrubbed", true)
				.append("identityDisabled", true));
		assertThat(this.erasures.pending()).anySatisfy((p) -> assertThat(p.member().value()).isEqualTo(person.id()));

		this.deletion.completePending();

		assertThat(keycloak("GET", "/users/" + person.id(), null).statusCode()).isEqualTo(404);
		assertThat(this.erasures.pending()).noneSatisfy((p) -> assertThat(p.member().value()).isEqualTo(person.id()));
		assertThat(this.erasures.isErased(new MemberId(person.id()))).isTrue();
	}

	/** Runs the job as if the first scrub were three minutes ago: the second scrub. */
	private void sweepNow(MemberId id) {
		this.database.getCollection("member_erasures")
			.updateOne(com.mongodb.client.model.Filters.eq("_id", id.value()), com.mongodb.client.model.Updates
				.set("scrubbedAt", java.util.Date.from(Instant.now().minus(Duration.ofMinutes(3)))));
		this.deletion.completePending();
		assertThat(this.erasures.pending()).noneSatisfy((p) -> assertThat(p.member()).isEqualTo(id));
	}

	/**
	 * Scrubbed and deleted in Keycloak; the second scrub comes minutes later
	 * (AccountDeletionApiTests).
	 */
	private void assertDoneButTheSweep(MemberId id) {
		assertThat(this.erasures.pending()).filteredOn((p) -> p.member().equals(id)).singleElement().satisfies((p) -> {
			assertThat(p.scrubbed()).isTrue();
			assertThat(p.identityDeleted()).isTrue();
			assertThat(p.swept()).isFalse();
		});
	}

	private Written write(Person person) throws Exception {
		Actor actor = person.actor();
		PostId own = this.threads.start(actor,
				new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
						"Anschluss an das Fachverfahren, Frage von " + person.name(),
						"Wir suchen eine Ansprechperson für die Anbindung.", Set.of(), Set.of(LandCode.HE), null));
		String ownThread = own.thread().value();
		this.threads.edit(actor, new ThreadCommands.EditPost(own.toString(),
				"Wir suchen eine Ansprechperson für die Anbindung. Gruß, " + person.name(), 0));
		this.notifications.watch(actor, WatchTarget.thread(ownThread), WatchLevel.WATCH);
		this.threads.reply(OTHER, new ThreadCommands.Reply(ownThread,
				"Danke @" + person.username() + ", schreiben Sie mir. Gruß an " + person.name() + "!", null, null));
		PostId other = this.threads.start(OTHER, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
				"Wer kennt das Fachverfahren?", "Wir brauchen Erfahrungen.", Set.of(), Set.of(LandCode.NW), null));
		PostId reply = this.threads.reply(actor, new ThreadCommands.Reply(other.thread().value(),
				"Wir kennen es, fragen Sie " + person.name() + " in Darmstadt.", null, null));
		PostId second = this.threads.reply(actor,
				new ThreadCommands.Reply(other.thread().value(), "Noch ein Hinweis von mir.", null, null));
		this.moderation.hide(MODERATOR, second.toString(), "Doppelt");
		this.notifications.drain();
		return new Written(ownThread, other.thread().value(), reply);
	}

	private void assertNoTrace(Person person) throws Exception {
		// Only the audit log, the legal record, may still name them, and the ledger until
		// the second scrub.
		assertThat(collectionsNaming(person)).as("collections that still name the member")
			.isSubsetOf("audit_log", "member_erasures");
		awaitIndexed(person, false);
		// Keycloak no longer holds the user: not by id, not by user name or e-mail
		// address.
		HttpResponse<String> user = keycloak("GET", "/users/" + person.id(), null);
		assertThat(user.statusCode()).as(user.body()).isEqualTo(404);
		HttpResponse<String> byName = keycloak("GET",
				"/users?briefRepresentation=true&exact=true&username=" + person.username(), null);
		assertThat(byName.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(byName.body()).size()).isZero();
		HttpResponse<String> byMail = keycloak("GET",
				"/users?briefRepresentation=true&exact=true&email=" + person.username() + "@example.org", null);
		assertThat(this.json.readTree(byMail.body()).size()).isZero();
		HttpResponse<String> login = tokenResponse(person.username());
		assertThat(login.statusCode()).isIn(400, 401);
		assertThat(this.json.readTree(login.body()).path("error").asText()).isEqualTo("invalid_grant");
	}

	/** The collections whose documents hold the name or the user name, byte for byte. */
	private List<String> collectionsNaming(Person person) {
		byte[][] needles = { person.name().getBytes(StandardCharsets.UTF_8),
				person.username().getBytes(StandardCharsets.UTF_8) };
		List<String> found = new ArrayList<>();
		for (String name : this.database.listCollectionNames()) {
			boolean naming = false;
			for (RawBsonDocument d : this.database.getCollection(name, RawBsonDocument.class).find()) {
				ByteBuffer buffer = d.getByteBuffer().asNIO();
				byte[] bytes = new byte[buffer.remaining()];
				buffer.get(bytes);
				for (byte[] needle : needles) {
					naming |= contains(bytes, needle);
				}
				if (naming) {
					break;
				}
			}
			if (naming) {
				found.add(name);
			}
		}
		return found;
	}

	/** Waits until the search index does (or no longer does) hold the name. */
	private void awaitIndexed(Person person, boolean present) throws Exception {
		String body = "{\"size\":1000,\"query\":{\"match_all\":{}}}";
		long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		boolean holds;
		do {
			HttpResponse<String> response = this.http.send(HttpRequest
				.newBuilder(URI.create(SharedTestServices.elasticsearchUrl()
						+ "/browser-tests-threads/_search?filter_path=hits.hits._source"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			holds = response.body().contains(person.name()) || response.body().contains(person.username());
			if (holds == present) {
				return;
			}
			java.lang.Thread.sleep(300);
		}
		while (System.nanoTime() < until);
		assertThat(holds).as("search index holds the name").isEqualTo(present);
	}

	private static long sidewaysScroll(WebDriver browser) {
		return ((Number) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
			.longValue();
	}

	/** A member of Darmstadt in Keycloak, made through the forum's service account. */
	private Person createPerson() throws Exception {
		String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
		String username = "loeschprobe" + suffix;
		String last = "Loeschprobe" + suffix;
		String body = """
				{"username":"%s","enabled":true,"firstName":"Liselotte","lastName":"%s","email":"%s@example.org",
				 "emailVerified":true,"attributes":{"organisation_id":["kommune-darmstadt"],
				 "organisation_kind":["KOMMUNE"],"land":["HE"],"organisation_name":["Wissenschaftsstadt Darmstadt"]},
				 "credentials":[{"type":"password","value":"demo","temporary":false}]}""".formatted(username, last,
				username);
		HttpResponse<String> created = keycloak("POST", "/users", body);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		return new Person(location.substring(location.lastIndexOf('/') + 1), username, "Liselotte " + last);
	}

	private HttpResponse<String> keycloak(String method, String path, String body) throws Exception {
		String form = "grant_type=client_credentials&client_id=forum-account-admin&client_secret=dev-admin-secret-change-me";
		String token = this.json
			.readTree(this.http.send(HttpRequest
				.newBuilder(URI.create(SharedTestServices.keycloakIssuer() + "/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString()).body())
			.get("access_token")
			.asText();
		return this.http.send(HttpRequest
			.newBuilder(URI.create(SharedTestServices.keycloakUrl() + "/admin/realms/kommunalpakt" + path))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Whether the bytes hold the part (as Latin-1 text: one char per byte). */
	private static boolean contains(byte[] data, byte[] part) {
		return new String(data, StandardCharsets.ISO_8859_1).contains(new String(part, StandardCharsets.ISO_8859_1));
	}

}
