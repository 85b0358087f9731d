package de.kommunalpakt.forum.shared;

/**
 * HTML that went through {@link MarkdownRenderer}'s allow-list. Only the renderer and the
 * persistence mapping (which stores what the renderer produced) create it.
 *
 * @param html sanitized HTML
 */
public record SafeHtml(String html) {

	public SafeHtml {
		html = (html != null) ? html : "";
	}

}
