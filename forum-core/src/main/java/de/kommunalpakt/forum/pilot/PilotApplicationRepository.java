package de.kommunalpakt.forum.pilot;

import java.util.List;
import java.util.Optional;

/** Pilot applications. Hundreds at most: lists scan the collection. */
public interface PilotApplicationRepository {

	Optional<PilotApplication> findById(String id);

	/** All applications, newest first. */
	List<PilotApplication> findAll();

	/**
	 * @return false if the municipality already applied for this subject
	 */
	boolean insert(PilotApplication application);

	/**
	 * Stores {@code after} if the application is still at {@code expectedVersion},
	 * atomically.
	 */
	boolean update(long expectedVersion, PilotApplication after);

	/** Removes an application (only the demo's reset does this). */
	void delete(String id);

}
