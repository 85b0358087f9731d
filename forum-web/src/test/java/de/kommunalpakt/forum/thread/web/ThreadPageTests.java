package de.kommunalpakt.forum.thread.web;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The thread pages with the real services and store; the login is simulated per request.
 */
class ThreadPageTests extends WebTestSupport {

	@Test
	void readingNeedsLogin() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().is3xxRedirection())
			.andExpect(header().string("Location", containsString("/oauth2/authorization/keycloak")));
	}

	@Test
	void startPageListsReadableSpacesAndLatestThreads() throws Exception {
		question(Members.DARMSTADT, OPEN_SPACE, "Startseitenfrage zur Gewerbeanmeldung");
		this.mvc.perform(get("/").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Fragen zur Nachnutzung"),
					containsString("Startseitenfrage zur Gewerbeanmeldung"), not(containsString("Länderrunde")),
					containsString("lang=\"de\""), containsString("Zum Inhalt springen"))));
	}

	@Test
	void threadPageShowsPostsWithOrganisation() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Wer unterschreibt den Rahmenvertrag?");
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.HESSEN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Wer unterschreibt den Rahmenvertrag?"),
					containsString("id=\"post-1\""), containsString("Anna Becker"), containsString("Kommune"))));
	}

	@Test
	void replyIsStoredAndShownOnceEvenWhenSubmittedTwice() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Doppelklick-Frage");
		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
					.with(csrf())
					.param("text", "Das Land übernimmt die Kosten.")
					.param("token", "token-doppelklick"))
				.andExpect(status().is3xxRedirection())
				.andExpect(redirectedUrl("/t/" + id.thread().value() + "?seite=1#post-2"));
		}
		assertThat(this.threads.get(actor(Members.HESSEN), id.thread()).postCount()).isEqualTo(2);
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("Das Land übernimmt die Kosten.")));
	}

	@Test
	void emptyReplyIsRefusedInGermanAndKeepsNothingHalf() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Leere Antwort");
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
				.with(csrf())
				.param("text", "   ")
				.param("token", "t-leer"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Bitte schreiben Sie einen Text.")));
		assertThat(this.threads.get(actor(Members.HESSEN), id.thread()).postCount()).isEqualTo(1);
	}

	@Test
	void tooLongReplyKeepsTheTextInTheForm() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Zu lange Antwort");
		String text = "Langer Text " + "x".repeat(70_000);
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
				.with(csrf())
				.param("text", text))
			.andExpect(status().isBadRequest())
			.andExpect(content()
				.string(allOf(containsString("höchstens 65.000 Zeichen"), containsString("Langer Text xxxx"))));
	}

	@Test
	void replyToClosedThreadIsAConflict() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Geschlossene Frage");
		this.threads.moderate(actor(Members.DSTGB), id.thread().value(), ModerationAction.CLOSE, null);
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
				.with(csrf())
				.param("text", "Noch eine Antwort"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("Dieses Thema ist geschlossen")));
	}

	@Test
	void replyWithoutCsrfTokenIsRefused() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "CSRF-Frage");
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
				.param("text", "Ohne Token"))
			.andExpect(status().isForbidden());
		assertThat(this.threads.get(actor(Members.HESSEN), id.thread()).postCount()).isEqualTo(1);
	}

	@Test
	void unknownOrMalformedIdsAreGerman404s() throws Exception {
		for (String path : new String[] { "/t/unbekannt", "/t/%3Cscript%3E", "/beitraege/abc-0",
				"/beitraege/abcdefghjk-5", "/bereiche/gibtsnicht", "/mitglieder/niemand", "/organisationen/X!" }) {
			// A URI, so MockMvc does not encode the percent signs a second time.
			this.mvc.perform(get(java.net.URI.create(path)).with(Members.DARMSTADT.session()))
				.andExpect(status().isNotFound())
				.andExpect(content().string(containsString("Nicht gefunden")));
		}
	}

	@Test
	void garbageParametersAreBadRequestsNotErrors() throws Exception {
		this.mvc.perform(get("/bereiche/fragen?seite=abc").with(Members.DARMSTADT.session()))
			.andExpect(status().isBadRequest());
		this.mvc.perform(get("/bereiche/fragen?typ=UNSINN").with(Members.DARMSTADT.session()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Filterwert ist unbekannt")));
	}

	@Test
	void kommuneCannotOpenAStateLevelSpaceOrItsThreads() throws Exception {
		PostId id = question(Members.HESSEN, STATE_SPACE, "Interne Abstimmung der Länder");
		this.mvc.perform(get("/bereiche/laender").with(Members.DARMSTADT.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.HESSEN.session())).andExpect(status().isOk());
		this.mvc.perform(get("/bereiche/moderation").with(Members.HESSEN.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/bereiche/moderation").with(Members.DSTGB.session())).andExpect(status().isOk());
	}

	@Test
	void newThreadValidatesTitleInGermanAndKeepsInput() throws Exception {
		this.mvc
			.perform(post("/bereiche/fragen/neu").with(Members.DARMSTADT.session())
				.with(csrf())
				.param("typ", "QUESTION")
				.param("titel", "x".repeat(201))
				.param("text", "Mein sorgfältig geschriebener Text"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(allOf(containsString("höchstens 200 Zeichen"),
					containsString("Mein sorgfältig geschriebener Text"))));
		this.mvc
			.perform(post("/bereiche/fragen/neu").with(Members.DARMSTADT.session())
				.with(csrf())
				.param("typ", "QUESTION")
				.param("titel", "")
				.param("text", "Text"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Bitte geben Sie einen Titel ein.")));
	}

	@Test
	void scriptInMarkdownIsStoredAndShownInert() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "XSS-Frage");
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
				.with(csrf())
				.param("text",
						"Hallo <script>alert('x')</script> [klick](javascript:alert(1)) <img src=x onerror=alert(1)>"))
			.andExpect(status().is3xxRedirection());
		String html = this.mvc.perform(get("/t/" + id.thread().value()).with(Members.DARMSTADT.session()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		org.jsoup.nodes.Element posts = org.jsoup.Jsoup.parse(html).getElementById("posts");
		assertThat(posts.select("script, img, [onerror], a[href^=javascript]")).isEmpty();
		assertThat(posts.select(".post-body").text()).contains("Hallo");
	}

	@Test
	void aPostsMarkdownIsServedForQuotingToThoseWhoMayReadIt() throws Exception {
		PostId open = question(Members.DARMSTADT, OPEN_SPACE, "Quelle zum Zitieren");
		this.mvc.perform(get("/beitraege/" + open + "/markdown").with(Members.KOELN.session()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/markdown"))
			.andExpect(content().string("Wie machen das andere Kommunen?"));
		PostId hidden = question(Members.HESSEN, STATE_SPACE, "Nur für die Länderrunde");
		this.mvc.perform(get("/beitraege/" + hidden + "/markdown").with(Members.KOELN.session()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/beitraege/gibtesnicht-1/markdown").with(Members.KOELN.session()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/beitraege/kaputt/markdown").with(Members.KOELN.session()))
			.andExpect(status().isNotFound());
	}

	@Test
	void acceptedAnswerAndHelpfulMarksAreShown() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Welche Frist gilt?");
		this.mvc.perform(post("/t/" + id.thread().value() + "/antworten").with(Members.HESSEN.session())
			.with(csrf())
			.param("text", "Sechs Wochen."));
		String answer = id.thread().value() + "-2";
		this.mvc.perform(post("/beitraege/" + answer + "/hilfreich").with(Members.DARMSTADT.session()).with(csrf()))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(post("/beitraege/" + answer + "/akzeptieren").with(Members.KOELN.session()).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/beitraege/" + answer + "/akzeptieren").with(Members.DARMSTADT.session()).with(csrf()))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.KOELN.session()))
			.andExpect(content().string(allOf(containsString("beantwortet"), containsString("Akzeptierte Antwort"),
					containsString("Hilfreich (1)"))));
	}

	@Test
	void editShowsMarkerAndHistory() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Bearbeitete Frage");
		this.mvc
			.perform(post("/beitraege/" + id + "/bearbeiten").with(Members.DARMSTADT.session())
				.with(csrf())
				.param("text", "Neue Fassung der Frage")
				.param("revision", "0"))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(content()
				.string(allOf(containsString("bearbeitet von Anna Becker"), containsString("Neue Fassung der Frage"))));
		this.mvc.perform(get("/beitraege/" + id + "/verlauf").with(Members.HESSEN.session()))
			.andExpect(content().string(allOf(containsString("Ursprüngliche Fassung"),
					containsString("Wie machen das andere Kommunen?"), containsString("Neue Fassung der Frage"))));
		this.mvc
			.perform(post("/beitraege/" + id + "/bearbeiten").with(Members.HESSEN.session())
				.with(csrf())
				.param("text", "Fremde Änderung"))
			.andExpect(status().isForbidden());
	}

	@Test
	void moderationIsForModeratorsOnly() throws Exception {
		PostId id = question(Members.DARMSTADT, OPEN_SPACE, "Zu moderierende Frage");
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/moderation").with(Members.KOELN.session())
				.with(csrf())
				.param("aktion", "LOCK"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/moderation").with(Members.DSTGB.session())
				.with(csrf())
				.param("aktion", "LOCK"))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/t/" + id.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("von der Moderation gesperrt")));
		this.mvc
			.perform(post("/t/" + id.thread().value() + "/moderation").with(Members.DSTGB.session())
				.with(csrf())
				.param("aktion", "QUATSCH"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void tokenWithoutOrganisationGetsAGermanRefusal() throws Exception {
		this.mvc.perform(get("/").with(Members.NO_ORGANISATION.session()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(containsString("keine gültige Organisation")));
	}

	@Test
	void previewRendersSanitizedHtml() throws Exception {
		this.mvc
			.perform(post("/vorschau").with(Members.DARMSTADT.session())
				.with(csrf())
				.param("text", "**fett** <script>x</script>"))
			.andExpect(status().isOk())
			.andExpect(
					content().string(allOf(containsString("<strong>fett</strong>"), not(containsString("<script>")))));
	}

}
