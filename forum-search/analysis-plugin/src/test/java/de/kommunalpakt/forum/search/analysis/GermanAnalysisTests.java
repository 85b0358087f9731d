package de.kommunalpakt.forum.search.analysis;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzers of {@code index-analysis-settings.json} run on Lucene directly: index
 * side with decompounding, query side without (see README of this module).
 */
class GermanAnalysisTests {

	static List<String> index(String text) {
		return IndexAnalysis.tokens("forum_de_index", text);
	}

	static List<String> query(String text) {
		return IndexAnalysis.tokens("forum_de_query", text);
	}

	static Stream<String[]> tokens() {
		return IndexAnalysis.fixture("/analysis-tokens.txt");
	}

	static Stream<String[]> matches() {
		return IndexAnalysis.fixture("/analysis-expectations.txt");
	}

	static Stream<String[]> nonMatches() {
		return IndexAnalysis.fixture("/analysis-non-matches.txt");
	}

	@ParameterizedTest(name = "{0}: {1} -> {2}")
	@MethodSource("tokens")
	void analyzerEmitsTheExpectedTokens(String analyzer, String text, String expected) {
		assertThat(IndexAnalysis.tokens(analyzer, text)).containsExactly(expected.split(" "));
	}

	@ParameterizedTest(name = "{0} is found by {1}")
	@MethodSource("matches")
	void queryWordFindsIndexedText(String indexed, String queried) {
		assertThat(index(indexed)).containsAll(query(queried));
	}

	@ParameterizedTest(name = "{0} is not found by {1}")
	@MethodSource("nonMatches")
	void falsePartDoesNotFindIndexedText(String indexed, String queried) {
		assertThat(index(indexed)).doesNotContainAnyElementsOf(query(queried));
	}

	@Test
	void umlautDigraphAndPlainSpellingMeet() {
		assertThat(query("Laender")).isEqualTo(query("Länder")).isEqualTo(query("Lander"));
		assertThat(query("Straße")).isEqualTo(query("Strasse"));
	}

	@Test
	void compoundKeepsTheWholeWordBesideItsParts() {
		assertThat(index("Nachnutzungsmodelle")).contains(query("Nachnutzungsmodelle").get(0), query("Modell").get(0),
				query("Nachnutzung").get(0));
	}

	@Test
	void municipalityPluralSingularAndCompoundShareAToken() {
		assertThat(index("Kommunen")).containsAll(query("Kommune"));
		assertThat(index("Kommune")).containsAll(query("Kommunen"));
		assertThat(index("Pilotkommune")).containsAll(query("Kommunen"));
	}

	@Test
	void indexSideEmitsEachTermOncePerPosition() {
		assertThat(index("Kommunen Bürgeramt Hundesteuer")).doesNotHaveDuplicates();
	}

}
