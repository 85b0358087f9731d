package de.kommunalpakt.forum.search.query;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch._types.SuggestMode;
import co.elastic.clients.elasticsearch.core.search.TotalHitsRelation;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;

import de.kommunalpakt.forum.search.index.ThreadDocument;
import de.kommunalpakt.forum.search.index.ThreadIndex;
import org.springframework.stereotype.Component;

/**
 * Finds threads. Only the spaces the asker may read are searched: the filter is part of
 * the query, so results and facet counts never reveal a hidden thread. The text goes
 * through {@code simple_query_string} without operators, so syntax characters are just
 * characters.
 */
@Component
public class ThreadSearch {

	private static final List<String> FACETS = List.of("space", "type", "state", "lands", "tags",
			"authorOrganisationKind");

	/**
	 * Where words are searched: title and tags weigh more than the posts; the strongly
	 * stemmed sub-fields ("anmelden" = "Anmeldung") weigh less than the lightly stemmed.
	 * Asking them in the first search costs time (same node, 534 threads, one-word
	 * queries, interleaved with the previous request on a machine at load 16 to 24: p50
	 * +13 to +45 %, mean +5 to +30 %); asking them only in the relaxed search lost
	 * verb/noun matches whenever another thread had the words as written ("Gewerbe
	 * anmelden").
	 */
	static final List<String> TEXT_FIELDS = List.of("title^3", "tags.text^3", "posts", "title.stem^1.5",
			"posts.stem^0.5");

	/** The fields whose search analyzer the parts analyzer replaces (light stemming). */
	static final List<String> PARTS_FIELDS = List.of("title^3", "tags.text^3", "posts");

	/**
	 * Counting matches stops here: the page says "mehr als 1.000", and a frequent word in
	 * a large forum does not count every thread.
	 */
	public static final int TRACK_TOTAL_HITS = 1000;

	/**
	 * The snippet is taken from the first characters of a thread's posts (its question
	 * and first answers); a thread whose words come later shows its opening words. The
	 * highlighter's work grows with every place a word occurs: on 500 threads of 11 posts
	 * (about 3,700 characters each) it was half of Elasticsearch's time per search, 0.8
	 * of 1.55 ms; with this bound 0.3 ms less, and long threads cost no more than short
	 * ones.
	 */
	static final int HIGHLIGHT_CHARACTERS = 1000;

	/** The date facet's buckets, newest first. */
	private static final List<String> PERIOD_KEYS = List.of("woche", "monat", "jahr");

	private final ElasticsearchClient client;

	private final ThreadIndex index;

	public ThreadSearch(ElasticsearchClient client, ThreadIndex index) {
		this.client = client;
		this.index = index;
	}

	/**
	 * All words first (in title, tags or posts, a quoted phrase as a phrase). Only when
	 * no thread has them all is the search repeated once, relaxed: a compound's parts,
	 * most words (for two words either one), any word, words with a typo, ranked in that
	 * order by score; the same request counts each word alone and asks the index for
	 * similar words ("Meinten Sie …"). So a search costs one round trip, two when the
	 * first finds nothing.
	 * @throws SearchUnavailableException when Elasticsearch cannot answer
	 */
	public SearchResult search(SearchRequest request) {
		if (request.readableSpaces().isEmpty()) {
			return new SearchResult(List.of(), 0, Map.of());
		}
		try {
			List<String> words = queryWords(request.text());
			SearchResponse<ThreadDocument> response = execute(request, false, words);
			boolean allWords = true;
			if (!request.text().isEmpty() && total(response) == 0) {
				response = execute(request, true, words);
				allWords = false;
			}
			List<SearchResult.Hit> hits = new ArrayList<>();
			response.hits().hits().forEach((hit) -> {
				ThreadDocument doc = hit.source();
				List<String> fragments = hit.highlight().getOrDefault("posts", List.of());
				String snippet = fragments.isEmpty() ? "" : fragments.get(0);
				hits.add(new SearchResult.Hit(hit.id(), doc.title(), doc.space(), doc.type(), doc.state(), snippet));
			});
			Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
			for (String facet : FACETS) {
				Map<String, Long> counts = new LinkedHashMap<>();
				response.aggregations()
					.get(facet)
					.sterms()
					.buckets()
					.array()
					.forEach((b) -> counts.put(b.key().stringValue(), b.docCount()));
				facets.put(facet, counts);
			}
			Map<String, Long> periods = new LinkedHashMap<>();
			response.aggregations().get("period").dateRange().buckets().array().forEach((b) -> {
				if (b.docCount() > 0 && b.key() != null) {
					periods.put(b.key(), b.docCount());
				}
			});
			facets.put("period", periods);
			Map<String, Long> wordCounts = new LinkedHashMap<>();
			String suggestion = null;
			if (!allWords) {
				var buckets = response.aggregations().get("words").filters().buckets().keyed();
				for (int i = 0; i < words.size(); i++) {
					wordCounts.put(words.get(i), buckets.get("w" + i).docCount());
				}
				suggestion = suggestion(request.text(), response);
			}
			boolean lowerBound = response.hits().total() != null
					&& response.hits().total().relation() == TotalHitsRelation.Gte;
			return new SearchResult(hits, total(response), facets, lowerBound, allWords, wordCounts, suggestion);
		}
		catch (IOException | RuntimeException ex) {
			throw new SearchUnavailableException(ex);
		}
	}

