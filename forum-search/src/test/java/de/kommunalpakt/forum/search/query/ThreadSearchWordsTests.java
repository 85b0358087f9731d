package de.kommunalpakt.forum.search.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The words a relaxed search counts one by one ("Wohngeld: 5 Themen"): as the person
 * wrote them, a quoted phrase as one.
 */
class ThreadSearchWordsTests {

	@Test
	void splitsAtWhiteSpaceAndKeepsQuotedPhrasesWhole() {
		assertThat(ThreadSearch.queryWords("")).isEmpty();
		assertThat(ThreadSearch.queryWords(" \"* : ( ")).isEmpty();
		assertThat(ThreadSearch.queryWords("Gebuehren Wohngeld")).containsExactly("Gebuehren", "Wohngeld");
		assertThat(ThreadSearch.queryWords("FIT-Connect, Anbindung?")).containsExactly("FIT-Connect", "Anbindung");
		assertThat(ThreadSearch.queryWords("\"42. Sitzung\" Kurzberichte")).containsExactly("42. Sitzung",
				"Kurzberichte");
		assertThat(ThreadSearch.queryWords("Antrag antrag Antrag")).containsExactly("Antrag", "antrag");
	}

	@Test
	void countsAtMostEightWords() {
		assertThat(ThreadSearch.queryWords("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10")).hasSize(ThreadSearch.MAX_COUNTED_WORDS);
	}

}
