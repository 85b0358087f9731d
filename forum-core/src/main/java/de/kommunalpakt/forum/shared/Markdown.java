package de.kommunalpakt.forum.shared;

import java.nio.charset.StandardCharsets;

/**
 * Markdown source as a member wrote it: not blank and at most 64 KiB (UTF-8), without the
 * control and bidi-override characters {@link TextHygiene} removes.
 *
 * @param source the CommonMark text
 */
public record Markdown(String source) {

	public static final int MAX_BYTES = 64 * 1024;

	public Markdown {
		if (source == null || source.isBlank()) {
			throw new ForumException.Invalid("markdown", "post.body.empty");
		}
		if (TextHygiene.strip(source).isBlank()) {
			throw new ForumException.Invalid("markdown", "post.body.empty");
		}
		source = TextHygiene.strip(source.replace("\r\n", "\n")).strip();
		if (source.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw new ForumException.Invalid("markdown", "post.body.tooLong", MAX_BYTES / 1024);
		}
	}

}
