package de.kommunalpakt.forum.reusemodel.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.Contact;
import de.kommunalpakt.forum.reusemodel.CostShare;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelProfile;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.shared.ForumException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Länder's reuse models in the API, read only, with the same checks as the pages
 * {@code /modelle}: the comparison of all 16 Länder with the page's filters, one model (a
 * draft only for its Land's editors and the moderation), its versions and one version
 * with the fields it changed. Stored codes (legal route, payer, status), as the rest of
 * the API.
 */
@RestController
@RequestMapping(path = "/api/v1/reuse-models", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Nachnutzungsmodelle", description = "Nachnutzungsmodelle der Länder, Vergleich und Fassungen")
class ReuseModelApiController {

	private final ReuseModelService models;

	private final EfaServiceCatalogue catalogue;

	ReuseModelApiController(ReuseModelService models, EfaServiceCatalogue catalogue) {
		this.models = models;
		this.catalogue = catalogue;
	}

	@GetMapping
	@Operation(summary = "Alle 16 Länder mit ihrem geltenden Modell (oder model: null), wie der Vergleich /modelle; "
			+ "Filter legalRoute, payer (LAND, KOMMUNE, SHARED, BUND) und status (PUBLISHED, UNDER_REVISION, NONE)")
	List<LandEntryDto> compare(Actor actor, @RequestParam(required = false) String legalRoute,
			@RequestParam(required = false) String payer, @RequestParam(required = false) String status) {
		ReuseModelPageController.Filter filter = ReuseModelPageController.Filter.parse(legalRoute, payer, status);
		if (filter.invalid()) {
			String field = invalidField(filter, legalRoute, payer, status);
			throw new ForumException.Invalid(field, "api.filter.invalid", field);
		}
		Map<EfaServiceId, EfaService> services = this.catalogue.byId();
		return this.models.compare(actor, filter.filter())
			.stream()
			.map((row) -> new LandEntryDto(row.land().name(), row.land().displayName(),
					(row.model() != null) ? row.model().status().name() : "NONE", row.draft(),
					(row.model() != null) ? ModelDto.of(row.model(), services) : null))
			.toList();
	}

	@GetMapping("/{land}")
	@Operation(summary = "Das Modell eines Landes (Entwürfe nur für das eigene Land und die Moderation)")
	ModelDto model(Actor actor, @PathVariable String land) {
		LandCode code = LandPaths.land(land);
		return ModelDto.of(
				this.models.find(actor, code).orElseThrow(() -> new ForumException.NotFound("reuseModel.notFound")),
				this.catalogue.byId());
	}

	@GetMapping("/{land}/versions")
	@Operation(summary = "Alle Fassungen eines Modells, neueste zuerst, mit den geänderten Feldern")
	List<VersionDto> versions(Actor actor, @PathVariable String land) {
		return this.models.versions(actor, LandPaths.land(land)).stream().map((v) -> VersionDto.of(v, null)).toList();
	}

	@GetMapping("/{land}/versions/{number}")
	@Operation(summary = "Eine Fassung mit ihrem ganzen Inhalt und den gegenüber der vorigen geänderten Feldern")
	VersionDto version(Actor actor, @PathVariable String land, @PathVariable long number) {
		LandCode code = LandPaths.land(land);
		ReuseModelVersion v = this.models.version(actor, code, number).version();
		return VersionDto.of(v, ProfileDto.of(v.profile(), this.catalogue.byId()));
	}

	private static String invalidField(ReuseModelPageController.Filter filter, String legalRoute, String payer,
			String status) {
		if (legalRoute != null && !legalRoute.isBlank() && filter.route().isEmpty()) {
			return "legalRoute";
		}
		if (payer != null && !payer.isBlank() && filter.payer().isEmpty()) {
			return "payer";
		}
		return "status";
	}

	/** One Land in the comparison: its model in force, or none. */
	record LandEntryDto(String land, String landName, String status, boolean draftVisible, ModelDto model) {
	}

	record ModelDto(String land, String landName, long version, String status, ProfileDto profile, Instant updatedAt,
			String updatedBy, String threadUrl, String htmlUrl) {

		static ModelDto of(ReuseModel m, Map<EfaServiceId, EfaService> services) {
			String slug = m.land().name().toLowerCase(Locale.ROOT);
			return new ModelDto(m.land().name(), m.land().displayName(), m.version(), m.status().name(),
					ProfileDto.of(m.profile(), services), m.updatedAt(), m.updatedByName(),
					(m.thread() != null) ? "/t/" + m.thread().value() : null, "/modelle/" + slug);
		}

	}

	record ProfileDto(String name, String operator, String legalRoute, String legalRouteNote, String toSign,
			CostDto oneOffCost, CostDto runningCost, List<String> onboardingSteps, String typicalDuration,
			List<String> prerequisites, List<ServiceDto> services, List<ContactDto> contacts, LocalDate lastReview,
			String status) {

		static ProfileDto of(ReuseModelProfile p, Map<EfaServiceId, EfaService> services) {
			return new ProfileDto(p.name(), p.operator(), (p.legalRoute() != null) ? p.legalRoute().name() : null,
					p.legalRouteNote(), p.toSign(), CostDto.of(p.oneOffCost()), CostDto.of(p.runningCost()),
					p.onboardingSteps(), p.typicalDuration(), p.prerequisites(),
					p.services()
						.stream()
						.map((id) -> new ServiceDto(id.value(),
								(services.get(id) != null) ? services.get(id).name() : null))
						.toList(),
					p.contacts().stream().map(ContactDto::of).toList(), p.lastReview(), p.status().name());
		}

	}

	record CostDto(String payer, String note) {

		static CostDto of(CostShare c) {
			return new CostDto((c.payer() != null) ? c.payer().name() : null, c.note());
		}

	}

	record ServiceDto(String id, String name) {
	}

	record ContactDto(String name, String role, String email, String phone) {

		static ContactDto of(Contact c) {
			return new ContactDto(c.name(), c.role(), c.email(), c.phone());
		}

	}

	/**
	 * A version; {@code profile} only when one version is asked for (the list leaves the
	 * field out instead of sending it empty).
	 */
	record VersionDto(long number, String status, String author, Instant at, List<String> changedFields,
			@JsonInclude(JsonInclude.Include.NON_NULL) ProfileDto profile) {

		static VersionDto of(ReuseModelVersion v, ProfileDto profile) {
			return new VersionDto(v.number(), v.profile().status().name(), v.authorName(), v.at(), v.changedFields(),
					profile);
		}

	}

}
