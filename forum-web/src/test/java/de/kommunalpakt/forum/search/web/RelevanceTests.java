package de.kommunalpakt.forum.search.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.support.TestMongo;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relevance set: German queries as members type them (umlauts written out, plural,
 * compound parts, a typo, an exact phrase) against the demo content, each with the thread
 * expected among the first three results. Prints each query's top three and the
 * precision@3 of the set.
 */
@SpringBootTest
@ActiveProfiles("embedded")
class RelevanceTests {

	/** Query, then the title (or a distinctive part of it) of each relevant thread. */
	static final List<List<String>> SET = List.of(List.of("Rahmenvertrag d-NRW beitreten", "Rahmenvertrag mit d-NRW"),
			List.of("Rahmenvertraege", "Rahmenvertrag mit d-NRW"),
			List.of("Beschlussvorlage Rat", "Rahmenvertrag mit d-NRW"),
			List.of("Kosten DigitalMarkt", "DigitalMarkt von BayKommun"),
			List.of("BayKommun", "DigitalMarkt von BayKommun"),
			List.of("Marktplatz Landkreise", "Marktplatz für EfA-Leistungen"),
			List.of("Landkreis nachnutzen Marktplatz", "Marktplatz für EfA-Leistungen"),
			List.of("civento Anbindung", "civento"), List.of("civento", "civento"),
			List.of("EfA-First Schleswig-Holstein", "EfA-First in Schleswig-Holstein"),
			List.of("Schleswig Holstein aktiv werden", "EfA-First in Schleswig-Holstein"),
			List.of("Thueringen Betrieb", "Thüringen"), List.of("Kostenverteilung Weiterentwicklung", "Thüringen"),
			List.of("wer zahlt den Betrieb", "Thüringen"),
			List.of("FIT-Connect Voraussetzungen", "FIT-Connect: Welche Voraussetzungen"),
			List.of("Fachverfahrn", "civento", "FIT-Connect: Welche Voraussetzungen"),
			List.of("Kurzberichte IT-Planungsrat", "Kurzberichte der Länder"),
			List.of("\"42. Sitzung\"", "Kurzberichte der Länder"),
			List.of("Vergleich Nachnutzungsmodelle", "Vergleich der Nachnutzungsmodelle"),
			List.of("Workshop Ergebnisse", "Vergleich der Nachnutzungsmodelle"),
			List.of("Pilotkommunen Erfahrungen", "ersten Pilotkommunen"),
			List.of("Pilotkommune", "ersten Pilotkommunen"), List.of("Sprechstunde Oktober", "Online-Sprechstunde"),
			List.of("Online-Sprechstunde", "Online-Sprechstunde"),
			List.of("Moderationsplan AL-Runde", "Moderationsplan"),
			List.of("Musterdienstanweisung", "Musterdienstanweisung"),
			List.of("Dienstanweisung", "Musterdienstanweisung"),
			List.of("Fehler melden anderes Land", "Fehler in einer EfA-Leistung"),
			List.of("Design Stadtportal anpassen", "Design der EfA-Leistung"),
			List.of("Willkommen Forum", "Willkommen im Forum Kommunalpakt"));

	@Autowired
	ThreadSearch search;

	@Autowired
	ThreadRepository threads;

	@Autowired
	SpaceRepository spaces;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "relevance-" + System.nanoTime());
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", SharedTestServices::elasticsearchUrl);
		registry.add("forum.search.index", () -> "relevance-" + System.nanoTime());
	}

	@Test
	void atLeastNineOfTenQueriesFindTheirThreadInTheFirstThree() {
		Set<String> all = this.spaces.findAll().stream().map((s) -> s.id().value()).collect(Collectors.toSet());
		long count = this.threads.count();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.search.search(new SearchRequest("", all, null, null, null, null, null, false, 0, 1))
				.total() == count);

		int hits = 0;
		double precision = 0;
		List<String> report = new ArrayList<>();
		for (List<String> entry : SET) {
			String query = entry.get(0);
			List<String> relevant = entry.subList(1, entry.size());
			List<String> top = this.search
				.search(new SearchRequest(query, all, null, null, null, null, null, false, 0, 3))
				.hits()
				.stream()
				.map(SearchResult.Hit::title)
				.toList();
			long found = top.stream().filter((t) -> relevant.stream().anyMatch(t::contains)).count();
			precision += (double) found / Math.min(3, relevant.size());
			boolean hit = found > 0;
			hits += hit ? 1 : 0;
			report.add(String.format("%s %-36s → %s", hit ? "✓" : "✗", query, top));
		}
		double p3 = precision / SET.size();
		System.out.println("Relevanzsatz (" + SET.size() + " Anfragen):\n" + String.join("\n", report));
		System.out.printf(
				"Treffer unter den ersten drei: %d von %d; precision@3 (je Anfrage relevante unter den ersten drei / min(3, relevante)): %.2f%n",
				hits, SET.size(), p3);
		assertThat(SET).hasSizeGreaterThanOrEqualTo(30);
		assertThat(hits).as(String.join("\n", report)).isGreaterThanOrEqualTo(27);
	}

}