	private SearchResponse<ThreadDocument> execute(SearchRequest request, boolean relaxed, List<String> words)
			throws IOException {
		boolean browsing = request.text().isEmpty();
		return this.client.search((s) -> {
			// Only what a hit shows: the posts stay in the index (the snippet comes
			// from the highlighter, the opening words when nothing matched).
			s.index(this.index.alias())
				.source((src) -> src.filter((f) -> f.includes("title", "space", "type", "state")))
				.query(query(request, relaxed))
				.from(request.page() * request.size())
				.size(request.size())
				.trackTotalHits((t) -> t.count(TRACK_TOTAL_HITS))
				// Browsing by facets repeats the same few requests: cache them until the
				// next refresh (the period is an absolute date, so they are cacheable).
				.requestCache(browsing ? Boolean.TRUE : null)
				.highlight((h) -> {
					// Only the posts' snippet is shown; the title is shown as stored.
					h.encoder(HighlighterEncoder.Html)
						.maxAnalyzedOffset(HIGHLIGHT_CHARACTERS)
						.preTags("<mark>")
						.postTags("</mark>")
						.fields("posts", (f) -> f.fragmentSize(180).numberOfFragments(1).noMatchSize(180));
					// Marks the words themselves: highlighting the typo and phrase
					// variants would re-analyse every post of every hit.
					if (!browsing) {
						h.highlightQuery((hq) -> hq.multiMatch((m) -> m.query(request.text()).fields("posts")));
					}
					return h;
				});
			if (request.newestFirst() || browsing) {
				s.sort((o) -> o.field((f) -> f.field("lastActivityAt").order(SortOrder.Desc)));
			}
			for (String facet : FACETS) {
				s.aggregations(facet, Aggregation.of((a) -> a.terms((t) -> t.field(facet).size(20))));
			}
			s.aggregations("period", Aggregation.of((a) -> a.dateRange((d) -> {
				d.field("lastActivityAt");
				for (String key : PERIOD_KEYS) {
					d.ranges((r) -> r.key(key).from((f) -> f.expr(periodStart(key))));
				}
				return d;
			})));
			if (relaxed) {
				// How many threads each word finds alone (the "nothing found" notice).
				s.aggregations("words", Aggregation.of((a) -> a.filters((f) -> {
					Map<String, Query> perWord = new LinkedHashMap<>();
					for (int i = 0; i < words.size(); i++) {
						String word = words.get(i);
						perWord.put("w" + i,
								Query.of((q) -> q.multiMatch((m) -> m.query(word)
									.fields(TEXT_FIELDS)
									.type(TextQueryType.CrossFields)
									.operator(Operator.And))));
					}
					return f.filters((b) -> b.keyed(perWord));
				})));
				// Similar words from the index, spelled as written (the exact field is
				// only lower-cased): "gebuehren" → "gebühren".
				s.suggest((sg) -> {
					sg.text(request.text());
					for (String field : SUGGEST_FIELDS) {
						sg.suggesters(field,
								(w) -> w.term((t) -> t.field(field + ".exact")
									.suggestMode(SuggestMode.Missing)
									.minWordLength(4)
									.size(1)));
					}
					return sg;
				});
			}
			return s;
		}, ThreadDocument.class);
	}

