package de.kommunalpakt.forum.search.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter chains the forum's index uses, run on Lucene directly: index side with
 * decompounding, query side without (see README of this module).
 */
class GermanAnalysisTests {

	static List<String> index(String text) throws IOException {
		return tokens(text, (ts) -> new GermanStemFilterFactory().create(new GermanNormalizationFilterFactory()
			.create(new DecompoundFilterFactory().create(new LowerCaseFilter(ts)))));
	}

	static List<String> query(String text) throws IOException {
		return tokens(text, (ts) -> new GermanStemFilterFactory()
			.create(new GermanNormalizationFilterFactory().create(new LowerCaseFilter(ts))));
	}

	static Stream<String[]> expectations() throws IOException {
		try (InputStream in = GermanAnalysisTests.class.getResourceAsStream("/analysis-expectations.txt")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((l) -> !l.isBlank() && !l.startsWith("#"))
				.map((l) -> l.split("\\|"))
				.map((p) -> new String[] { p[0].strip(), p[1].strip() })
				.toList()
				.stream();
		}
	}

	@ParameterizedTest(name = "{0} is found by {1}")
	@MethodSource("expectations")
	void queryWordFindsIndexedText(String indexed, String queried) throws IOException {
		assertThat(index(indexed)).containsAll(query(queried));
	}

	@Test
	void compoundKeepsTheWholeWordBesideItsParts() throws IOException {
		assertThat(index("Nachnutzungsmodelle")).contains(query("Nachnutzungsmodelle").get(0), query("Modell").get(0),
				query("Nachnutzung").get(0));
	}

	@Test
	void unrelatedWordsDoNotMeet() throws IOException {
		assertThat(index("Hundesteuer")).doesNotContainAnyElementsOf(query("Wohngeld"));
		assertThat(index("Landkreis")).doesNotContainAnyElementsOf(query("Modell"));
	}

	@Test
	void dictionaryHoldsTheProjectsVocabulary() {
		assertThat(AdministrativeDictionary.words().size()).isGreaterThanOrEqualTo(300);
		assertThat(AdministrativeDictionary.words().contains("nachnutzung")).isTrue();
	}

	private static List<String> tokens(String text, UnaryOperator<TokenStream> chain) throws IOException {
		StandardTokenizer tokenizer = new StandardTokenizer();
		tokenizer.setReader(new StringReader(text));
		List<String> out = new ArrayList<>();
		try (TokenStream stream = chain.apply(tokenizer)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken()) {
				out.add(term.toString());
			}
			stream.end();
		}
		return out;
	}

}
