package de.kommunalpakt.forum.organisation;

import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * Stable id of an organisation, as carried in the {@code organisation_id} claim, e.g.
 * {@code land-he}, {@code kommune-darmstadt}.
 *
 * @param value lower-case letters, digits and dashes, 2 to 64 characters
 */
public record OrganisationId(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	public OrganisationId {
		if (value == null || !VALID.matcher(value).matches()) {
			throw new ForumException.Invalid("organisation", "organisation.id.invalid");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
