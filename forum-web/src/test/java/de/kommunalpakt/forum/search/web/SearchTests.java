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
