package de.kommunalpakt.forum.search.query;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.search.relevance.RelevanceScore;
import de.kommunalpakt.forum.search.relevance.RelevanceSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relevance set on a corpus written for it (not the demo content, see
 * {@link RelevanceSet}): 89 questions as municipalities, Länder, the KSpV and IT
 * providers ask them, and over 150 queries with compounds, plurals, umlauts written as
 * ae/oe/ue, typos, verbs against nouns and adjectives against nouns. Real node, real
 * plugin, the forum's query. Prints every query with its first three titles, then
 * precision@3, MRR and the share of queries that found nothing ({@code ./forum
 * bench-search} reports the same figures with the same code).
 */
class GermanRelevanceTests {

	static final RelevanceSet set = RelevanceSet.load();

	static SearchFixture fixture;

	@BeforeAll
	static void indexCorpus() {
		fixture = new SearchFixture("relevance");
		Map<String, SearchFixture.Thread> threads = new LinkedHashMap<>();
		set.threads()
			.forEach((id, t) -> threads.put(id, new SearchFixture.Thread(t.title(), t.posts(), t.tags(), t.lands())));
		fixture.put(threads);
	}

	@AfterAll
	static void close() throws IOException {
		fixture.close();
	}

	@Test
	void setIsLargeEnoughAndMostlyOutsideTheProjectsWordList() throws IOException {
		List<RelevanceSet.Query> queries = set.queries();
		assertThat(set.threads()).hasSizeGreaterThanOrEqualTo(80);
		assertThat(queries).hasSizeGreaterThanOrEqualTo(120);
		Set<String> projectWords = projectWords();
		long outside = queries.stream()
			.filter((q) -> words(q.text()).stream().noneMatch(projectWords::contains))
			.count();
		assertThat(outside).as("queries with no word of projektwoerter.txt").isGreaterThanOrEqualTo(queries.size() / 2);
		queries.forEach((q) -> assertThat(set.threads().keySet()).containsAll(q.relevant()));
	}

	@Test
	void precisionAtThreeAndZeroResultsMeetTheTargets() {
		RelevanceScore score = set
			.score((q) -> fixture.search(q, 10).hits().stream().map(SearchResult.Hit::threadId).toList());
		String report = String.join("\n", set.report(score));
		System.out.println(
				"Relevanzsatz (" + score.queries() + " Anfragen, " + set.threads().size() + " Themen):\n" + report);
		System.out.println(score.summary());
		assertThat(score.precisionAt3()).as(report).isGreaterThanOrEqualTo(RelevanceScore.MIN_PRECISION_AT_3);
		assertThat(score.zeroResultShare()).as(score.summary())
			.isLessThanOrEqualTo(RelevanceScore.MAX_ZERO_RESULT_SHARE);
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
