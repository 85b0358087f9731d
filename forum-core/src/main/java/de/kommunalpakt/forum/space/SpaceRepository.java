package de.kommunalpakt.forum.space;

import java.util.List;
import java.util.Optional;

/** All spaces. Few, so they are read whole and cached by callers where it helps. */
public interface SpaceRepository {

	Optional<Space> findById(SpaceId id);

	List<Space> findAll();

	void save(Space space);

}
