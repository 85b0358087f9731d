package de.kommunalpakt.forum.search.query;

import java.util.List;
import java.util.Map;

/**
 * Threads found, with facet counts over all matches.
 *
 * @param hits this page of threads
 * @param total number of matching threads
 * @param facets counts per facet ("space", "type", "state", "lands", "tags") and value
 */
public record SearchResult(List<Hit> hits, long total, Map<String, Map<String, Long>> facets) {

	/**
	 * One thread.
	 *
	 * @param threadId id
	 * @param title title
	 * @param space space id
	 * @param type thread type
	 * @param state state
	 * @param snippet best matching passage as HTML: escaped text with {@code <mark>} only
	 */
	public record Hit(String threadId, String title, String space, String type, String state, String snippet) {
	}

}
