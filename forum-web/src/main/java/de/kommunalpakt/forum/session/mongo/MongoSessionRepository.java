package de.kommunalpakt.forum.session.mongo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
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
 * expiresAt, attrs: {name: Binary}}}; each session attribute (the SecurityContext with
 * the OIDC tokens, the CSRF token, saved requests, flash messages) in Java serialization
 * by Spring's serializer, under its name ({@code %}, {@code .} and {@code $} escaped as
 * {@code %25}, {@code %2E}, {@code %24}). A request writes only the attributes it set or
 * removed, and only into a document that still exists: two requests of one session at the
 * same time keep each other's changes, and a request still running when its session ends
 * (logout, a new id on login, expiry) does not bring it back. The stand-in keeps no TTL
 * indexes: {@link #deleteExpired()} removes expired documents, and a session read after
 * its expiry is treated as absent. A session stored in the earlier format (all attributes
 * in one {@code attributes} field) is treated as absent too: its user logs in again.
 */
class MongoSessionRepository implements SessionRepository<MongoSession> {

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

	/** How many sessions this instance keeps the stored attributes of. */
	static final int KNOWN_SESSIONS = 2_000;

	/**
	 * The attributes of a session as this instance last read or wrote them: per name the
	 * serialized bytes and the object made from them. Nearly every request reads its
	 * session and changes nothing but the last access. With this a read whose stored
	 * bytes are unchanged reuses the object instead of deserializing it (the OIDC tokens:
	 * about a sixth of a page's CPU time); a request that sets no attribute writes
	 * nothing unless the stored last access is older than {@link #ACCESS_PRECISION} (a
	 * session idle for its whole timeout ends up to a minute early). As with Spring
	 * Session's other stores, an attribute changed in place without {@code setAttribute}
	 * is not saved; Spring Security and the forum set changed attributes anew.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<String, Map<String, Stored>> stored = com.github.benmanes.caffeine.cache.Caffeine
		.newBuilder()
		.maximumSize(KNOWN_SESSIONS)
		.expireAfterAccess(Duration.ofMinutes(30))
		.build();

	/**
	 * One attribute as stored; {@code value} is shared by the requests of the session and
	 * never changed.
	 */
	private record Stored(byte[] bytes, Object value) {
	}

	MongoSessionRepository(MongoDatabase database, Duration timeout, Clock clock, MongoOidcSessionRegistry registry) {
		this.collection = database.getCollection("http_sessions");
		this.timeout = timeout;
		this.clock = clock;
		this.registry = registry;
	}

	@Override
	public MongoSession createSession() {
		MapSession session = new MapSession();
		session.setCreationTime(this.clock.instant());
		session.setLastAccessedTime(session.getCreationTime());
		session.setMaxInactiveInterval(this.timeout);
		return MongoSession.created(session);
	}

	@Override
	public void save(MongoSession session) {
		try {
			write(session);
		}
		catch (MongoException ex) {
			// Saved after the answer is written (the database gone meanwhile): the answer
			// stands, this request's changes to the session are lost.
			logger.warn("Session not saved: " + ex.getMessage());
		}
	}

	private void write(MongoSession session) {
		String id = session.getId();
		boolean newId = !id.equals(session.getOriginalId());
		if (newId) {
			// A new id on login (session fixation protection): the old id is dead at
			// once, also for requests of it still running.
			this.collection.deleteOne(Filters.eq("_id", session.getOriginalId()));
			this.stored.invalidate(session.getOriginalId());
			this.registry.moveSession(session.getOriginalId(), id);
		}
		if (!session.isStored() || newId) {
			writeWhole(session);
			return;
		}
		boolean touched = !session.getMaxInactiveInterval().equals(session.storedMaxInactive())
				|| !session.getLastAccessedTime().isBefore(session.storedLastAccess().plus(ACCESS_PRECISION));
		if (session.changedAttributes().isEmpty() && !touched) {
			return;
		}
		List<Bson> updates = new ArrayList<>();
		Map<String, Stored> written = new HashMap<>();
		for (String name : session.changedAttributes()) {
			Object value = session.getAttribute(name);
			if (value == null) {
				updates.add(Updates.unset("attrs." + field(name)));
			}
			else {
				Stored attribute = new Stored(this.serializer.convert(value), value);
				written.put(name, attribute);
				updates.add(Updates.set("attrs." + field(name), new Binary(attribute.bytes())));
			}
		}
		Date lastAccessed = Date.from(session.getLastAccessedTime());
		Date expiresAt = Date.from(session.getLastAccessedTime().plus(session.getMaxInactiveInterval()));
		// Requests of a session end in any order: the latest access wins.
		updates.add(Updates.max("lastAccessed", lastAccessed));
		if (session.getMaxInactiveInterval().equals(session.storedMaxInactive())) {
			updates.add(Updates.max("expiresAt", expiresAt));
		}
		else {
			updates.add(Updates.set("maxInactiveSeconds", session.getMaxInactiveInterval().toSeconds()));
			updates.add(Updates.set("expiresAt", expiresAt));
		}
		if (this.collection.updateOne(Filters.eq("_id", id), Updates.combine(updates)).getMatchedCount() == 0) {
			// Ended meanwhile (logout, expiry): it stays ended.
			this.stored.invalidate(id);
			return;
		}
		Set<String> changed = session.changedAttributes();
		this.stored.asMap().computeIfPresent(id, (key, before) -> {
			Map<String, Stored> after = new HashMap<>(before);
			after.keySet().removeAll(changed);
			after.putAll(written);
			return Collections.unmodifiableMap(after);
		});
		session.saved();
	}

	/** A new session, or one under a new id: the whole document. */
	private void writeWhole(MongoSession session) {
		Map<String, Stored> attributes = new HashMap<>();
		Document attrs = new Document();
		for (String name : session.getAttributeNames()) {
			Object value = session.getAttribute(name);
			Stored attribute = new Stored(this.serializer.convert(value), value);
			attributes.put(name, attribute);
			attrs.append(field(name), new Binary(attribute.bytes()));
		}
		Instant expiresAt = session.getLastAccessedTime().plus(session.getMaxInactiveInterval());
		Document document = new Document("_id", session.getId()).append("created", Date.from(session.getCreationTime()))
			.append("lastAccessed", Date.from(session.getLastAccessedTime()))
			.append("maxInactiveSeconds", session.getMaxInactiveInterval().toSeconds())
			.append("expiresAt", Date.from(expiresAt))
			.append("attrs", attrs);
		this.collection.replaceOne(Filters.eq("_id", session.getId()), document, new ReplaceOptions().upsert(true));
		this.stored.put(session.getId(), Collections.unmodifiableMap(attributes));
		session.saved();
	}

	@Override
	public MongoSession findById(String id) {
		Document document = this.collection.find(Filters.eq("_id", id)).first();
		if (document == null) {
			this.stored.invalidate(id);
			return null;
		}
		Document attrs = document.get("attrs", Document.class);
		if (attrs == null) {
			// The earlier format, one field for all attributes.
			deleteById(id);
			return null;
		}
		MapSession session = new MapSession(id);
		session.setCreationTime(document.getDate("created").toInstant());
		session.setLastAccessedTime(document.getDate("lastAccessed").toInstant());
		session.setMaxInactiveInterval(Duration.ofSeconds(((Number) document.get("maxInactiveSeconds")).longValue()));
		if (!session.getMaxInactiveInterval().isNegative() && session.getLastAccessedTime()
			.plus(session.getMaxInactiveInterval())
			.isBefore(this.clock.instant())) {
			deleteById(id);
			return null;
		}
		Map<String, Stored> known = this.stored.getIfPresent(id);
		Map<String, Stored> attributes = new HashMap<>();
		for (Map.Entry<String, Object> entry : attrs.entrySet()) {
			String name = name(entry.getKey());
			byte[] bytes = ((Binary) entry.getValue()).getData();
			Stored before = (known != null) ? known.get(name) : null;
			Stored attribute = (before != null && Arrays.equals(before.bytes(), bytes)) ? before
					: new Stored(bytes, this.deserializer.convert(bytes));
			attributes.put(name, attribute);
			session.setAttribute(name, attribute.value());
		}
		this.stored.put(id, Collections.unmodifiableMap(attributes));
		return MongoSession.read(session);
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

	/** An attribute's name as a field name: no dot, no leading dollar sign. */
	static String field(String name) {
		StringBuilder field = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			switch (c) {
				case '%' -> field.append("%25");
				case '.' -> field.append("%2E");
				case '$' -> field.append("%24");
				default -> field.append(c);
			}
		}
		return field.toString();
	}

	/** The attribute's name of a field name made by {@link #field(String)}. */
	static String name(String field) {
		StringBuilder name = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '%' && i + 2 < field.length()) {
				name.append((char) Integer.parseInt(field.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				name.append(c);
			}
		}
		return name.toString();
	}

}
