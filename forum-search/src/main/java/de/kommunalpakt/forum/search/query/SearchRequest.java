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
 * @param organisationKind filter by the kind of the asking organisation (KOMMUNE, LAND,
 * ...)
 * @param period filter by last activity: {@code woche}, {@code monat} or {@code jahr}
 * @param newestFirst sort by last activity instead of relevance
 * @param page zero-based page
 * @param size results per page
 */
public record SearchRequest(String text, Set<String> readableSpaces, String space, String type, String state,
		String land, String tag, String organisationKind, String period, boolean newestFirst, int page, int size) {

	public static final int MAX_TEXT = 500;

	/**
	 * The periods of the date facet and how far back each reaches (Elasticsearch date
	 * math).
	 */
	public static final java.util.Map<String, String> PERIODS = java.util.Map.of("woche", "now-7d/d", "monat",
			"now-30d/d", "jahr", "now-365d/d");

	public SearchRequest(String text, Set<String> readableSpaces, String space, String type, String state, String land,
			String tag, boolean newestFirst, int page, int size) {
		this(text, readableSpaces, space, type, state, land, tag, null, null, newestFirst, page, size);
	}

	public SearchRequest {
		text = (text != null) ? text.strip() : "";
		if (text.length() > MAX_TEXT) {
			text = text.substring(0, MAX_TEXT);
		}
		readableSpaces = Set.copyOf(readableSpaces);
		period = (period != null && PERIODS.containsKey(period)) ? period : null;
		page = Math.max(0, Math.min(page, 100));
		size = Math.max(1, Math.min(size, 50));
	}

	/** The same search narrowed by organisation kind and period. */
	public SearchRequest withExtra(String organisationKind, String period) {
		return new SearchRequest(this.text, this.readableSpaces, this.space, this.type, this.state, this.land, this.tag,
				organisationKind, period, this.newestFirst, this.page, this.size);
	}

}
