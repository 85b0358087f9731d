package de.kommunalpakt.forum.reusemodel.web;

import java.util.Locale;

import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The EfA service catalogue, and what a municipality gets through its Land's model.
 */
@Controller
class EfaServicePageController {

	private final EfaServiceCatalogue catalogue;

	private final ReuseModelService models;

	private final OrganisationRepository organisations;

	EfaServicePageController(EfaServiceCatalogue catalogue, ReuseModelService models,
			OrganisationRepository organisations) {
		this.catalogue = catalogue;
		this.models = models;
		this.organisations = organisations;
	}

	@GetMapping("/leistungen")
	String catalogue(Actor actor, Model model) {
		model.addAttribute("services", this.catalogue.all());
		model.addAttribute("offering", this.models.offeringLands());
		model.addAttribute("ownMunicipality",
				(actor.organisationKind() == OrganisationKind.KOMMUNE) ? actor.organisation().value() : null);
		return "reusemodel/services";
	}

	@GetMapping("/kommunen/{organisationId}/leistungen")
	String municipality(Actor actor, @PathVariable String organisationId, Model model) {
		OrganisationId id;
		try {
			id = new OrganisationId(organisationId);
		}
		catch (ForumException ex) {
			throw new ForumException.NotFound("organisation.notFound");
		}
		Organisation organisation = this.organisations.findById(id)
			.orElseThrow(() -> new ForumException.NotFound("organisation.notFound"));
		if (organisation.kind() != OrganisationKind.KOMMUNE || organisation.land() == null) {
			throw new ForumException.NotFound("municipality.notMunicipality");
		}
		model.addAttribute("organisation", organisation);
		model.addAttribute("land", organisation.land());
		model.addAttribute("landSlug", organisation.land().name().toLowerCase(Locale.ROOT));
		model.addAttribute("model", this.models.findInForce(organisation.land()).orElse(null));
		model.addAttribute("services", this.models.servicesFor(organisation.land()));
		model.addAttribute("ownMunicipality", actor.organisation().equals(id));
		return "reusemodel/municipality";
	}

}
