package de.kommunalpakt.forum.search.relevance;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading threads.txt and queries.txt. */
class RelevanceSetTests {

	@Test
	void threadsKeepTitleOpeningPostRepliesTagsAndLaender() {
		Map<String, RelevanceSet.Thread> threads = RelevanceSet
			.threads(List.of("== a | wohngeld,efa | NW,HE", "Wohngeld online", "Erste Zeile", "zweite Zeile", "--",
					"Antwort", "== b | gewerbe | BY", "Gewerbe", "Frage"));
		assertThat(threads).containsOnlyKeys("a", "b");
		assertThat(threads.get("a")).isEqualTo(new RelevanceSet.Thread("Wohngeld online",
				List.of("Erste Zeile\nzweite Zeile", "Antwort"), List.of("wohngeld", "efa"), List.of("NW", "HE")));
		assertThat(threads.get("b").posts()).containsExactly("Frage");
	}

	@Test
	void queryTakesTheTextBeforeTheLastBarAndTheIdsAfterIt() {
		assertThat(RelevanceSet.queries(List.of("Kosten | Gebühren | a  b")))
			.containsExactly(new RelevanceSet.Query("Kosten | Gebühren", List.of("a", "b")));
	}

	@Test
	void shippedSetNamesOnlyThreadsItHolds() {
		RelevanceSet set = RelevanceSet.load();
		assertThat(set.queries()).isNotEmpty()
			.allSatisfy((q) -> assertThat(set.threads().keySet()).containsAll(q.relevant()));
	}

}