	/**
	 * The query with each word the index does not have replaced by its closest indexed
	 * word, or null when there is nothing to replace.
	 */
	private static String suggestion(String text, SearchResponse<ThreadDocument> response) {
		List<co.elastic.clients.elasticsearch.core.search.TermSuggest> best = new ArrayList<>();
		// Per word of the text: the title's suggestion, else the posts'.
		for (String field : SUGGEST_FIELDS) {
			var entries = response.suggest().get(field);
			if (entries == null) {
				continue;
			}
			for (int i = 0; i < entries.size(); i++) {
				var term = entries.get(i).term();
				if (best.size() <= i) {
					best.add(term);
				}
				else if (best.get(i).options().isEmpty()) {
					best.set(i, term);
				}
			}
		}
		StringBuilder suggested = new StringBuilder(text);
		boolean changed = false;
		// From the end, so earlier offsets stay valid.
		for (int i = best.size() - 1; i >= 0; i--) {
			var term = best.get(i);
			if (term.options().isEmpty() || term.offset() + term.length() > text.length()) {
				continue;
			}
			suggested.replace(term.offset(), term.offset() + term.length(), term.options().get(0).text());
			changed = true;
		}
		return changed ? suggested.toString() : null;
	}

	/** The start of a date facet's period as a date, which keeps requests cacheable. */
	static String periodStart(String key) {
		int days = switch (key) {
			case "woche" -> 7;
			case "monat" -> 30;
			default -> 365;
		};
		return LocalDate.now(ZoneOffset.UTC).minusDays(days).toString();
	}

	private static long total(SearchResponse<ThreadDocument> response) {
		return (response.hits().total() != null) ? response.hits().total().value() : response.hits().hits().size();
	}

	/**
	 * "Ähnliche Fragen": threads whose title or posts share enough words with the text (a
	 * title being written, or another thread's title), only in readable spaces, answered
	 * questions first among equals.
	 * @param text what to compare with
	 * @param readableSpaces the spaces the reader may see
	 * @param excludeThreadId a thread to leave out (the one being read), or null
	 * @param size how many
	 * @throws SearchUnavailableException when Elasticsearch cannot answer
	 */
	public List<SearchResult.Hit> similar(String text, java.util.Set<String> readableSpaces, String excludeThreadId,
			int size) {
		String like = (text != null) ? text.strip() : "";
		if (like.length() > SearchRequest.MAX_TEXT) {
			like = like.substring(0, SearchRequest.MAX_TEXT);
		}
		if (like.length() < 3 || readableSpaces.isEmpty()) {
			return List.of();
		}
		String query = like;
		try {
			SearchResponse<ThreadDocument> response = this.client.search((s) -> s.index(this.index.alias())
				.size(size)
				.source((src) -> src.filter((f) -> f.includes("title", "space", "type", "state")))
				.query((q) -> q.bool((b) -> {
					b.filter((f) -> f.terms((t) -> t.field("space")
						.terms((v) -> v.value(readableSpaces.stream().map(FieldValue::of).toList()))));
					if (excludeThreadId != null) {
						b.mustNot((m) -> m.ids((i) -> i.values(excludeThreadId)));
					}
					b.must((m) -> m
						.multiMatch((mm) -> mm.query(query).fields("title^3", "posts").minimumShouldMatch("40%")));
					b.should((sh) -> sh.term((t) -> t.field("state").value("ANSWERED").boost(0.5f)));
					return b;
				})), ThreadDocument.class);
			List<SearchResult.Hit> hits = new ArrayList<>();
			response.hits().hits().forEach((hit) -> {
				ThreadDocument doc = hit.source();
				hits.add(new SearchResult.Hit(hit.id(), doc.title(), doc.space(), doc.type(), doc.state(), ""));
			});
			return hits;
		}
		catch (IOException | RuntimeException ex) {
			throw new SearchUnavailableException(ex);
		}
	}

