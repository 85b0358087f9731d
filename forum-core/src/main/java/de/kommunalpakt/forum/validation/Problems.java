package de.kommunalpakt.forum.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.TextHygiene;

/**
 * Collects the problems of a whole form, so a person sees all of them at once. Message
 * codes are {@code <prefix>.<field>.required}, {@code ….tooLong} (argument: maximum),
 * {@code ….tooMany} (argument: maximum), {@code ….invalid}.
 */
public final class Problems {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

	private final String prefix;

	private final List<Problem> problems = new ArrayList<>();

	public Problems(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * A single-line or multi-line text: stripped, line breaks unified, control characters
	 * removed.
	 * @return the clean text, empty if absent
	 */
	public String text(String field, String value, boolean required, int max) {
		String clean = clean(value);
		if (clean.isEmpty()) {
			if (required) {
				add(field, "required");
			}
			return "";
		}
		if (clean.codePointCount(0, clean.length()) > max) {
			add(field, "tooLong", max);
		}
		return clean;
	}

	/**
	 * A single line (a name, a title): inner line breaks become spaces; control and
	 * bidi-override characters are refused, so the author sees why.
	 */
	public String line(String field, String value, boolean required, int max) {
		if (value != null && TextHygiene.containsRefused(value.replaceAll("[\\r\\n\\t]+", " "))) {
			if (this.problems.stream().noneMatch((p) -> p.field().equals(field))) {
				this.problems.add(new Problem(field, TextHygiene.REFUSED, List.of()));
			}
			return clean(value.replaceAll("[\\r\\n]+", " "));
		}
		return text(field, (value != null) ? value.replaceAll("[\\r\\n]+", " ") : null, required, max);
	}

	/** One item per line; blank lines dropped. */
	public List<String> lines(String field, String value, boolean required, int maxItems, int maxItemLength) {
		List<String> items = Arrays.stream(clean(value).split("\n"))
			.map((s) -> s.strip().replaceFirst("^[-*•]\\s+", ""))
			.filter((s) -> !s.isEmpty())
			.toList();
		return items(field, items, required, maxItems, maxItemLength);
	}

	/** A list of short texts, each checked. */
	public List<String> items(String field, List<String> values, boolean required, int maxItems, int maxItemLength) {
		List<String> items = (values == null) ? List.of()
				: values.stream().map(Problems::clean).filter((s) -> !s.isEmpty()).toList();
		if (items.isEmpty() && required) {
			add(field, "required");
		}
		if (items.size() > maxItems) {
			add(field, "tooMany", maxItems);
			return items.subList(0, maxItems);
		}
		if (items.stream().anyMatch((s) -> s.codePointCount(0, s.length()) > maxItemLength)) {
			add(field, "tooLong", maxItemLength);
		}
		return items;
	}

	/** An e-mail address of the usual shape; empty if absent. */
	public String email(String field, String value, boolean required) {
		String clean = line(field, value, required, 254);
		if (!clean.isEmpty() && !isEmail(clean)) {
			add(field, "invalid");
		}
		return clean;
	}

	public void add(String field, String problem, Object... args) {
		if (this.problems.stream().noneMatch((p) -> p.field().equals(field))) {
			this.problems.add(new Problem(field, this.prefix + "." + field + "." + problem, List.of(args)));
		}
	}

	public boolean isEmpty() {
		return this.problems.isEmpty();
	}

	public List<Problem> all() {
		return List.copyOf(this.problems);
	}

	/** Refuses with the first problem, if any. */
	public void throwIfAny() {
		if (!this.problems.isEmpty()) {
			Problem first = this.problems.get(0);
			throw new ForumException.Invalid(first.field(), first.code(), first.argArray());
		}
	}

	/** Whether a text looks like an e-mail address. */
	public static boolean isEmail(String value) {
		return value != null && EMAIL.matcher(value).matches();
	}

	/** The clean text on one line (line breaks become spaces). */
	public static String singleLine(String value) {
		return clean((value != null) ? value.replaceAll("[\\r\\n]+", " ") : null);
	}

	/** Stripped, line breaks unified, control characters removed; empty if null. */
	public static String clean(String value) {
		if (value == null) {
			return "";
		}
		return TextHygiene.strip(value.replace("\r\n", "\n").replace('\r', '\n')).strip();
	}

}
