package de.kommunalpakt.forum.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import de.kommunalpakt.forum.shared.TextHygiene;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * The one place where token claims become an {@link Actor}: {@code sub},
 * {@code preferred_username}, {@code name}, {@code organisation_id},
 * {@code organisation_kind}, {@code land} and the realm roles {@code forum-moderator} and
 * {@code forum-admin}. A token without a valid organisation is refused.
 */
public final class ActorMapper {

	private ActorMapper() {
	}

	public static Actor fromClaims(Map<String, Object> claims) {
		Object subject = claims.get("sub");
		if (subject == null) {
			throw new ForumException.Forbidden("auth.subject.missing");
		}
		OrganisationKind kind;
		try {
			kind = OrganisationKind.valueOf(String.valueOf(claims.get("organisation_kind")));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Forbidden("auth.organisation.missing");
		}
		Object organisation = claims.get("organisation_id");
		if (organisation == null) {
			throw new ForumException.Forbidden("auth.organisation.missing");
		}
		OrganisationId organisationId;
		try {
			organisationId = new OrganisationId(organisation.toString());
		}
		catch (ForumException ex) {
			throw new ForumException.Forbidden("auth.organisation.missing");
		}
		LandCode land = LandCode.parse((String) claims.get("land")).orElse(null);
		if ((kind == OrganisationKind.LAND || kind == OrganisationKind.KOMMUNE) && land == null) {
			throw new ForumException.Forbidden("auth.land.missing");
		}
		String username = (String) claims.getOrDefault("preferred_username", subject.toString());
		// A name comes from the identity provider, where no forum form can refuse it:
		// control and bidi-override characters are dropped instead.
		String name = TextHygiene.strip((String) claims.getOrDefault("name", username));
		return new Actor(new MemberId(subject.toString()), username, name, organisationId, kind, land, roles(claims));
	}

	static Set<Role> roles(Map<String, Object> claims) {
		Set<Role> roles = EnumSet.of(Role.MEMBER);
		if (claims.get("realm_access") instanceof Map<?, ?> access
				&& access.get("roles") instanceof Collection<?> names) {
			if (names.contains("forum-moderator")) {
				roles.add(Role.MODERATOR);
			}
			if (names.contains("forum-admin")) {
				roles.add(Role.ADMIN);
				roles.add(Role.MODERATOR);
			}
		}
		return roles;
	}

	/**
	 * The organisation name a token names, for creating unknown organisations at first
	 * login.
	 */
	public static String organisationName(Map<String, Object> claims) {
		Object name = claims.get("organisation_name");
		return (name != null && !name.toString().isBlank()) ? TextHygiene.strip(name.toString()) : null;
	}

}
