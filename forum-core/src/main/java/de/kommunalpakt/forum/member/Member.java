package de.kommunalpakt.forum.member;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;

/**
 * A member as last seen at login. The forum keeps no password: this is a copy of the
 * claims for profiles, mentions and notifications.
 *
 * @param id OIDC subject
 * @param username login name
 * @param displayName full name
 * @param organisation organisation id
 * @param organisationKind kind of organisation
 * @param land Land, if any
 * @param roles roles
 * @param firstSeen first login
 * @param lastSeen last login
 */
public record Member(MemberId id, String username, String displayName, OrganisationId organisation,
		OrganisationKind organisationKind, LandCode land, Set<Role> roles, Instant firstSeen, Instant lastSeen) {

	public Member {
		Objects.requireNonNull(id, "id");
		roles = Set.copyOf(roles);
	}

	public static Member from(Actor actor, Instant now) {
		return new Member(actor.id(), actor.username(), actor.displayName(), actor.organisation(),
				actor.organisationKind(), actor.land(), actor.roles(), now, now);
	}

	public Actor asActor() {
		return new Actor(this.id, this.username, this.displayName, this.organisation, this.organisationKind, this.land,
				this.roles);
	}

}
