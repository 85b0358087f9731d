package de.kommunalpakt.forum.bench;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import de.kommunalpakt.forum.search.SearchProperties;
import de.kommunalpakt.forum.search.index.ThreadDocument;
import de.kommunalpakt.forum.search.index.ThreadIndex;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.search.relevance.RelevanceScore;
import de.kommunalpakt.forum.search.relevance.RelevanceSet;

/**
 * The relevance part of {@code ./forum bench-search}: the relevance set (the threads and
 * queries GermanRelevanceTests scores, not the demo content) in an index of its own on
 * the bench's node, the forum's {@link ThreadSearch} on it, the first ten threads of
 * every query scored. Runs after the timed parts and removes its index again.
 */
final class RelevanceBench {

	private static final String INDEX = "bench-relevance";

	private static final String SPACE = "relevanz";

	private RelevanceBench() {
	}

	/**
	 * The results table (Markdown) with precision@3, MRR and the queries without a
	 * result.
	 */
	static String run(String elasticsearch) throws IOException {
		RelevanceSet set = RelevanceSet.load();
		try (RestClient rest = RestClient.builder(HttpHost.create(elasticsearch)).build()) {
			ElasticsearchClient client = new ElasticsearchClient(
					new RestClientTransport(rest, new JacksonJsonpMapper()));
			ThreadIndex index = new ThreadIndex(client, new SearchProperties(true, List.of(elasticsearch), INDEX,
					Duration.ofSeconds(30), Duration.ofSeconds(5)), Clock.systemUTC());
			index.ensureExists();
			String now = Instant.now().toString();
			for (Map.Entry<String, RelevanceSet.Thread> e : set.threads().entrySet()) {
				RelevanceSet.Thread t = e.getValue();
				index.put(INDEX, e.getKey(), 1, new ThreadDocument(SPACE, "QUESTION", "OPEN", false, false, t.tags(),
						t.lands(), "KOMMUNE", now, now, t.posts().size(), t.title(), t.posts()));
			}
			index.refresh();
			ThreadSearch search = new ThreadSearch(client, index);
			RelevanceScore score = set.score((q) -> search
				.search(new SearchRequest(q, Set.of(SPACE), null, null, null, null, null, false, 0, 10))
				.hits()
				.stream()
				.map(SearchResult.Hit::threadId)
				.toList());
			set.report(score).stream().filter((line) -> line.startsWith("✗")).forEach(System.out::println);
			for (String concrete : client.indices().getAlias((r) -> r.name(INDEX)).result().keySet()) {
				client.indices().delete((r) -> r.index(concrete));
			}
			return "Relevanzsatz (" + set.queries().size() + " Anfragen über " + set.threads().size()
					+ " eigens geschriebene Themen, nicht die Demo-Inhalte; die Abfrage des Forums, erste zehn Treffer):\n\n"
					+ score.table(set.threads().size()) + "\n";
		}
	}

}
