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
		// A long thread: the word early in one, only after the highlighted part in the
		// other.
		String filler = filler();
		threads.put("early", new SearchFixture.Thread("Erfahrungen mit dem Betreiber",
				List.of("Die Schnittstellenbeschreibung kam vom Hersteller.", filler), List.of(), List.of("BY")));
		threads.put("late", new SearchFixture.Thread("Erfahrungen mit dem Rechtsamt",
				List.of(filler, "Zum Schluss kam die Schnittstellenbeschreibung."), List.of(), List.of("BY")));
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

	@Test
	void theSnippetMarksTheWordInTheFirstCharactersAndElseShowsTheOpeningWords() {
		assertThat(ThreadSearch.HIGHLIGHT_CHARACTERS).isLessThan(filler().length());
		SearchResult result = fixture.search("Schnittstellenbeschreibung", 10);
		assertThat(result.hits()).extracting(SearchResult.Hit::title)
			.containsExactlyInAnyOrder("Erfahrungen mit dem Betreiber", "Erfahrungen mit dem Rechtsamt");
		for (SearchResult.Hit hit : result.hits()) {
			if (hit.title().endsWith("Betreiber")) {
				assertThat(hit.snippet()).contains("<mark>Schnittstellenbeschreibung</mark>");
			}
			else {
				// Found, with the thread's opening words, not an empty snippet.
				assertThat(hit.snippet()).startsWith("Die Abstimmung mit dem Rechtsamt").doesNotContain("<mark>");
			}
		}
	}

	private static String filler() {
		return "Die Abstimmung mit dem Rechtsamt dauert noch an. ".repeat(30);
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
