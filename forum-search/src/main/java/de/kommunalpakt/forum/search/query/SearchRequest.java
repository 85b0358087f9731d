package de.kommunalpakt.forum.search.query;

import java.util.Set;

/**
 * A search as a person asks it. Text is capped; facet values are matched as given, so an
 * unknown value simply finds nothing.
 *
 * @param text the words
 * @param readableSpaces spaces the asker may read (the only ones ever searched)
 * @param space space filter
 * @param type thread type filter
 * @param state state filter
 * @param land Land filter
 * @param tag tag filter
 * @param newestFirst sort by last activity instead of relevance
 * @param page zero-based page
 * @param size results per page
 */
public record SearchRequest(String text, Set<String> readableSpaces, String space, String type, String state,
		String land, String tag, boolean newestFirst, int page, int size) {

	public static final int MAX_TEXT = 500;

	public SearchRequest {
		text = (text != null) ? text.strip() : "";
		if (text.length() > MAX_TEXT) {
			text = text.substring(0, MAX_TEXT);
		}
		readableSpaces = Set.copyOf(readableSpaces);
		page = Math.max(0, Math.min(page, 100));
		size = Math.max(1, Math.min(size, 50));
	}

}
