package de.kommunalpakt.forum.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.Page;

/** The audit log's storage: append, read, prune by age; nothing is ever updated. */
public interface AuditLog {

	/** Appends the entry; returns it with its id. */
	AuditEntry append(AuditEntry entry);

	/** A fresh id, in log order, for an entry chosen before it is appended. */
	String newId();

	/**
	 * Appends the entry under the id it carries ({@link #newId}), unless an entry with
	 * that id exists (a repeat after a crash); returns the entry as stored.
	 */
	AuditEntry appendOnce(AuditEntry entry);

	Optional<AuditEntry> findById(String id);

	/** Newest first. */
	Page<AuditEntry> find(AuditQuery query, int page, int size);

	/** Every entry matching the query, newest first (CSV export). */
	void forEach(AuditQuery query, Consumer<AuditEntry> action);

	/** The entries by or about a member (their data export). */
	List<AuditEntry> involving(MemberId member);

	/** Removes entries older than the instant; returns how many. */
	long pruneBefore(Instant instant);

}
