package de.kommunalpakt.forum.organisation;

import java.util.List;
import java.util.Optional;

/** All organisations known to the forum. */
public interface OrganisationRepository {

	Optional<Organisation> findById(OrganisationId id);

	List<Organisation> findAll();

	void save(Organisation organisation);

}
