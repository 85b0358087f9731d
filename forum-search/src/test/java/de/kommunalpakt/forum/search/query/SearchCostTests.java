package de.kommunalpakt.forum.search.query;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.elasticsearch.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a search costs Elasticsearch: browsing by facets (no words) is answered from the
 * node's request cache the second time, and a search whose words all match asks once.
 */
class SearchCostTests {

	static SearchFixture fixture;

	@BeforeAll
	static void index() {
		fixture = new SearchFixture("cost");
		Map<String, SearchFixture.Thread> threads = new LinkedHashMap<>();
		for (int i = 0; i < 5; i++) {
			threads.put("t" + i, new SearchFixture.Thread("Frage " + i + " zum Wohngeld", List.of("Text " + i),
					List.of("wohngeld"), List.of("HE")));
		}
		fixture.put(threads);
	}

	@AfterAll
	static void close() throws IOException {
		fixture.close();
	}

	@Test
	void browsingByFacetsIsServedFromTheRequestCacheTheSecondTime() throws IOException {
		SearchRequest browse = new SearchRequest("", java.util.Set.of(SearchFixture.SPACE), null, null, null, "HE",
				null, null, "monat", false, 0, 10);
		fixture.search.search(browse);
		long hits = stat("hit_count");
		SearchResult again = fixture.search.search(browse);
		assertThat(again.total()).isEqualTo(5);
		assertThat(stat("hit_count")).isGreaterThan(hits);
	}

	@Test
	void searchWhoseWordsAllMatchAsksOnce() throws IOException {
		long before = stat("query_total", "_stats/search");
		SearchResult result = fixture.search("Wohngeld Frage", 10);
		assertThat(result.allWords()).isTrue();
		assertThat(stat("query_total", "_stats/search") - before).isEqualTo(1);
	}

	private static long stat(String name) throws IOException {
		return stat(name, "_stats/request_cache");
	}

	private static long stat(String name, String path) throws IOException {
		String body = new String(
				fixture.rest.performRequest(new Request("GET", "/" + fixture.index.alias() + "/" + path))
					.getEntity()
					.getContent()
					.readAllBytes());
		Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(body);
		assertThat(m.find()).as(body).isTrue();
		return Long.parseLong(m.group(1));
	}

}
