package de.kommunalpakt.forum.changes;

import java.util.Optional;

/**
 * Where each durable reader of the change log stands, under its name, stored beside the
 * log so that a restart (or another instance) continues from there.
 */
public interface ChangeCheckpoints {

	/**
	 * The reader's position, or empty when it has never stored one.
	 * @param reader the reader's name
	 */
	Optional<Position> find(String reader);

	/**
	 * Stores a first position unless the reader has one already; returns the stored one.
	 * @param reader the reader's name
	 * @param changeId the last change it needs no more (null: the start of the log)
	 */
	Position create(String reader, String changeId);

	/**
	 * Moves the reader's position forward to {@code changeId}; a position already further
	 * (another instance was quicker) stays.
	 */
	void advance(String reader, String changeId);

	/**
	 * A reader's position.
	 *
	 * @param changeId the last change it has handled, or null for "before the first"
	 */
	record Position(String changeId) {
	}

}
