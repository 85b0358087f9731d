package de.kommunalpakt.forum.efaservice;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.stereotype.Service;

/** Reads and maintains the catalogue of EfA services. */
@Service
public class EfaServiceCatalogue {

	private final EfaServiceRepository services;

	private final ChangePublisher changes;

	private final Clock clock;

	public EfaServiceCatalogue(EfaServiceRepository services, ChangePublisher changes, Clock clock) {
		this.services = services;
		this.changes = changes;
		this.clock = clock;
	}

	public List<EfaService> all() {
		return this.services.findAll();
	}

	public Map<EfaServiceId, EfaService> byId() {
		return all().stream()
			.collect(Collectors.toMap(EfaService::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
	}

	/** Load by id (for pages and for indexing). */
	public EfaService get(EfaServiceId id) {
		return this.services.findById(id).orElseThrow(() -> new ForumException.NotFound("efaService.notFound"));
	}

	/** Administrators and members of the Land that built the service maintain it. */
	public EfaService save(Actor actor, EfaService service) {
		boolean ownLand = actor.organisationKind() == OrganisationKind.LAND && service.builtBy() == actor.land();
		if (!actor.isAdmin() && !ownLand) {
			throw new ForumException.Forbidden("efaService.edit.forbidden");
		}
		this.services.save(service);
		this.changes.publish(new ForumChange(null, ChangeKind.EFA_SERVICE_CHANGED, null, 0, null, actor.id().value(), 0,
				this.clock.instant()));
		return service;
	}

}
