package de.kommunalpakt.forum.shared;

/**
 * Characters that have no business in what members write: C0 control characters (except
 * line feed and tab), DEL, C1 controls, and the bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that make a text read differently from how it is stored
 * ("Trojan Source"). One-line texts (titles, tags, names) refuse them, so the author sees
 * why; bodies lose them silently, because pasted text often carries them unseen.
 */
public final class TextHygiene {

	/** Message code of the refusal. */
	public static final String REFUSED = "input.controlCharacters";

	private TextHygiene() {
	}

	/** Whether the code point is one of the refused characters. */
	public static boolean isRefused(int codePoint) {
		return (codePoint < 0x20 && codePoint != '\n' && codePoint != '\t') || (codePoint >= 0x7F && codePoint <= 0x9F)
				|| (codePoint >= 0x202A && codePoint <= 0x202E) || (codePoint >= 0x2066 && codePoint <= 0x2069);
	}

	/** Whether the text holds any refused character (false for null). */
	public static boolean containsRefused(String text) {
		return text != null && text.codePoints().anyMatch(TextHygiene::isRefused);
	}

	/**
	 * The text unchanged, or a refusal naming the field.
	 * @throws ForumException.Invalid if the text holds a refused character
	 */
	public static String requireClean(String field, String text) {
		if (containsRefused(text)) {
			throw new ForumException.Invalid(field, REFUSED);
		}
		return text;
	}

	/**
	 * The text without refused characters; a lone carriage return becomes a line feed
	 * first, so line structure survives.
	 */
	public static String strip(String text) {
		if (text == null || !containsRefused(text)) {
			return text;
		}
		String unified = text.replace("\r\n", "\n").replace('\r', '\n');
		StringBuilder clean = new StringBuilder(unified.length());
		unified.codePoints().filter((cp) -> !isRefused(cp)).forEach(clean::appendCodePoint);
		return clean.toString();
	}

}
