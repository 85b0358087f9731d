package de.kommunalpakt.forum.demo;

import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;

/**
 * The people of the demo. Those with a Keycloak demo account carry that account's subject
 * (the fixed ids in infra/keycloak/kommunalpakt-users-0.json), so signing in as
 * {@code darmstadt} shows Anna Becker's own threads.
 */
final class DemoPeople {

	static final Actor HESSEN = person(1, "hessen", "Petra Schulz", "land-he", OrganisationKind.LAND, LandCode.HE);

	static final Actor NRW = person(2, "nrw", "Thomas Richter", "land-nw", OrganisationKind.LAND, LandCode.NW);

	static final Actor SH = person(3, "sh", "Kirsten Hansen", "land-sh", OrganisationKind.LAND, LandCode.SH);

	static final Actor TH = person(4, "th", "Matthias Vogel", "land-th", OrganisationKind.LAND, LandCode.TH);

	static final Actor DARMSTADT = person(5, "darmstadt", "Anna Becker", "kommune-darmstadt", OrganisationKind.KOMMUNE,
			LandCode.HE);

	static final Actor GIESSEN = person(6, "kreis-gi", "Stefan Wagner", "kommune-landkreis-giessen",
			OrganisationKind.KOMMUNE, LandCode.HE);

	static final Actor KOELN = person(7, "koeln", "Jonas Weber", "kommune-koeln", OrganisationKind.KOMMUNE,
			LandCode.NW);

	static final Actor DSTGB = new Actor(new MemberId(subject(8)), "dstgb", "Martin Krüger",
			new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null, Set.of(Role.MEMBER, Role.MODERATOR));

	static final Actor FITKO = person(9, "fitko", "Sabine Neumann", "fitko", OrganisationKind.FITKO, null);

	static final Actor BMI = new Actor(new MemberId(subject(10)), "bmi", "Claudia Hoffmann",
			new OrganisationId("bund-bmi"), OrganisationKind.BUND, null,
			Set.of(Role.MEMBER, Role.MODERATOR, Role.ADMIN));

	static final Actor EKOM21 = person(11, "ekom21", "Michael Schäfer", "itdl-ekom21",
			OrganisationKind.IT_DIENSTLEISTER, LandCode.HE);

	static final Actor BAYERN = person(101, "bayern", "Florian Huber", "land-by", OrganisationKind.LAND, LandCode.BY);

	static final Actor LANDSHUT = person(102, "landshut", "Maria Gruber", "kommune-landshut", OrganisationKind.KOMMUNE,
			LandCode.BY);

	static final Actor FLENSBURG = person(103, "flensburg", "Lars Petersen", "kommune-flensburg",
			OrganisationKind.KOMMUNE, LandCode.SH);

	static final Actor JENA = person(104, "jena", "Katrin Lange", "kommune-jena", OrganisationKind.KOMMUNE,
			LandCode.TH);

	static final Actor DST = person(105, "dst", "Henrik Bauer", "kspv-dst", OrganisationKind.KSPV, null);

	static final Actor DLT = person(106, "dlt", "Julia Frank", "kspv-dlt", OrganisationKind.KSPV, null);

	static final Actor[] ALL = { HESSEN, NRW, SH, TH, DARMSTADT, GIESSEN, KOELN, DSTGB, FITKO, BMI, EKOM21, BAYERN,
			LANDSHUT, FLENSBURG, JENA, DST, DLT };

	private DemoPeople() {
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
