package de.kommunalpakt.forum.moderation.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Reporting and moderating posts over the API and the pages, with the real stand-in and
 * Elasticsearch: what a hidden or deleted post leaves visible on every path (page, API,
 * history, search, inbox), and what a suspended member may still do.
 */
class ModerationWebTests extends WebTestSupport {

	@Autowired
	NotificationService notifications;

	@Autowired
	MemberRepository members;

	private PostId askWith(String word) {
		return this.threads.start(actor(Members.DARMSTADT),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), de.kommunalpakt.forum.thread.ThreadType.QUESTION,
						"Frage zum Onlinedienst " + word.length(), "Rufen Sie mich an: " + word + " 0611 987654.",
						java.util.Set.of(), java.util.Set.of(), null));
	}

	private void awaitSearch(String word, PostId id, boolean found) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			String body = this.mvc.perform(get("/api/v1/search").param("q", word).with(Members.KOELN.bearer()))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(body.contains(id.thread().value())).isEqualTo(found);
		});
	}

	@Test
	void reportedPostHiddenByModerationIsWithheldOnEveryPathAndItsAuthorLearnsWhy() throws Exception {
		PostId post = askWith("Kormoranweg");
		awaitSearch("Kormoranweg", post, true);

		this.mvc
			.perform(post("/api/v1/posts/" + post + "/reports").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"reason\":\"PERSONAL_DATA\",\"note\":\"Private Telefonnummer\"}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.reason").value("PERSONAL_DATA"));
		this.mvc
			.perform(post("/api/v1/posts/" + post + "/reports").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"reason\":\"WRONG\"}"))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(containsString("bereits gemeldet")));
		this.mvc
			.perform(post("/api/v1/posts/" + post + "/reports").with(Members.HESSEN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"reason\":\"gefaellt-mir-nicht\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Bitte wählen Sie einen Grund für die Meldung."));

		this.mvc.perform(get("/api/v1/moderation/reports").with(Members.KOELN.bearer()))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/api/v1/moderation/reports").with(Members.DSTGB.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].post", hasItem(post.toString())));
		this.mvc.perform(get("/moderation/meldungen").with(Members.DSTGB.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Private Telefonnummer")))
			.andExpect(content().string(matchesPattern("(?s).*id=\"report-count\"[^>]*>[1-9][0-9]*<.*")));

		this.mvc
			.perform(post("/api/v1/posts/" + post + "/moderation").with(Members.DSTGB.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"action\":\"HIDE\",\"reason\":\"Enthält eine private Telefonnummer.\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("HIDDEN"));

		// It was the opening post: the thread is hidden with it. API, page, quote source,
		// history: other members are told it is hidden, the text is nowhere.
		this.mvc.perform(get("/api/v1/posts/" + post).with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(not(containsString("0611"))));
		this.mvc.perform(get("/api/v1/threads/" + post.thread().value()).with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(not(containsString("0611"))));
		this.mvc.perform(get("/t/" + post.thread().value()).with(Members.KOELN.session()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("Dieses Thema ist von der Moderation ausgeblendet")))
			.andExpect(content().string(not(containsString("0611"))));
		this.mvc.perform(get("/beitraege/" + post + "/markdown").with(Members.KOELN.session()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(not(containsString("0611"))));
		this.mvc.perform(get("/api/v1/posts/" + post + "/history").with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound());
		awaitSearch("Kormoranweg", post, false);
		// The author and the moderation still read it, with the note.
		this.mvc.perform(get("/api/v1/posts/" + post).with(Members.DARMSTADT.bearer()))
			.andExpect(jsonPath("$.state").value("HIDDEN"))
			.andExpect(jsonPath("$.moderationReason").value("Enthält eine private Telefonnummer."))
			.andExpect(jsonPath("$.markdown").value(containsString("0611")));
		this.mvc.perform(get("/t/" + post.thread().value()).with(Members.DSTGB.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Ausgeblendet durch die Moderation")))
			.andExpect(content().string(containsString("Enthält eine private Telefonnummer.")));

		this.notifications.drain();
		this.mvc.perform(get("/benachrichtigungen").with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("hat Ihren Beitrag in")))
			.andExpect(content().string(containsString("Enthält eine private Telefonnummer.")));
		this.mvc.perform(get("/api/v1/moderation/reports").with(Members.DSTGB.bearer()))
			.andExpect(jsonPath("$[*].post", not(hasItem(post.toString()))));
	}

	@Test
	void deletedReplyLeavesNoTextInRevisionsOrSearch() throws Exception {
		PostId question = askWith("Reiherstieg");
		PostId reply = this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(question.thread().value(), "Meine Nummer: Flamingoallee 12", null, null));
		this.threads.edit(actor(Members.KOELN),
				new ThreadCommands.EditPost(reply.toString(), "Meine Nummer: Flamingoallee 14", null));
		awaitSearch("Flamingoallee", reply, true);

		this.mvc
			.perform(post("/api/v1/posts/" + reply + "/moderation").with(Members.DSTGB.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"action\":\"DELETE\",\"reason\":\"Anschrift einer Privatperson.\"}"))
			.andExpect(jsonPath("$.state").value("DELETED"));

		awaitSearch("Flamingoallee", reply, false);
		this.mvc.perform(get("/api/v1/posts/" + reply).with(Members.DSTGB.bearer()))
			.andExpect(jsonPath("$.markdown").value(not(containsString("Flamingo"))));
		this.mvc.perform(get("/beitraege/" + reply + "/verlauf").with(Members.DSTGB.session()))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/t/" + question.thread().value()).with(Members.HESSEN.session()))
			.andExpect(content().string(containsString("Gelöscht durch die Moderation")))
			.andExpect(content().string(not(containsString("Flamingo"))));
	}

	@Test
	void authorDeletesOwnPostOnlyWhileNobodyAnswered() throws Exception {
		PostId question = askWith("Stelzenlaeufer");
		PostId reply = this.threads.reply(actor(Members.KOELN),
				new ThreadCommands.Reply(question.thread().value(), "Doch falsch verstanden.", null, null));
		this.mvc.perform(delete("/api/v1/posts/" + question).with(Members.DARMSTADT.bearer()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value(containsString("schon geantwortet")));
		this.mvc.perform(delete("/api/v1/posts/" + reply).with(Members.DARMSTADT.bearer()))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/t/" + question.thread().value()).with(Members.KOELN.session()))
			.andExpect(content().string(containsString("/beitraege/" + reply + "/loeschen")));
		this.mvc.perform(post("/beitraege/" + reply + "/loeschen").with(Members.KOELN.session()).with(csrf()))
			.andExpect(status().is3xxRedirection());
		this.mvc.perform(get("/t/" + question.thread().value()).with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("Von der verfassenden Person gelöscht.")))
			.andExpect(content().string(not(containsString("Doch falsch verstanden."))));
	}

	@Test
	void reportFormKeepsTheNoteAndNamesTheMistakeInGerman() throws Exception {
		PostId post = askWith("Loeffelente");
		this.mvc.perform(get("/beitraege/" + post + "/melden").with(Members.HESSEN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("personenbezogene Daten")));
		this.mvc
			.perform(post("/beitraege/" + post + "/melden").with(Members.HESSEN.session())
				.with(csrf())
				.param("hinweis", "Bitte prüfen"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Bitte wählen Sie einen Grund")))
			.andExpect(content().string(containsString("Bitte prüfen")));
		this.mvc
			.perform(post("/beitraege/" + post + "/melden").with(Members.HESSEN.session())
				.with(csrf())
				.param("grund", "OUTDATED"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Danke für Ihre Meldung")));
	}

	@Test
	void suspendedMemberReadsButCannotWriteAndSeesWhy() throws Exception {
		this.members.recordLogin(actor(Members.HURRIED));
		PostId post = askWith("Schwarzstorch");
		this.mvc
			.perform(put("/api/v1/members/eilig/suspension").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"days\":2,\"reason\":\"Werbung\"}"))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(put("/api/v1/members/eilig/suspension").with(Members.DSTGB.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"days\":2,\"reason\":\"Wiederholt Werbung für ein Produkt.\"}"))
			.andExpect(status().isOk());
		try {
			this.mvc
				.perform(post("/api/v1/threads/" + post.thread().value() + "/posts").with(Members.HURRIED.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"markdown\":\"Kaufen Sie jetzt!\"}"))
				.andExpect(status().isForbidden())
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.detail").value(containsString("Wiederholt Werbung für ein Produkt.")));
			this.mvc
				.perform(post("/t/" + post.thread().value() + "/antworten").with(Members.HURRIED.session())
					.with(csrf())
					.param("text", "Kaufen Sie jetzt!"))
				.andExpect(status().isForbidden())
				.andExpect(content().string(containsString("für Beiträge gesperrt")));
			this.mvc.perform(get("/t/" + post.thread().value()).with(Members.HURRIED.session()))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"suspension-banner\"")))
				.andExpect(content().string(containsString("Wiederholt Werbung für ein Produkt.")));
			this.notifications.drain();
			this.mvc.perform(get("/benachrichtigungen").with(Members.HURRIED.session()))
				.andExpect(content().string(containsString("vorübergehend für Beiträge gesperrt")));
		}
		finally {
			this.mvc.perform(delete("/api/v1/members/eilig/suspension").with(Members.DSTGB.bearer()))
				.andExpect(status().isNoContent());
		}
		this.mvc
			.perform(post("/api/v1/threads/" + post.thread().value() + "/posts").with(Members.HURRIED.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Entschuldigung, wird nicht wieder vorkommen.\"}"))
			.andExpect(status().isCreated());
	}

}
