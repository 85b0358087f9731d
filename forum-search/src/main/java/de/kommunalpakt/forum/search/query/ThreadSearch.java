package de.kommunalpakt.forum.search.query;

import java.io.IOException;
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

	/** The date facet's buckets, newest first. */
	private static final List<String> PERIOD_KEYS = List.of("woche", "monat", "jahr");

	private final ElasticsearchClient client;

	private final ThreadIndex index;

	public ThreadSearch(ElasticsearchClient client, ThreadIndex index) {
		this.client = client;
		this.index = index;
	}

	/**
	 * @throws SearchUnavailableException when Elasticsearch cannot answer
	 */
	public SearchResult search(SearchRequest request) {
		if (request.readableSpaces().isEmpty()) {
			return new SearchResult(List.of(), 0, Map.of());
		}
		try {
			// Words as written first; only when nothing matches them is the search
			// repeated allowing a typo per word. Expanding every word to its neighbours
			// in the index cost as much as the rest of the search together.
			SearchResponse<ThreadDocument> response = execute(request, false);
			if (!request.text().isEmpty() && total(response) == 0) {
				response = execute(request, true);
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
			return new SearchResult(hits, total(response), facets);
		}
		catch (IOException | RuntimeException ex) {
			throw new SearchUnavailableException(ex);
		}
	}

	private SearchResponse<ThreadDocument> execute(SearchRequest request, boolean typos) throws IOException {
		return this.client.search((s) -> {
			// Only what a hit shows: the posts stay in the index (the snippet comes
			// from the highlighter, the opening words when nothing matched).
			s.index(this.index.alias())
				.source((src) -> src.filter((f) -> f.includes("title", "space", "type", "state")))
				.query(query(request, typos))
				.from(request.page() * request.size())
				.size(request.size())
				.trackTotalHits((t) -> t.enabled(true))
				.highlight((h) -> {
					h.encoder(HighlighterEncoder.Html)
						.preTags("<mark>")
						.postTags("</mark>")
						.fields("posts", (f) -> f.fragmentSize(180).numberOfFragments(1).noMatchSize(180))
						.fields("title", (f) -> f.numberOfFragments(0));
					// Marks the words themselves: highlighting the typo and phrase
					// variants would re-analyse every post of every hit.
					if (!request.text().isEmpty()) {
						h.highlightQuery(
								(hq) -> hq.multiMatch((m) -> m.query(request.text()).fields("title", "posts")));
					}
					return h;
				});
			if (request.newestFirst() || request.text().isEmpty()) {
				s.sort((o) -> o.field((f) -> f.field("lastActivityAt").order(SortOrder.Desc)));
			}
			for (String facet : FACETS) {
				s.aggregations(facet, Aggregation.of((a) -> a.terms((t) -> t.field(facet).size(20))));
			}
			s.aggregations("period", Aggregation.of((a) -> a.dateRange((d) -> {
				d.field("lastActivityAt");
				for (String key : PERIOD_KEYS) {
					d.ranges((r) -> r.key(key).from((f) -> f.expr(SearchRequest.PERIODS.get(key))));
				}
				return d;
			})));
			return s;
		}, ThreadDocument.class);
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

	private static Query query(SearchRequest r, boolean typos) {
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
				b.filter((f) -> f.range((range) -> range
					.date((d) -> d.field("lastActivityAt").gte(SearchRequest.PERIODS.get(r.period())))));
			}
			if (!r.text().isEmpty()) {
				// A thread must match all words, or most of them (people add words the
				// thread does not use: "beitreten", "werden"), or, on the second try,
				// all words allowing a typo each. All words score higher than most.
				b.must((must) -> must.bool((any) -> {
					any.should((all) -> all.simpleQueryString((x) -> x.query(r.text())
						.fields("title^3", "posts")
						.defaultOperator(Operator.And)
						.flags(SimpleQueryStringFlag.Whitespace)
						.boost(2f)));
					if (typos) {
						any.should((typo) -> typo.multiMatch((x) -> x.query(r.text())
							.fields("title^3", "posts")
							.operator(Operator.And)
							.fuzziness("AUTO")
							.maxExpansions(10)
							.prefixLength(1)));
					}
					// "Most" means all for up to three words, which the first clause
					// already asks: Elasticsearch would match every word twice.
					if (words(r.text()) > 3) {
						any.should((most) -> most.multiMatch((x) -> x.query(r.text())
							.fields("title^3", "posts")
							.minimumShouldMatch("3<75%")
							.boost(0.5f)));
					}
					return any.minimumShouldMatch("1");
				}));
				// An exact phrase ranks above a stemmed or decompounded match; a typo
				// still finds.
				b.should((s) -> s.multiMatch((m) -> m.query(r.text())
					.fields("title.exact^4", "posts.exact^2")
					.type(co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType.Phrase)));
			}
			return b;
		}));
	}

	/**
	 * At least as many words as the analysers make of the text: runs of letters, digits
	 * and symbols such as emoji. The standard tokenizer splits at the same places or
	 * fewer ("3.5" stays one token).
	 */
	static int words(String text) {
		int words = 0;
		boolean inWord = false;
		for (int i = 0; i < text.length();) {
			int c = text.codePointAt(i);
			boolean part = Character.isLetterOrDigit(c) || Character.getType(c) == Character.OTHER_SYMBOL;
			if (part && !inWord) {
				words++;
			}
			inWord = part;
			i += Character.charCount(c);
		}
		return words;
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
