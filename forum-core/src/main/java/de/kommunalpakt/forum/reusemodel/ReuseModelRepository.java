package de.kommunalpakt.forum.reusemodel;

import java.util.List;
import java.util.Optional;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.thread.ThreadId;

/**
 * Reuse models (one per Land, the Land code is the id) and their versions (id
 * {@code <land>-<number>}). The unique version id decides between two concurrent edits:
 * only one can write version n+1.
 */
public interface ReuseModelRepository {

	Optional<ReuseModel> findByLand(LandCode land);

	/** All models; at most 16. */
	List<ReuseModel> findAll();

	/**
	 * @return false if a model for this Land exists
	 */
	boolean insert(ReuseModel model);

	/**
	 * Stores {@code after} if the model is still at {@code expectedVersion}, atomically.
	 * @return false if it moved on meanwhile
	 */
	boolean update(long expectedVersion, ReuseModel after);

	/** Sets the discussion thread if none is set yet. */
	boolean setThread(LandCode land, ThreadId thread);

	/**
	 * @return false if this version number is taken
	 */
	boolean insertVersion(ReuseModelVersion version);

	Optional<ReuseModelVersion> findVersion(LandCode land, long number);

	/** Versions 1 to {@code upTo}, oldest first. */
	List<ReuseModelVersion> findVersions(LandCode land, long upTo);

}
