package de.kommunalpakt.forum.search.query;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What people expect of the search, each case from issue 13: compounds found by their
 * parts and parts by their compounds, all words first and then most words, tags and
 * titles weighing more, phrases in quotes, per-word counts and "Meinten Sie …". Real
 * node, real plugin.
 */
class SearchSemanticsTests {

	static SearchFixture fixture;

	@BeforeAll
	static void index() {
		fixture = new SearchFixture("semantics");
		Map<String, SearchFixture.Thread> threads = new LinkedHashMap<>();
		threads.put("wohngeldantrag", thread("Wohngeldantrag online: wie lange dauert die Bearbeitung?",
				"Seit März nehmen wir den Antrag digital an. Die Sachbearbeitung ist zufrieden."));
		threads.put("wohngeld-kosten", thread("Kosten für das Wohngeld-Fachverfahren",
				"Wie viel zahlen Sie für das Wohngeld im Jahr an den Hersteller?"));
		threads.put("bauaufsicht", thread("Digitale Eingänge bei Bauaufsichtsbehörden",
				"Die Behörden im Kreis nehmen Pläne nur noch elektronisch an."));
		threads.put("nachnutzung", thread("Nachnutzung eines Dienstes aus Bayern",
				"Wir wollen den Dienst übernehmen und suchen ein Muster für die Vereinbarung."));
		threads.put("allianz",
				new SearchFixture.Thread("Nachnutzungsallianz: Unterschrift durch den Bürgermeister?",
						List.of("Reicht die Unterschrift oder braucht es einen Ratsbeschluss?"), List.of("beitritt"),
						List.of("NW")));
		threads.put("modell-titel",
				thread("Nachnutzungsmodell des Landes Hessen", "Ein Überblick über die Finanzierung durch das Land."));
		for (int i = 0; i < 12; i++) {
			threads.put("modell-text-" + i,
					thread("Frage " + i + " zur Umsetzung im Kreis",
							"Unser Nachnutzungsmodell sieht vor, dass das Nachnutzungsmodell jährlich geprüft wird. "
									+ "Das Nachnutzungsmodell regelt auch Kosten."));
		}
		threads.put("teilhabe-phrase", thread("Onlinedienst für Bildung und Teilhabe", "Gemeinsam mit dem Jobcenter."));
		threads.put("teilhabe-getrennt", thread("Teilhabe am Verfahren",
				"Die Bildung einer Arbeitsgruppe und die Teilhabe aller Kreise sind geplant."));
		fixture.put(threads);
	}

	@AfterAll
	static void close() throws IOException {
		fixture.close();
	}

	static SearchFixture.Thread thread(String title, String post) {
		return new SearchFixture.Thread(title, List.of(post), List.of(), List.of("HE"));
	}

	static List<String> ids(String query) {
		return fixture.search(query, 10).hits().stream().map(SearchResult.Hit::threadId).toList();
	}

	@Test
	void compoundInTheTitleIsFoundByItsPartsInAnyOrder() {
		assertThat(ids("Antrag Wohngeld")).first().isEqualTo("wohngeldantrag");
	}

	@Test
	void shorterCompoundFindsTheLongerOne() {
		assertThat(ids("Bauaufsicht")).containsExactly("bauaufsicht");
	}

	@Test
	void compoundQueryFindsThreadsAboutItsParts() {
		assertThat(ids("Wohngeldleistung")).contains("wohngeld-kosten");
		assertThat(ids("Nachnutzungsvereinbarung")).contains("nachnutzung");
	}

	@Test
	void twoWordsOfWhichOneIsUnknownFindTheOtherAndSayWhichWordMatched() {
		SearchResult result = fixture.search("Gebuehren Wohngeld", 10);
		assertThat(result.hits()).extracting(SearchResult.Hit::threadId).contains("wohngeld-kosten", "wohngeldantrag");
		assertThat(result.allWords()).isFalse();
		assertThat(result.wordCounts()).containsEntry("Gebuehren", 0L);
		assertThat(result.wordCounts().get("Wohngeld")).isGreaterThanOrEqualTo(2L);
	}

	@Test
	void allWordsComeFirstWhenSomeThreadHasThemAll() {
		SearchResult result = fixture.search("Wohngeld Hersteller", 10);
		assertThat(result.allWords()).isTrue();
		assertThat(result.hits()).extracting(SearchResult.Hit::threadId).containsExactly("wohngeld-kosten");
	}

	@Test
	void tagFindsItsThread() {
		assertThat(ids("Beitritt")).containsExactly("allianz");
	}

	@Test
	void exactWordInTheTitleRanksFirst() {
		assertThat(ids("Nachnutzungsmodell")).first().isEqualTo("modell-titel");
	}

	@Test
	void quotedPhraseIsAPhrase() {
		assertThat(ids("\"Bildung und Teilhabe\"")).containsExactly("teilhabe-phrase");
	}

	@Test
	void typoFindsAndTheIndexSuggestsTheWord() {
		SearchResult result = fixture.search("Wohngelt", 10);
		assertThat(result.hits()).isNotEmpty();
		assertThat(result.suggestion()).isEqualTo("wohngeld");
	}

}
