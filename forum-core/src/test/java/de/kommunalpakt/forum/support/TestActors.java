package de.kommunalpakt.forum.support;

import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;

/** Actors of each kind for tests. */
public final class TestActors {

	private TestActors() {
	}

	public static Actor kommune() {
		return new Actor(new MemberId("sub-darmstadt"), "darmstadt", "Anna Becker",
				new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE, LandCode.HE, Set.of(Role.MEMBER));
	}

	public static Actor otherKommune() {
		return new Actor(new MemberId("sub-koeln"), "koeln", "Jonas Weber", new OrganisationId("kommune-koeln"),
				OrganisationKind.KOMMUNE, LandCode.NW, Set.of(Role.MEMBER));
	}

	public static Actor land() {
		return new Actor(new MemberId("sub-hessen"), "hessen", "Dr. Petra Schulz", new OrganisationId("land-he"),
				OrganisationKind.LAND, LandCode.HE, Set.of(Role.MEMBER));
	}

	public static Actor moderator() {
		return new Actor(new MemberId("sub-dstgb"), "dstgb", "Martin Krüger", new OrganisationId("kspv-dstgb"),
				OrganisationKind.KSPV, null, Set.of(Role.MEMBER, Role.MODERATOR));
	}

}
