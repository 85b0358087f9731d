package de.kommunalpakt.forum.organisation;

import java.util.Objects;
import java.util.Optional;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * An organisation of the pact. A Land and a Kommune always name their Land.
 *
 * @param id stable id
 * @param kind what it is
 * @param name display name ("Stadt Darmstadt")
 * @param land the Land it belongs to (LAND, KOMMUNE; optional for IT providers)
 * @param description one line about it
 */
public record Organisation(OrganisationId id, OrganisationKind kind, String name, LandCode land, String description) {

	public Organisation {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(kind, "kind");
		if (name == null || name.isBlank()) {
			throw new ForumException.Invalid("name", "organisation.name.empty");
		}
		if ((kind == OrganisationKind.LAND || kind == OrganisationKind.KOMMUNE) && land == null) {
			throw new ForumException.Invalid("land", "organisation.land.required");
		}
		description = (description != null) ? description : "";
	}

	public Optional<LandCode> landCode() {
		return Optional.ofNullable(this.land);
	}

}
