package de.kommunalpakt.forum.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relevance set on a corpus written for it (not the demo content): 89 questions as
 * municipalities, Länder, the KSpV and IT providers ask them, and over 150 queries with
 * compounds, plurals, umlauts written as ae/oe/ue, typos, verbs against nouns and
 * adjectives against nouns. Real node, real plugin, the forum's query. Prints every query
 * with its first three titles, then precision@3, MRR and the share of queries that found
 * nothing.
 */
class GermanRelevanceTests {

	/** The issue's targets. */
	static final double MIN_PRECISION_AT_3 = 0.9;

	static final double MAX_ZERO_RESULT_SHARE = 0.02;

	static SearchFixture fixture;

	static Map<String, SearchFixture.Thread> threads;

	@BeforeAll
	static void indexCorpus() {
		fixture = new SearchFixture("relevance");
		threads = SearchFixture.threads("/relevance/threads.txt");
		fixture.put(threads);
	}

	@AfterAll
	static void close() throws IOException {
		fixture.close();
	}

	@Test
	void setIsLargeEnoughAndMostlyOutsideTheProjectsWordList() throws IOException {
		List<String[]> queries = queries();
		assertThat(threads).hasSizeGreaterThanOrEqualTo(80);
		assertThat(queries).hasSizeGreaterThanOrEqualTo(120);
		Set<String> projectWords = projectWords();
		long outside = queries.stream().filter((q) -> words(q[0]).stream().noneMatch(projectWords::contains)).count();
		assertThat(outside).as("queries with no word of projektwoerter.txt").isGreaterThanOrEqualTo(queries.size() / 2);
		queries.forEach((q) -> assertThat(threads.keySet()).containsAll(List.of(q[1].split(" "))));
	}

	@Test
	void precisionAtThreeAndZeroResultsMeetTheTargets() {
		List<String[]> queries = queries();
		double precision = 0;
		double reciprocalRank = 0;
		int zero = 0;
		List<String> report = new ArrayList<>();
		Map<String, String> titles = threads.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (e) -> e.getValue().title()));
		for (String[] q : queries) {
			List<String> relevant = List.of(q[1].split(" "));
			SearchResult result = fixture.search(q[0], 10);
			List<String> ids = result.hits().stream().map(SearchResult.Hit::threadId).toList();
			if (ids.isEmpty()) {
				zero++;
			}
			long inTop3 = ids.stream().limit(3).filter(relevant::contains).count();
			precision += (double) inTop3 / Math.min(3, relevant.size());
			for (int rank = 0; rank < ids.size(); rank++) {
				if (relevant.contains(ids.get(rank))) {
					reciprocalRank += 1.0 / (rank + 1);
					break;
				}
			}
			report.add(String.format("%s %-40s → %s", (inTop3 > 0) ? "✓" : "✗", q[0],
					ids.stream().limit(3).map((id) -> titles.get(id)).toList()));
		}
		double p3 = precision / queries.size();
		double mrr = reciprocalRank / queries.size();
		double zeroShare = (double) zero / queries.size();
		System.out.println("Relevanzsatz (" + queries.size() + " Anfragen, " + threads.size() + " Themen):\n"
				+ String.join("\n", report));
		System.out.printf(Locale.GERMANY, "precision@3 %.3f, MRR %.3f, ohne Treffer %d (%.1f %%)%n", p3, mrr, zero,
				zeroShare * 100);
		assertThat(p3).as(String.join("\n", report)).isGreaterThanOrEqualTo(MIN_PRECISION_AT_3);
		assertThat(zeroShare).isLessThanOrEqualTo(MAX_ZERO_RESULT_SHARE);
	}

	static List<String[]> queries() {
		return SearchFixture.lines("/relevance/queries.txt").stream().map((line) -> {
			int bar = line.lastIndexOf('|');
			return new String[] { line.substring(0, bar).strip(), line.substring(bar + 1).strip() };
		}).toList();
	}

	private static List<String> words(String query) {
		return List.of(query.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"));
	}

	/** The plugin's list, from the source tree (tests run in this module's folder). */
	private static Set<String> projectWords() throws IOException {
		return parse(java.nio.file.Files.readString(java.nio.file.Path
			.of("analysis-plugin/src/main/resources/de/kommunalpakt/forum/search/analysis/projektwoerter.txt")));
	}

	private static Set<String> parse(String text) {
		return text.lines()
			.map(String::strip)
			.filter((l) -> !l.isEmpty() && !l.startsWith("#"))
			.flatMap((l) -> List.of(l.toLowerCase(Locale.ROOT).split("[:\\s]+")).stream())
			.collect(Collectors.toSet());
	}

}
