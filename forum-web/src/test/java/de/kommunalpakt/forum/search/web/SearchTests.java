package de.kommunalpakt.forum.search.web;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Search through the real Elasticsearch node with the project's German analysis. */
class SearchTests extends WebTestSupport {

	@Test
	void compoundPartFindsTheThreadWithAHighlightedSnippet() throws Exception {
		PostId id = this.threads.start(actor(Members.HESSEN),
				new ThreadCommands.StartThread("fragen", ThreadType.DISCUSSION, "Unser Nachnutzungsmodelle-Steckbrief",
						"Die Kooperationsvereinbarung regelt die Zusammenarbeit der Länder.", Set.of("steckbrief"),
						Set.of(), null));
		awaitFound("/suche?q=Vereinbarung", id);
		this.mvc.perform(get("/suche?q=Vereinbarung").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Unser Nachnutzungsmodelle-Steckbrief"),
					containsString("<mark>Kooperationsvereinbarung</mark>"))));
		this.mvc.perform(get("/suche?q=Modell").with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("Unser Nachnutzungsmodelle-Steckbrief")));
		this.mvc.perform(get("/suche?q=Laender").with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("Unser Nachnutzungsmodelle-Steckbrief")));
	}

	@Test
	void similarQuestionsComeFromReadableSpacesAndLeaveTheThreadItselfOut() throws Exception {
		PostId a = start("fragen", "Rahmenvertrag Wohngeld Kranich: welche Schritte zum Beitritt?");
		PostId b = start("fragen", "Wohngeld Kranich über den Rahmenvertrag abrufen");
		PostId other = start("fragen", "Bürgerkonto und Postfach einrichten");
		PostId hidden = start("laender", "Rahmenvertrag Wohngeld Kranich in der Länderrunde");
		awaitFound("/suche?q=Kranich", b);
		awaitFound("/suche?q=Kranich", hidden, Members.HESSEN);

		this.mvc
			.perform(get("/suche/aehnlich").param("titel", "Wie treten wir dem Rahmenvertrag Wohngeld Kranich bei?")
				.with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("/t/" + a.thread().value()),
					containsString("/t/" + b.thread().value()), not(containsString("/t/" + hidden.thread().value())),
					not(containsString("/t/" + other.thread().value())), containsString("Gibt es Ihre Frage schon?"))));
		this.mvc.perform(get("/suche/aehnlich").param("thema", a.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("/t/" + b.thread().value()),
					not(containsString("/t/" + a.thread().value() + "\"")), containsString("Ähnliche Fragen"))));
		this.mvc
			.perform(get("/suche/aehnlich").param("thema", hidden.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/suche/aehnlich").param("titel", "xy").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<section"))));
	}

	@Test
	void facetsForTheAskingOrganisationAndTheLastActivityNarrowTheResults() throws Exception {
		PostId byKommune = this.threads.start(actor(Members.DARMSTADT), new ThreadCommands.StartThread("fragen",
				ThreadType.QUESTION, "Marabu-Verfahren in der Kommune", "Text", Set.of(), Set.of(), null));
		PostId byLand = start("fragen", "Marabu-Verfahren im Land");
		awaitFound("/suche?q=Marabu", byKommune);
		awaitFound("/suche?q=Marabu", byLand);
		this.mvc.perform(get("/suche?q=Marabu").with(Members.DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("Gefragt von"), containsString("Kommune (1)"),
					containsString("Land (1)"), containsString("in den letzten 7 Tagen (2)"),
					containsString("organisation=KOMMUNE"), containsString("zeitraum=woche"))));
		this.mvc.perform(get("/suche?q=Marabu&organisation=kommune").with(Members.DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("/t/" + byKommune.thread().value()),
					not(containsString("/t/" + byLand.thread().value())))));
		this.mvc.perform(get("/suche?q=Marabu&zeitraum=woche").with(Members.DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("/t/" + byKommune.thread().value()),
					containsString("/t/" + byLand.thread().value()))));
		this.mvc
			.perform(get("/api/v1/search?q=Marabu&organisationKind=LAND&period=jahr").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(1));
		this.mvc.perform(get("/suche?q=Marabu&zeitraum=jahrhundert").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/t/" + byLand.thread().value())));
	}

	@Test
	void kommuneFindsPluralAndCompoundAnExactPhraseRanksFirstAndATypoStillFinds() throws Exception {
		PostId plural = start("fragen", "Albatros: Wie machen es andere Kommunen?");
		PostId compound = start("fragen", "Albatros als Pilotkommune");
		PostId exact = start("fragen", "Albatros: Nachnutzung geregelt");
		PostId stemmed = start("fragen", "Albatros: Die Nachnutzungen sind inzwischen überall geregelt");
		awaitFound("/suche?q=Albatros", plural);
		awaitFound("/suche?q=Albatros", compound);
		awaitFound("/suche?q=Albatros", exact);
		awaitFound("/suche?q=Albatros", stemmed);
		this.mvc.perform(get("/suche?q=Albatros Kommune").with(Members.DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("/t/" + plural.thread().value()),
					containsString("/t/" + compound.thread().value()))));
		this.mvc.perform(get("/api/v1/search?q=Nachnutzung geregelt Albatros").with(Members.DARMSTADT.bearer()))
			.andExpect(jsonPath("$.hits[0].threadId").value(exact.thread().value()))
			.andExpect(jsonPath("$.hits[1].threadId").value(stemmed.thread().value()));
		this.mvc.perform(get("/suche?q=Albatrox").with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("/t/" + exact.thread().value())));
	}

	@Test
	void typosAreForgivenOnlyWhenTheWordsAsWrittenFindNothing() throws Exception {
		PostId pelikan = start("fragen", "Pelikan: Anbindung geplant");
		PostId pelukan = start("fragen", "Pelukan: Kosten noch offen");
		awaitFound("/suche?q=Pelikan", pelikan);
		awaitFound("/suche?q=Pelukan", pelukan);
		// The word exists: its thread only, not the one a letter away.
		this.mvc.perform(get("/api/v1/search?q=Pelikan").with(Members.DARMSTADT.bearer()))
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.hits[0].threadId").value(pelikan.thread().value()));
		// No thread has the word as written: both neighbours.
		this.mvc.perform(get("/api/v1/search?q=Pelokan").with(Members.DARMSTADT.bearer()))
			.andExpect(jsonPath("$.total").value(2))
			.andExpect(jsonPath("$.hits[*].threadId")
				.value(org.hamcrest.Matchers.containsInAnyOrder(pelikan.thread().value(), pelukan.thread().value())));
	}

	@Test
	void withoutAllWordsThePageSaysSoCountsEachWordAndSuggestsTheIndexedSpelling() throws Exception {
		PostId id = start("fragen", "Gebührenbescheid Kormoranprüfung: wer hat Erfahrung?");
		awaitFound("/suche?q=Kormoranprüfung", id);
		this.mvc.perform(get("/suche?q=Kormoranpruefung Zzyzxq").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("/t/" + id.thread().value()),
					containsString("Kein Thema enthält alle Suchwörter"), containsString("„Zzyzxq“: keine Themen"),
					containsString("„Kormoranpruefung“: 1 Thema"), containsString("Meinten Sie:"),
					containsString("kormoranprüfung Zzyzxq"), not(containsString("zusammengesetzten")))));
		this.mvc.perform(get("/suche?q=Zzyzxq").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Keine Themen gefunden"),
					not(containsString("Treffer für einzelne Wörter")))));
	}

	private PostId start(String space, String title) {
		return this.threads.start(actor(Members.HESSEN), new ThreadCommands.StartThread(space, ThreadType.QUESTION,
				title, "Wir möchten wissen, wie andere das machen.", Set.of(), Set.of(), null));
	}

	@Test
	void hiddenThreadsNeverAppearInResultsOrFacets() throws Exception {
		PostId hidden = this.threads.start(actor(Members.HESSEN),
				new ThreadCommands.StartThread("laender", ThreadType.DISCUSSION,
						"Vertrauliche Haushaltsplanung Zebrafisch", "Nur für Länder: Zebrafisch-Budget.",
						Set.of("zebrafisch"), Set.of(), null));
		awaitFound("/suche?q=Zebrafisch", hidden, Members.HESSEN);
		this.mvc.perform(get("/suche?q=Zebrafisch").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(not(containsString("Vertrauliche Haushaltsplanung")),
					not(containsString("zebrafisch (")), containsString("Keine Themen gefunden"))));
		this.mvc.perform(get("/api/v1/search?q=Zebrafisch").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(0));
	}

	@Test
	void syntaxCharactersLongQueriesAndUnknownFacetsAreHarmless() throws Exception {
		for (String q : new String[] { "\"Rahmen", "*", "title:(x", "a AND (b OR", "x".repeat(10_000), "<script>" }) {
			this.mvc.perform(get("/suche").param("q", q).with(Members.DARMSTADT.session())).andExpect(status().isOk());
		}
		this.mvc.perform(get("/suche?q=Kosten&typ=UNBEKANNT&land=XX").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Keine Themen gefunden")));
		this.mvc.perform(get("/suche").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Geben Sie einen Suchbegriff ein")));
	}

	@Test
	void reindexIsForAdministratorsAndKeepsSearchWorking() throws Exception {
		PostId id = this.threads.start(actor(Members.HESSEN), new ThreadCommands.StartThread("fragen",
				ThreadType.QUESTION, "Neuaufbau des Index mit Bürgerkonto", "Text", Set.of(), Set.of(), null));
		awaitFound("/suche?q=Neuaufbau", id);
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/admin/reindex")
				.with(Members.DSTGB.bearer()))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/admin/reindex")
				.with(Members.ADMIN.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.threads").isNumber());
		awaitFound("/suche?q=Neuaufbau", id);
	}

	private void awaitFound(String url, PostId id) {
		awaitFound(url, id, Members.DARMSTADT);
	}

	private void awaitFound(String url, PostId id, Members who) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> this.mvc.perform(get(url).with(who.session()))
				.andExpect(content().string(containsString("/t/" + id.thread().value()))));
	}

}
