package de.kommunalpakt.forum.search.query;

import java.io.IOException;
import java.io.UncheckedIOException;
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

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.search.SearchProperties;
import de.kommunalpakt.forum.search.index.ThreadDocument;
import de.kommunalpakt.forum.search.index.ThreadIndex;

/**
 * A fresh thread index on the shared test node, filled with threads written for a test,
 * and the forum's {@link ThreadSearch} on it: the real plugin, mapping and queries, no
 * database.
 */
final class SearchFixture implements AutoCloseable {

	static final String SPACE = "austausch";

	final RestClient rest;

	final ThreadIndex index;

	final ThreadSearch search;

	SearchFixture(String name) {
		this.rest = RestClient.builder(HttpHost.create(SharedTestServices.elasticsearchUrl())).build();
		ElasticsearchClient client = new ElasticsearchClient(
				new RestClientTransport(this.rest, new JacksonJsonpMapper()));
		SearchProperties properties = new SearchProperties(true, List.of(SharedTestServices.elasticsearchUrl()),
				name + "-" + System.nanoTime(), Duration.ofSeconds(30), Duration.ofSeconds(5));
		this.index = new ThreadIndex(client, properties, Clock.systemUTC());
		this.search = new ThreadSearch(client, this.index);
		try {
			this.index.ensureExists();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Indexes the threads under their ids and makes them searchable. */
	void put(Map<String, Thread> threads) {
		try {
			for (Map.Entry<String, Thread> entry : threads.entrySet()) {
				Thread t = entry.getValue();
				String now = Instant.now().toString();
				this.index.put(this.index.alias(), entry.getKey(), 1,
						new ThreadDocument(SPACE, "QUESTION", "OPEN", false, false, t.tags(), t.lands(), "KOMMUNE", now,
								now, t.posts().size(), t.title(), t.posts()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.index.refresh();
	}

	SearchResult search(String text, int size) {
		return this.search.search(new SearchRequest(text, Set.of(SPACE), null, null, null, null, null, false, 0, size));
	}

	@Override
	public void close() throws IOException {
		this.rest.close();
	}

	record Thread(String title, List<String> posts, List<String> tags, List<String> lands) {
	}

}
