package de.kommunalpakt.forum.space;

import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * Slug of a space, e.g. {@code nachnutzung-fragen}.
 *
 * @param value lower-case letters, digits and dashes
 */
public record SpaceId(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	public SpaceId {
		if (value == null || !VALID.matcher(value).matches()) {
			throw new ForumException.NotFound("space.notFound");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
