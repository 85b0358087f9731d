package de.kommunalpakt.forum.search.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The word count that decides whether the "most words" clause is asked: never fewer words
 * than the standard tokenizer makes, or a four-word query would lose the clause that lets
 * three of its words find a thread.
 */
class ThreadSearchWordsTests {

	@Test
	void countsWordsAsTheTokenizerSplitsThemOrMore() {
		assertThat(ThreadSearch.words("")).isZero();
		assertThat(ThreadSearch.words(" \"* : ( ")).isZero();
		assertThat(ThreadSearch.words("Wohngeld")).isEqualTo(1);
		assertThat(ThreadSearch.words("Wohngeld  Antrag,Frist")).isEqualTo(3);
		// The tokenizer makes two tokens of "FIT-Connect" and one of "3.5".
		assertThat(ThreadSearch.words("FIT-Connect Anbindung")).isEqualTo(3);
		assertThat(ThreadSearch.words("3.5 Prozent")).isEqualTo(3);
		assertThat(ThreadSearch.words("Grüße Straße Übergabe")).isEqualTo(3);
		// Emoji are tokens too.
		assertThat(ThreadSearch.words("Frist 🙂 Antrag")).isEqualTo(3);
		assertThat(ThreadSearch.words("Wie beantragen Kommunen Wohngeld")).isEqualTo(4);
	}

}
