package de.kommunalpakt.forum.landreport;

import java.util.Optional;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * Slug of a reporting round, e.g. {@code it-plr-42}.
 *
 * @param value lower-case letters, digits and dashes, 2 to 64 characters
 */
public record ReportingRoundId(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

	public ReportingRoundId {
		if (value == null || !VALID.matcher(value).matches()) {
			throw new ForumException.NotFound("reportRound.notFound");
		}
	}

	public static Optional<ReportingRoundId> parse(String value) {
		return (value != null && VALID.matcher(value).matches()) ? Optional.of(new ReportingRoundId(value))
				: Optional.empty();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
