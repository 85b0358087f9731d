package de.kommunalpakt.forum.member;

import java.util.Objects;
import java.util.Set;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;

/**
 * The person acting in a request, as the login described them. Every permission check
 * takes an actor.
 *
 * @param id OIDC subject
 * @param username login name, used for mentions
 * @param displayName full name
 * @param organisation organisation id
 * @param organisationKind kind of that organisation
 * @param land the member's Land, if any
 * @param roles roles from the token
 */
public record Actor(MemberId id, String username, String displayName, OrganisationId organisation,
		OrganisationKind organisationKind, LandCode land, Set<Role> roles) {

	public Actor {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(organisation, "organisation");
		Objects.requireNonNull(organisationKind, "organisationKind");
		roles = Set.copyOf(roles);
		username = (username != null) ? username : id.value();
		displayName = (displayName != null && !displayName.isBlank()) ? displayName : username;
	}

	public boolean isModerator() {
		return this.roles.contains(Role.MODERATOR) || this.roles.contains(Role.ADMIN);
	}

	public boolean isAdmin() {
		return this.roles.contains(Role.ADMIN);
	}

	/** Members of the Länder, KSpV, FITKO and Bund, and every moderator. */
	public boolean isStateLevel() {
		return this.organisationKind.isStateLevel() || isModerator();
	}

}
