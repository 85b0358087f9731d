package de.kommunalpakt.forum.efaservice;

import java.util.List;
import java.util.Optional;

/** The catalogue; some dozens of services, read whole. */
public interface EfaServiceRepository {

	Optional<EfaService> findById(EfaServiceId id);

	/** All services, ordered by name. */
	List<EfaService> findAll();

	void save(EfaService service);

}