	private static Query query(SearchRequest r, boolean relaxed) {
		return Query.of((q) -> q.bool((b) -> {
			b.filter((f) -> f.terms((t) -> t.field("space")
				.terms((v) -> v.value(r.readableSpaces().stream().map(FieldValue::of).toList()))));
			term(b, "space", r.space());
			term(b, "type", r.type());
			term(b, "state", r.state());
			term(b, "lands", r.land());
			term(b, "tags", r.tag());
			term(b, "authorOrganisationKind", r.organisationKind());
			if (r.period() != null) {
				b.filter((f) -> f
					.range((range) -> range.date((d) -> d.field("lastActivityAt").gte(periodStart(r.period())))));
			}
			if (!r.text().isEmpty()) {
				if (relaxed) {
					b.must((must) -> must.bool((any) -> relaxedWords(any, r.text()).minimumShouldMatch("1")));
				}
				else {
					// Every word in some field; "…" is a phrase.
					b.must((all) -> all.simpleQueryString((x) -> x.query(r.text())
						.fields(TEXT_FIELDS)
						.defaultOperator(Operator.And)
						.flags(SimpleQueryStringFlag.Whitespace, SimpleQueryStringFlag.Phrase)));
				}
				// An exact phrase ranks above a stemmed or decompounded match.
				b.should((s) -> s.multiMatch(
						(m) -> m.query(r.text()).fields("title.exact^4", "posts.exact^2").type(TextQueryType.Phrase)));
			}
			return b;
		}));
	}

	/**
	 * No thread has all words: a thread matches with the parts of the compounds (all
	 * required), with most words (for two words either one) or most parts, or with a word
	 * like one of them (a typo), and ranks higher the more of these it meets.
	 */
	private static co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder relaxedWords(
			co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder any, String text) {
		any.should((parts) -> parts.simpleQueryString((x) -> x.query(text)
			.fields(PARTS_FIELDS)
			.analyzer("forum_de_parts")
			.defaultOperator(Operator.And)
			.flags(SimpleQueryStringFlag.Whitespace)
			.boost(4f)));
		any.should((most) -> most.multiMatch((x) -> x.query(text)
			.fields(TEXT_FIELDS)
			.type(TextQueryType.CrossFields)
			.minimumShouldMatch("1<75%")
			.boost(2f)));
		// Most parts: "Wohngeldleistung" finds threads about Wohngeld.
		any.should((mostParts) -> mostParts.multiMatch((x) -> x.query(text)
			.fields(PARTS_FIELDS)
			.analyzer("forum_de_parts")
			.type(TextQueryType.CrossFields)
			.minimumShouldMatch("1<75%")));
		any.should((typo) -> typo.multiMatch((x) -> x.query(text)
			.fields(TEXT_FIELDS)
			.fuzziness("AUTO")
			.prefixLength(1)
			.maxExpansions(10)
			.boost(0.5f)));
		return any;
	}

	/** Where "Meinten Sie …" looks for words, in this order (their exact sub-fields). */
	static final List<String> SUGGEST_FIELDS = List.of("title", "posts");

	/** The per-word counts of a relaxed search cover at most this many words. */
	static final int MAX_COUNTED_WORDS = 8;

	/**
	 * The words of a query as the person wrote them, for the per-word counts: split at
	 * white space, a quoted phrase as one entry, punctuation around a word dropped
	 * ("FIT-Connect" stays one word), each once.
	 */
	static List<String> queryWords(String text) {
		java.util.Set<String> words = new java.util.LinkedHashSet<>();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(text);
		while (m.find() && words.size() < MAX_COUNTED_WORDS) {
			String word = (m.group(1) != null) ? m.group(1).strip() : m.group(2);
			word = word.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return List.copyOf(words);
	}

	private static void term(co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery.Builder b, String field,
			String value) {
		if (value != null && !value.isBlank()) {
			b.filter((f) -> f.term((t) -> t.field(field).value(value.strip())));
		}
	}

	/** Elasticsearch could not answer; the rest of the forum works on. */
	public static class SearchUnavailableException extends RuntimeException {

		public SearchUnavailableException(Throwable cause) {
			super(cause);
		}

	}

}
