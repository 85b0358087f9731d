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
import org.springframework.session.MapSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session store against the MongoDB stand-in through the real driver: attributes
 * survive the round trip, a new id on login retires the old one, and sessions idle longer
 * than the timeout are gone, on reading and from the collection.
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
		MapSession session = this.sessions.createSession();
		assertThat(session.getMaxInactiveInterval()).isEqualTo(Duration.ofHours(1));
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("darmstadt", null, java.util.List.of())));
		this.sessions.save(session);
		String first = session.getId();

		MapSession loaded = this.sessions.findById(first);
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
		MapSession session = this.sessions.createSession();
		session.setAttribute("seite", "1");
		this.sessions.save(session);
		Instant first = session.getLastAccessedTime();

		this.now.set(this.now.get().plus(Duration.ofSeconds(20)));
		MapSession touched = this.sessions.findById(session.getId());
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
		MapSession later = this.sessions.findById(session.getId());
		later.setLastAccessedTime(this.now.get());
		this.sessions.save(later);
		assertThat(storedLastAccess(session.getId())).isEqualTo(this.now.get().truncatedTo(ChronoUnit.MILLIS));
	}

	@Test
	void unchangedStoredAttributesAreReusedAndAChangeByAnotherInstanceIsRead() {
		MapSession session = this.sessions.createSession();
		session.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("darmstadt", null, java.util.List.of())));
		this.sessions.save(session);

		// Two requests of the session: the attributes are made once from the stored
		// bytes, not once per request.
		Object first = this.sessions.findById(session.getId()).getAttribute("SPRING_SECURITY_CONTEXT");
		MapSession second = this.sessions.findById(session.getId());
		assertThat(second.<Object>getAttribute("SPRING_SECURITY_CONTEXT")).isSameAs(first);

		// Another instance (its own repository on the same collection) logs the
		// session in as someone else: this instance reads the new attributes.
		MongoSessionRepository other = new MongoSessionRepository(database, Duration.ofHours(1), Clock.systemUTC(),
				new MongoOidcSessionRegistry(database));
		MapSession there = other.findById(session.getId());
		there.setAttribute("SPRING_SECURITY_CONTEXT", new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated("hessen", null, java.util.List.of())));
		other.save(there);
		assertThat(this.sessions.findById(session.getId())
			.<SecurityContextImpl>getAttribute("SPRING_SECURITY_CONTEXT")
			.getAuthentication()
			.getName()).isEqualTo("hessen");

		// A request that only touches the session writes nothing (a replace would drop
		// the marker).
		MapSession third = this.sessions.findById(session.getId());
		third.setLastAccessedTime(this.now.get().plus(Duration.ofSeconds(5)));
		database.getCollection("http_sessions")
			.updateOne(Filters.eq("_id", session.getId()), com.mongodb.client.model.Updates.set("marker", 1));
		this.sessions.save(third);
		assertThat(database.getCollection("http_sessions").find(Filters.eq("_id", session.getId())).first())
			.containsEntry("marker", 1);
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
		MapSession idle = this.sessions.createSession();
		this.sessions.save(idle);
		this.now.set(this.now.get().plus(Duration.ofMinutes(50)));
		MapSession active = this.sessions.createSession();
		this.sessions.save(active);

		// 61 minutes after the first session's last request, 11 after the second's.
		this.now.set(this.now.get().plus(Duration.ofMinutes(11)));
		assertThat(this.sessions.deleteExpired()).isEqualTo(1);
		assertThat(database.getCollection("http_sessions").countDocuments(Filters.eq("_id", idle.getId()))).isZero();
		assertThat(this.sessions.findById(active.getId())).isNotNull();
	}

	@Test
	void anExpiredSessionNotYetCleanedUpIsNotFound() {
		MapSession session = this.sessions.createSession();
		session.setLastAccessedTime(this.now.get().minus(Duration.ofMinutes(61)));
		this.sessions.save(session);
		assertThat(this.sessions.findById(session.getId())).isNull();
		assertThat(database.getCollection("http_sessions").countDocuments()).isZero();
	}

}
