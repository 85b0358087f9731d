package de.kommunalpakt.forum.session.mongo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store against the MongoDB stand-in through the real driver: attributes
 * survive the round trip, a new id on login retires the old one, two requests of one
 * session at the same time keep each other's changes, a session ended while a request of
 * it runs stays ended, and sessions idle longer than the timeout are gone, on reading and
 * from the collection.
 */
class MongoSessionRepositoryTests {

	static MongoClient client;

	static MongoDatabase database;

	final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

	MongoSessionRepository sessions;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(TestMongo.uri());
		database = client.getDatabase("session-tests");
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@BeforeEach
	void emptyStore() {
		database.getCollection("http_sessions").drop();
		database.getCollection("oidc_sessions").drop();
		Clock clock = new Clock() {
			@Override
			public Instant instant() {
				return MongoSessionRepositoryTests.this.now.get();
			}

			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}
		};
		this.sessions = new MongoSessionRepository(database, Duration.ofHours(1), clock,
				new MongoOidcSessionRegistry(database));
	}

	@Test
	void attributesSurviveTheRoundTripAndANewIdRetiresTheOldOne() {
		MongoSession session = this.sessions.createSession();
		assertThat(session.getMaxInactiveInterval()).isEqualTo(Duration.ofHours(1));
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("darmstadt", null, java.util.List.of())));
		this.sessions.save(session);
		String first = session.getId();

		MongoSession loaded = this.sessions.findById(first);
		assertThat(loaded.<SecurityContextImpl>getAttribute("SPRING_SECURITY_CONTEXT").getAuthentication().getName())
			.isEqualTo("darmstadt");
		loaded.changeSessionId();
		this.sessions.save(loaded);

		assertThat(this.sessions.findById(first)).isNull();
		assertThat(this.sessions.findById(loaded.getId()).getAttributeNames()).contains("SPRING_SECURITY_CONTEXT");
		assertThat(database.getCollection("http_sessions").countDocuments()).isEqualTo(1);
	}

	@Test
	void aRequestThatOnlyTouchesTheSessionWritesAtMostOncePerMinute() {
		MongoSession session = this.sessions.createSession();
		session.setAttribute("seite", "1");
		this.sessions.save(session);
		Instant first = session.getLastAccessedTime();

		this.now.set(this.now.get().plus(Duration.ofSeconds(20)));
		MongoSession touched = this.sessions.findById(session.getId());
		touched.setLastAccessedTime(this.now.get());
		this.sessions.save(touched);
		assertThat(storedLastAccess(session.getId())).isEqualTo(first.truncatedTo(ChronoUnit.MILLIS));

		// A changed attribute is written at once, with the new last access.
		touched.setAttribute("seite", "2");
		this.sessions.save(touched);
		assertThat(this.sessions.findById(session.getId()).<String>getAttribute("seite")).isEqualTo("2");
		assertThat(storedLastAccess(session.getId())).isEqualTo(this.now.get().truncatedTo(ChronoUnit.MILLIS));

		// A minute later the last access alone is written again.
		this.now.set(this.now.get().plus(Duration.ofSeconds(70)));
		MongoSession later = this.sessions.findById(session.getId());
		later.setLastAccessedTime(this.now.get());
		this.sessions.save(later);
		assertThat(storedLastAccess(session.getId())).isEqualTo(this.now.get().truncatedTo(ChronoUnit.MILLIS));
	}

	@Test
	void unchangedStoredAttributesAreReusedAndAChangeByAnotherInstanceIsRead() {
		MongoSession session = this.sessions.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("darmstadt", null, java.util.List.of())));
		this.sessions.save(session);

		// Two requests of the session: the attributes are made once from the stored
		// bytes, not once per request.
		Object first = this.sessions.findById(session.getId()).getAttribute("SPRING_SECURITY_CONTEXT");
		MongoSession second = this.sessions.findById(session.getId());
		assertThat(second.<Object>getAttribute("SPRING_SECURITY_CONTEXT")).isSameAs(first);

		// Another instance (its own repository on the same collection) logs the
		// session in as someone else: this instance reads the new attributes.
		MongoSessionRepository other = new MongoSessionRepository(database, Duration.ofHours(1), Clock.systemUTC(),
				new MongoOidcSessionRegistry(database));
		MongoSession there = other.findById(session.getId());
		there.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("hessen", null, java.util.List.of())));
		other.save(there);
		assertThat(this.sessions.findById(session.getId())
			.<SecurityContextImpl>getAttribute("SPRING_SECURITY_CONTEXT")
			.getAuthentication()
			.getName()).isEqualTo("hessen");

		// A request that only touches the session writes nothing (a replace would drop
		// the marker).
		MongoSession third = this.sessions.findById(session.getId());
		third.setLastAccessedTime(this.now.get().plus(Duration.ofSeconds(5)));
		database.getCollection("http_sessions")
			.updateOne(Filters.eq("_id", session.getId()), com.mongodb.client.model.Updates.set("marker", 1));
		this.sessions.save(third);
		assertThat(database.getCollection("http_sessions").find(Filters.eq("_id", session.getId())).first())
			.containsEntry("marker", 1);
	}

	@Test
	void twoRequestsOfOneSessionAtTheSameTimeKeepEachOthersChanges() {
		MongoSession session = this.sessions.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("bmi", null, java.util.List.of())));
		this.sessions.save(session);

		// A form is sent while the page polls its status: both requests read the session.
		MongoSession form = this.sessions.findById(session.getId());
		MongoSession poll = this.sessions.findById(session.getId());
		form.setAttribute("org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS",
				new java.util.ArrayList<>(java.util.List.of("Zurückgesetzt: ein Thema entfernt.")));
		this.sessions.save(form);
		// The poll ends after the form, a minute later (so it writes the last access) and
		// with a change of its own.
		this.now.set(this.now.get().plus(Duration.ofSeconds(70)));
		poll.setLastAccessedTime(this.now.get());
		poll.setAttribute("seite", "2");
		this.sessions.save(poll);

		MongoSession next = this.sessions.findById(session.getId());
		assertThat(next.<java.util.List<String>>getAttribute(
				"org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS"))
			.containsExactly("Zurückgesetzt: ein Thema entfernt.");
		assertThat(next.<String>getAttribute("seite")).isEqualTo("2");
		assertThat(next.<SecurityContextImpl>getAttribute("SPRING_SECURITY_CONTEXT").getAuthentication().getName())
			.isEqualTo("bmi");
		assertThat(storedLastAccess(session.getId())).isEqualTo(this.now.get().truncatedTo(ChronoUnit.MILLIS));

		// The next page takes the message out; a request that read it before and ends
		// later does not bring it back.
		MongoSession slow = this.sessions.findById(session.getId());
		next.removeAttribute("org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS");
		this.sessions.save(next);
		slow.setAttribute("seite", "3");
		this.sessions.save(slow);
		assertThat(this.sessions.findById(session.getId()).getAttributeNames())
			.containsExactlyInAnyOrder("SPRING_SECURITY_CONTEXT", "seite");
	}

	@Test
	void aSessionEndedWhileOneOfItsRequestsRunsStaysEnded() {
		MongoSession session = this.sessions.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("darmstadt", null, java.util.List.of())));
		this.sessions.save(session);

		// Logout while a request of the session runs, which then sets an attribute and
		// (a minute later) the last access.
		MongoSession running = this.sessions.findById(session.getId());
		this.sessions.deleteById(session.getId());
		this.now.set(this.now.get().plus(Duration.ofSeconds(70)));
		running.setLastAccessedTime(this.now.get());
		running.setAttribute("seite", "2");
		this.sessions.save(running);
		assertThat(this.sessions.findById(session.getId())).isNull();
		assertThat(database.getCollection("http_sessions").countDocuments()).isZero();

		// Login gives a new id: a request still running under the old one does not bring
		// the old id back.
		MongoSession fresh = this.sessions.createSession();
		this.sessions.save(fresh);
		String before = fresh.getId();
		MongoSession old = this.sessions.findById(before);
		MongoSession login = this.sessions.findById(before);
		login.changeSessionId();
		login.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("hessen", null, java.util.List.of())));
		this.sessions.save(login);
		old.setAttribute("seite", "1");
		this.sessions.save(old);
		assertThat(this.sessions.findById(before)).isNull();
		assertThat(this.sessions.findById(login.getId()).getAttributeNames())
			.containsExactly("SPRING_SECURITY_CONTEXT");
		assertThat(database.getCollection("http_sessions").countDocuments()).isEqualTo(1);
	}

	@Test
	void attributeNamesWithDotsAndDollarsRoundTripAndTheEarlierFormatCountsAsAbsent() {
		MongoSession session = this.sessions.createSession();
		session.setAttribute("a.b.c", "1");
		session.setAttribute("$x%2E", "2");
		this.sessions.save(session);
		assertThat(
				database.getCollection("http_sessions").find().first().get("attrs", org.bson.Document.class).keySet())
			.containsExactlyInAnyOrder("a%2Eb%2Ec", "%24x%252E");
		MongoSession loaded = this.sessions.findById(session.getId());
		assertThat(loaded.<String>getAttribute("a.b.c")).isEqualTo("1");
		assertThat(loaded.<String>getAttribute("$x%2E")).isEqualTo("2");
		loaded.removeAttribute("a.b.c");
		this.sessions.save(loaded);
		assertThat(this.sessions.findById(session.getId()).getAttributeNames()).containsExactly("$x%2E");

		database.getCollection("http_sessions")
			.insertOne(new org.bson.Document("_id", "frueher").append("created", new java.util.Date())
				.append("lastAccessed", new java.util.Date())
				.append("maxInactiveSeconds", 3600L)
				.append("expiresAt", new java.util.Date(System.currentTimeMillis() + 3_600_000))
				.append("attributes", new org.bson.types.Binary(new byte[] { 1, 2, 3 })));
		assertThat(this.sessions.findById("frueher")).isNull();
		assertThat(database.getCollection("http_sessions").countDocuments(Filters.eq("_id", "frueher"))).isZero();
	}

	private static Instant storedLastAccess(String id) {
		return database.getCollection("http_sessions")
			.find(Filters.eq("_id", id))
			.first()
			.getDate("lastAccessed")
			.toInstant();
	}

	@Test
	void aSessionIdleLongerThanTheTimeoutIsGoneAndTheCleanupRemovesIt() {
		MongoSession idle = this.sessions.createSession();
		this.sessions.save(idle);
		this.now.set(this.now.get().plus(Duration.ofMinutes(50)));
		MongoSession active = this.sessions.createSession();
		this.sessions.save(active);

		// 61 minutes after the first session's last request, 11 after the second's.
		this.now.set(this.now.get().plus(Duration.ofMinutes(11)));
		assertThat(this.sessions.deleteExpired()).isEqualTo(1);
		assertThat(database.getCollection("http_sessions").countDocuments(Filters.eq("_id", idle.getId()))).isZero();
		assertThat(this.sessions.findById(active.getId())).isNotNull();
	}

	@Test
	void anExpiredSessionNotYetCleanedUpIsNotFound() {
		MongoSession session = this.sessions.createSession();
		session.setLastAccessedTime(this.now.get().minus(Duration.ofMinutes(61)));
		this.sessions.save(session);
		assertThat(this.sessions.findById(session.getId())).isNull();
		assertThat(database.getCollection("http_sessions").countDocuments()).isZero();
	}

}
