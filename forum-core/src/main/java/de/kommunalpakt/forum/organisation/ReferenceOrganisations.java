package de.kommunalpakt.forum.organisation;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The parties of the pact every installation knows: the Bund, the 16 Länder, the three
 * KSpV, FITKO and the large IT providers. Kommunen are added at their members' first
 * login. Written at every start; the upserts are idempotent.
 */
@Component
public class ReferenceOrganisations {

	private final OrganisationRepository organisations;

	public ReferenceOrganisations(OrganisationRepository organisations) {
		this.organisations = organisations;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void ensurePresent() {
		all().forEach((o) -> {
			if (this.organisations.findById(o.id()).isEmpty()) {
				this.organisations.save(o);
			}
		});
	}

	public static List<Organisation> all() {
		List<Organisation> all = new ArrayList<>();
		all.add(new Organisation(new OrganisationId("bund-bmi"), OrganisationKind.BUND, "Bundesministerium des Innern",
				null, "Richtet das Forum Kommunalpakt nach § 4 Abs. 3 der Vereinbarung aus."));
		for (LandCode land : LandCode.values()) {
			all.add(new Organisation(new OrganisationId("land-" + land.name().toLowerCase(java.util.Locale.ROOT)),
					OrganisationKind.LAND, landName(land), land, null));
		}
		all.add(new Organisation(new OrganisationId("kspv-dst"), OrganisationKind.KSPV, "Deutscher Städtetag", null,
				null));
		all.add(new Organisation(new OrganisationId("kspv-dlt"), OrganisationKind.KSPV, "Deutscher Landkreistag", null,
				null));
		all.add(new Organisation(new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV,
				"Deutscher Städte- und Gemeindebund", null, null));
		all.add(new Organisation(new OrganisationId("fitko"), OrganisationKind.FITKO, "FITKO (Föderale IT-Kooperation)",
				null,
				"Anstalt des öffentlichen Rechts von Bund und Ländern; betreibt mit govdigital den Marktplatz für EfA-Leistungen."));
		all.add(new Organisation(new OrganisationId("itdl-dnrw"), OrganisationKind.IT_DIENSTLEISTER, "d-NRW AöR",
				LandCode.NW, null));
		all.add(new Organisation(new OrganisationId("itdl-ekom21"), OrganisationKind.IT_DIENSTLEISTER,
				"ekom21 – KGRZ Hessen", LandCode.HE, null));
		all.add(new Organisation(new OrganisationId("itdl-dataport"), OrganisationKind.IT_DIENSTLEISTER, "Dataport AöR",
				null, null));
		all.add(new Organisation(new OrganisationId("itdl-itvsh"), OrganisationKind.IT_DIENSTLEISTER,
				"IT-Verbund Schleswig-Holstein (ITVSH)", LandCode.SH, null));
		all.add(new Organisation(new OrganisationId("itdl-akdb"), OrganisationKind.IT_DIENSTLEISTER, "AKDB",
				LandCode.BY, null));
		all.add(new Organisation(new OrganisationId("itdl-baykommun"), OrganisationKind.IT_DIENSTLEISTER, "BayKommun",
				LandCode.BY, null));
		return all;
	}

	private static String landName(LandCode land) {
		return switch (land) {
			case BY, SN, TH -> "Freistaat " + land.displayName();
			case BE, HH, HB -> (land == LandCode.HB) ? "Freie Hansestadt Bremen"
					: (land == LandCode.HH) ? "Freie und Hansestadt Hamburg" : "Land Berlin";
			default -> "Land " + land.displayName();
		};
	}

}
