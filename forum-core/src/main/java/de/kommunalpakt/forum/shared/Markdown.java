package de.kommunalpakt.forum.shared;

/**
 * Markdown source as a member wrote it: not blank, without the control and bidi-override
 * characters {@link TextHygiene} removes. New text comes through {@link #of}, which
 * allows at most 65,000 characters (code points), a limit a person can count; the form
 * shows what is left. Stored posts may be longer (the earlier limit was 64 KiB).
 *
 * @param source the CommonMark text
 */
public record Markdown(String source) {

	/**
	 * At most 65,000 characters: at four UTF-8 bytes each, twenty such posts with their
	 * HTML still fit a 16 MB page bucket.
	 */
	public static final int MAX_CHARS = 65_000;

	/** Posts stored under the earlier limit of 64 KiB (UTF-8) have at most this many. */
	static final int STORED_MAX_CHARS = 64 * 1024;

	public Markdown {
		if (source == null || source.isBlank()) {
			throw new ForumException.Invalid("markdown", "post.body.empty");
		}
		if (TextHygiene.strip(source).isBlank()) {
			throw new ForumException.Invalid("markdown", "post.body.empty");
		}
		source = TextHygiene.strip(source.replace("\r\n", "\n")).strip();
		int length = source.codePointCount(0, source.length());
		if (length > STORED_MAX_CHARS) {
			throw new ForumException.Invalid("markdown", "post.body.tooLong", MAX_CHARS, length);
		}
	}

	/** New text from a member: at most {@link #MAX_CHARS} characters. */
	public static Markdown of(String source) {
		Markdown markdown = new Markdown(source);
		int length = markdown.source.codePointCount(0, markdown.source.length());
		if (length > MAX_CHARS) {
			throw new ForumException.Invalid("markdown", "post.body.tooLong", MAX_CHARS, length);
		}
		return markdown;
	}

}
