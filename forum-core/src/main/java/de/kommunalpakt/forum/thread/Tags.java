package de.kommunalpakt.forum.thread;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.TextHygiene;

/**
 * Normalizes and checks tags: lower case, at most 5, each 2 to 30 letters, digits or
 * dashes.
 */
public final class Tags {

	public static final int MAX_TAGS = 5;

	private static final Pattern VALID = Pattern.compile("[\\p{L}0-9][\\p{L}0-9-]{1,29}");

	private Tags() {
	}

	public static Set<String> normalize(Collection<String> raw) {
		Set<String> tags = new LinkedHashSet<>();
		if (raw == null) {
			return tags;
		}
		for (String r : raw) {
			if (r == null || r.isBlank()) {
				continue;
			}
			TextHygiene.requireClean("tags", r);
			String tag = r.strip().toLowerCase(Locale.GERMAN).replaceAll("\\s+", "-");
			if (!VALID.matcher(tag).matches()) {
				throw new ForumException.Invalid("tags", "thread.tag.invalid", tag);
			}
			tags.add(tag);
		}
		if (tags.size() > MAX_TAGS) {
			throw new ForumException.Invalid("tags", "thread.tags.tooMany", MAX_TAGS);
		}
		return tags;
	}

	/** Splits a comma- or space-separated input field. */
	public static Set<String> parse(String input) {
		if (input == null || input.isBlank()) {
			return Set.of();
		}
		return normalize(java.util.Arrays.asList(input.split("[,;]+|\\s+")));
	}

}
