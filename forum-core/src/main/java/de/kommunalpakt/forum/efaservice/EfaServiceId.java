package de.kommunalpakt.forum.efaservice;

import java.util.Optional;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * Slug of an EfA service, e.g. {@code wohngeld}.
 *
 * @param value lower-case letters, digits and dashes, 2 to 64 characters
 */
public record EfaServiceId(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	public EfaServiceId {
		if (value == null || !VALID.matcher(value).matches()) {
			throw new ForumException.NotFound("efaService.notFound");
		}
	}

	public static Optional<EfaServiceId> parse(String value) {
		return (value != null && VALID.matcher(value).matches()) ? Optional.of(new EfaServiceId(value))
				: Optional.empty();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
