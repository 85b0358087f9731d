package de.kommunalpakt.forum.search.query;

import java.util.List;
import java.util.Map;

/**
 * Threads found, with facet counts over all matches.
 *
 * @param hits this page of threads
 * @param total number of matching threads (a lower bound when {@code totalIsLowerBound})
 * @param facets counts per facet ("space", "type", "state", "lands", "tags") and value
 * @param totalIsLowerBound whether more threads match than {@code total} says (counting
 * stops at {@link ThreadSearch#TRACK_TOTAL_HITS})
 * @param allWords whether every hit has all words of the query; false when no thread had
 * them all and the hits have some of them or words like them (a typo)
 * @param wordCounts when not all words matched: each word of the query and how many
 * threads it finds alone
 * @param suggestion "Meinten Sie …": the query with words replaced by similar words of
 * the index, or null
 */
public record SearchResult(List<Hit> hits, long total, Map<String, Map<String, Long>> facets, boolean totalIsLowerBound,
		boolean allWords, Map<String, Long> wordCounts, String suggestion) {

	public SearchResult(List<Hit> hits, long total, Map<String, Map<String, Long>> facets) {
		this(hits, total, facets, false, true, Map.of(), null);
	}

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
