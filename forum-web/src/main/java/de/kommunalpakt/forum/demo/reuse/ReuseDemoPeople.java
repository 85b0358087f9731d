package de.kommunalpakt.forum.demo.reuse;

import java.util.Locale;
import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;

/**
 * The people of the reuse demo. Those with a Keycloak demo account carry its subject (see
 * infra/keycloak), the others have subjects of their own in the same pattern.
 */
final class ReuseDemoPeople {

	static final Actor BMI = new Actor(new MemberId(subject(10)), "bmi", "Claudia Hoffmann",
			new OrganisationId("bund-bmi"), OrganisationKind.BUND, null,
			Set.of(Role.MEMBER, Role.MODERATOR, Role.ADMIN));

	static final Actor DST = person(105, "dst", "Henrik Bauer", "kspv-dst", OrganisationKind.KSPV, null);

	static final Actor DSTGB = new Actor(new MemberId(subject(8)), "dstgb", "Martin Krüger",
			new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null, Set.of(Role.MEMBER, Role.MODERATOR));

	static final Actor DARMSTADT = person(5, "darmstadt", "Anna Becker", "kommune-darmstadt", OrganisationKind.KOMMUNE,
			LandCode.HE);

	static final Actor GIESSEN = person(6, "kreis-gi", "Stefan Wagner", "kommune-landkreis-giessen",
			OrganisationKind.KOMMUNE, LandCode.HE);

	static final Actor KOELN = person(7, "koeln", "Jonas Weber", "kommune-koeln", OrganisationKind.KOMMUNE,
			LandCode.NW);

	static final Actor LANDSHUT = person(102, "landshut", "Maria Gruber", "kommune-landshut", OrganisationKind.KOMMUNE,
			LandCode.BY);

	static final Actor FLENSBURG = person(103, "flensburg", "Lars Petersen", "kommune-flensburg",
			OrganisationKind.KOMMUNE, LandCode.SH);

	static final Actor JENA = person(104, "jena", "Katrin Lange", "kommune-jena", OrganisationKind.KOMMUNE,
			LandCode.TH);

	static final Actor KASSEL = person(201, "kassel", "Sabine Koch", "kommune-kassel", OrganisationKind.KOMMUNE,
			LandCode.HE);

	private ReuseDemoPeople() {
	}

	/** The editor of a Land's model: the demo account where one exists. */
	static Actor land(LandCode land) {
		return switch (land) {
			case HE -> person(1, "hessen", "Petra Schulz", "land-he", OrganisationKind.LAND, land);
			case NW -> person(2, "nrw", "Thomas Richter", "land-nw", OrganisationKind.LAND, land);
			case SH -> person(3, "sh", "Kirsten Hansen", "land-sh", OrganisationKind.LAND, land);
			case TH -> person(4, "th", "Matthias Vogel", "land-th", OrganisationKind.LAND, land);
			case BY -> person(101, "bayern", "Florian Huber", "land-by", OrganisationKind.LAND, land);
			default -> person(300 + land.ordinal(), "redaktion-" + land.name().toLowerCase(Locale.ROOT),
					"Redaktion Nachnutzung " + land.displayName(), "land-" + land.name().toLowerCase(Locale.ROOT),
					OrganisationKind.LAND, land);
		};
	}

	static String subject(int n) {
		return String.format("00000000-0000-4000-8000-%012d", n);
	}

	private static Actor person(int n, String username, String name, String organisation, OrganisationKind kind,
			LandCode land) {
		return new Actor(new MemberId(subject(n)), username, name, new OrganisationId(organisation), kind, land,
				Set.of(Role.MEMBER));
	}

}
