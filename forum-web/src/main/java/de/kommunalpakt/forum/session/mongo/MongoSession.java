package de.kommunalpakt.forum.session.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * One request's copy of a session, as {@link MongoSessionRepository} hands it out: the
 * attributes, plus which of them this request set or removed and the last access as
 * stored. Saving writes only what this request changed, so two requests of one session at
 * the same time (a page polling its status while a form is sent) do not undo each other's
 * changes.
 */
final class MongoSession implements Session {

	private final MapSession values;

	/** Attributes set or removed since read or last saved. */
	private final Set<String> changed = new HashSet<>();

	/** The id read or last written under. */
	private String originalId;

	/** Whether a document holds this session under {@link #getOriginalId()}. */
	private boolean stored;

	/** The last access and timeout as stored; null while not stored. */
	private Instant storedLastAccess;

	private Duration storedMaxInactive;

	private MongoSession(MapSession values, boolean stored) {
		this.values = values;
		this.originalId = values.getId();
		this.stored = stored;
		if (stored) {
			this.storedLastAccess = values.getLastAccessedTime();
			this.storedMaxInactive = values.getMaxInactiveInterval();
		}
	}

	/** A session made in this request, not stored yet. */
	static MongoSession created(MapSession values) {
		return new MongoSession(values, false);
	}

	/** A session as read from its document. */
	static MongoSession read(MapSession values) {
		return new MongoSession(values, true);
	}

	/** Written as it is now under {@link #getId()}. */
	void saved() {
		this.originalId = this.values.getId();
		this.changed.clear();
		this.stored = true;
		this.storedLastAccess = this.values.getLastAccessedTime();
		this.storedMaxInactive = this.values.getMaxInactiveInterval();
	}

	boolean isStored() {
		return this.stored;
	}

	Set<String> changedAttributes() {
		return this.changed;
	}

	Instant storedLastAccess() {
		return this.storedLastAccess;
	}

	Duration storedMaxInactive() {
		return this.storedMaxInactive;
	}

	/** The id this session was read or last written under. */
	String getOriginalId() {
		return this.originalId;
	}

	@Override
	public String getId() {
		return this.values.getId();
	}

	@Override
	public String changeSessionId() {
		return this.values.changeSessionId();
	}

	@Override
	public <T> T getAttribute(String name) {
		return this.values.getAttribute(name);
	}

	@Override
	public Set<String> getAttributeNames() {
		return this.values.getAttributeNames();
	}

	/**
	 * Sets an attribute; it is written on saving even if it is the object read (set again
	 * after a change in place, as Spring's flash maps are).
	 */
	@Override
	public void setAttribute(String name, Object value) {
		this.values.setAttribute(name, value);
		this.changed.add(name);
	}

	@Override
	public void removeAttribute(String name) {
		this.values.removeAttribute(name);
		this.changed.add(name);
	}

	@Override
	public Instant getCreationTime() {
		return this.values.getCreationTime();
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		this.values.setLastAccessedTime(lastAccessedTime);
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.values.getLastAccessedTime();
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		this.values.setMaxInactiveInterval(interval);
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.values.getMaxInactiveInterval();
	}

	@Override
	public boolean isExpired() {
		return this.values.isExpired();
	}

}
