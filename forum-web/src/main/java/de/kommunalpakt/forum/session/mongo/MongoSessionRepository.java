package de.kommunalpakt.forum.session.mongo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.types.Binary;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;

/**
 * HTTP sessions of all instances in one collection, keyed by session id.
 * <p>
 * Document: {@code {_id: session id, created, lastAccessed, maxInactiveSeconds,
 * expiresAt, attributes: Binary}}; {@code attributes} is the map of session attributes
 * (the SecurityContext with the OIDC tokens, the CSRF token, saved requests) in Java
 * serialization by Spring's serializer. The stand-in keeps no TTL indexes:
 * {@link #deleteExpired()} removes expired documents, and a session read after its expiry
 * is treated as absent.
 */
class MongoSessionRepository implements SessionRepository<MapSession> {

	private static final Log logger = LogFactory.getLog(MongoSessionRepository.class);

	private final MongoCollection<Document> collection;

	private final Duration timeout;

	private final Clock clock;

	private final MongoOidcSessionRegistry registry;

	private final SerializingConverter serializer = new SerializingConverter();

	private final DeserializingConverter deserializer = new DeserializingConverter(
			MongoSessionRepository.class.getClassLoader());

	/**
	 * How stale the stored last access may be: a request that changed nothing but the
	 * last access writes the session only if the stored one is older than this.
	 */
	static final Duration ACCESS_PRECISION = Duration.ofMinutes(1);

	/**
	 * What this instance last wrote per session: a page view that changes nothing but the
	 * last access (nearly every one) writes nothing, instead of a database write with its
	 * commit per page. The stored last access lags by at most {@link #ACCESS_PRECISION},
	 * so a session idle for its whole timeout ends up to a minute early.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<String, Written> written = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(ACCESS_PRECISION)
		.build();

	private record Written(Binary attributes, Instant lastAccessed, Duration maxInactive) {
	}

	MongoSessionRepository(MongoDatabase database, Duration timeout, Clock clock, MongoOidcSessionRegistry registry) {
		this.collection = database.getCollection("http_sessions");
		this.timeout = timeout;
		this.clock = clock;
		this.registry = registry;
	}

	@Override
	public MapSession createSession() {
		MapSession session = new MapSession();
		session.setCreationTime(this.clock.instant());
		session.setLastAccessedTime(session.getCreationTime());
		session.setMaxInactiveInterval(this.timeout);
		return session;
	}

	@Override
	public void save(MapSession session) {
		try {
			write(session);
		}
		catch (MongoException ex) {
			// Saved after the answer is written (the database gone meanwhile): the answer
			// stands, this request's changes to the session (the last access) are lost.
			logger.warn("Session not saved: " + ex.getMessage());
		}
	}

	private void write(MapSession session) {
		if (!session.getId().equals(session.getOriginalId())) {
			// A new id on login (session fixation protection): the old id is dead at
			// once.
			this.collection.deleteOne(Filters.eq("_id", session.getOriginalId()));
			this.registry.moveSession(session.getOriginalId(), session.getId());
		}
		Document document = toDocument(session);
		Binary attributes = document.get("attributes", Binary.class);
		Written last = this.written.getIfPresent(session.getId());
		if (last != null && last.attributes().equals(attributes)
				&& last.maxInactive().equals(session.getMaxInactiveInterval())
				&& session.getLastAccessedTime().isBefore(last.lastAccessed().plus(ACCESS_PRECISION))) {
			return;
		}
		this.collection.replaceOne(Filters.eq("_id", session.getId()), document, new ReplaceOptions().upsert(true));
		this.written.put(session.getId(),
				new Written(attributes, session.getLastAccessedTime(), session.getMaxInactiveInterval()));
	}

	@Override
	public MapSession findById(String id) {
		Document document = this.collection.find(Filters.eq("_id", id)).first();
		if (document == null) {
			return null;
		}
		MapSession session = fromDocument(document);
		if (!session.getMaxInactiveInterval().isNegative() && session.getLastAccessedTime()
			.plus(session.getMaxInactiveInterval())
			.isBefore(this.clock.instant())) {
			deleteById(id);
			return null;
		}
		return session;
	}

	@Override
	public void deleteById(String id) {
		this.written.invalidate(id);
		this.collection.deleteOne(Filters.eq("_id", id));
		this.registry.removeSessionInformation(id);
	}

	/** Removes expired sessions and registry entries without a session; the count. */
	long deleteExpired() {
		long deleted = this.collection.deleteMany(Filters.lt("expiresAt", Date.from(this.clock.instant())))
			.getDeletedCount();
		this.registry.deleteWhereSessionMissing(this.collection);
		return deleted;
	}

	private Document toDocument(MapSession session) {
		Map<String, Object> attributes = new HashMap<>();
		session.getAttributeNames().forEach((name) -> attributes.put(name, session.getAttribute(name)));
		Instant expiresAt = session.getLastAccessedTime().plus(session.getMaxInactiveInterval());
		return new Document("_id", session.getId()).append("created", Date.from(session.getCreationTime()))
			.append("lastAccessed", Date.from(session.getLastAccessedTime()))
			.append("maxInactiveSeconds", session.getMaxInactiveInterval().toSeconds())
			.append("expiresAt", Date.from(expiresAt))
			.append("attributes", new Binary(this.serializer.convert(attributes)));
	}

	@SuppressWarnings("unchecked")
	private MapSession fromDocument(Document document) {
		MapSession session = new MapSession(document.getString("_id"));
		session.setCreationTime(document.getDate("created").toInstant());
		session.setLastAccessedTime(document.getDate("lastAccessed").toInstant());
		session.setMaxInactiveInterval(Duration.ofSeconds(((Number) document.get("maxInactiveSeconds")).longValue()));
		Map<String, Object> attributes = (Map<String, Object>) this.deserializer
			.convert(document.get("attributes", Binary.class).getData());
		attributes.forEach(session::setAttribute);
		return session;
	}

}
