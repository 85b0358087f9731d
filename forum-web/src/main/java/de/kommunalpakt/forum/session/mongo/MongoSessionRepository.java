package de.kommunalpakt.forum.session.mongo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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

	/** How many sessions this instance keeps the stored state of. */
	static final int KNOWN_SESSIONS = 2_000;

	/**
	 * What the database holds per session, as this instance last read or wrote it: the
	 * serialized attributes, the attributes made from them, the stored last access and
	 * timeout. Nearly every request reads its session and changes nothing but the last
	 * access. With this a read whose stored bytes are unchanged reuses the attributes
	 * instead of deserializing them (the OIDC tokens: about a sixth of a page's CPU
	 * time), and a save whose attributes are the very objects read writes nothing and
	 * serializes nothing, unless the stored last access is older than
	 * {@link #ACCESS_PRECISION} (a session idle for its whole timeout ends up to a minute
	 * early). As with Spring Session's other stores, an attribute changed in place
	 * without {@code setAttribute} is not saved; Spring Security and the forum set
	 * changed attributes anew.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<String, Stored> stored = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(KNOWN_SESSIONS)
		.expireAfterAccess(Duration.ofMinutes(30))
		.build();

	/**
	 * One session's stored state; {@code attributes} is shared by the requests of the
	 * session and never changed.
	 */
	private record Stored(byte[] bytes, Map<String, Object> attributes, Instant lastAccessed, Duration maxInactive) {

		boolean holds(MapSession session) {
			Set<String> names = session.getAttributeNames();
			if (names.size() != this.attributes.size()) {
				return false;
			}
			for (String name : names) {
				if (session.getAttribute(name) != this.attributes.get(name)) {
					return false;
				}
			}
			return true;
		}

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
			this.stored.invalidate(session.getOriginalId());
			this.registry.moveSession(session.getOriginalId(), session.getId());
		}
		Stored last = this.stored.getIfPresent(session.getId());
		boolean sameAttributes = last != null && last.holds(session);
		if (sameAttributes && last.maxInactive().equals(session.getMaxInactiveInterval())
				&& session.getLastAccessedTime().isBefore(last.lastAccessed().plus(ACCESS_PRECISION))) {
			return;
		}
		Map<String, Object> attributes = new HashMap<>();
		session.getAttributeNames().forEach((name) -> attributes.put(name, session.getAttribute(name)));
		byte[] bytes = sameAttributes ? last.bytes() : this.serializer.convert(attributes);
		Instant expiresAt = session.getLastAccessedTime().plus(session.getMaxInactiveInterval());
		Document document = new Document("_id", session.getId()).append("created", Date.from(session.getCreationTime()))
			.append("lastAccessed", Date.from(session.getLastAccessedTime()))
			.append("maxInactiveSeconds", session.getMaxInactiveInterval().toSeconds())
			.append("expiresAt", Date.from(expiresAt))
			.append("attributes", new Binary(bytes));
		this.collection.replaceOne(Filters.eq("_id", session.getId()), document, new ReplaceOptions().upsert(true));
		this.stored.put(session.getId(), new Stored(bytes, Collections.unmodifiableMap(attributes),
				session.getLastAccessedTime(), session.getMaxInactiveInterval()));
	}

	@Override
	public MapSession findById(String id) {
		Document document = this.collection.find(Filters.eq("_id", id)).first();
		if (document == null) {
			this.stored.invalidate(id);
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
		this.stored.invalidate(id);
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

	@SuppressWarnings("unchecked")
	private MapSession fromDocument(Document document) {
		String id = document.getString("_id");
		MapSession session = new MapSession(id);
		session.setCreationTime(document.getDate("created").toInstant());
		session.setLastAccessedTime(document.getDate("lastAccessed").toInstant());
		session.setMaxInactiveInterval(Duration.ofSeconds(((Number) document.get("maxInactiveSeconds")).longValue()));
		byte[] bytes = document.get("attributes", Binary.class).getData();
		Stored known = this.stored.getIfPresent(id);
		Map<String, Object> attributes = (known != null && Arrays.equals(known.bytes(), bytes)) ? known.attributes()
				: Collections.unmodifiableMap((Map<String, Object>) this.deserializer.convert(bytes));
		attributes.forEach(session::setAttribute);
		this.stored.put(id,
				new Stored(bytes, attributes, session.getLastAccessedTime(), session.getMaxInactiveInterval()));
		return session;
	}

}
