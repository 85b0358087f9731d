package de.kommunalpakt.forum.moderation.web;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.feed.FeedTokens;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.RequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Hiding a thread's opening post hides the thread (as Discourse does with the topic of a
 * hidden first post): for members it is in no list, start page, feed, search result or
 * notification line, and its page says it is hidden; moderators still see it, marked; its
 * author still reads it with the reason. Showing the post again shows the thread again.
 * Real stand-in and Elasticsearch.
 */
class HiddenThreadWebTests extends WebTestSupport {

	static final String HIDDEN_NOTE = "Dieses Thema ist von der Moderation ausgeblendet und nur für die Moderation sichtbar.";

	@Autowired
	NotificationService notifications;

	@Autowired
	FeedTokens tokens;

	@Autowired
	de.kommunalpakt.forum.member.MemberRepository members;

	@Test
	void threadOfAHiddenOpeningPostIsGoneForMembersAndMarkedForModerators() throws Exception {
		this.members.recordLogin(actor(Members.DARMSTADT));
		this.members.recordLogin(actor(Members.KOELN));
		String title = "Werbung für Purpurreiher-Software " + System.nanoTime();
		PostId opening = this.threads.start(actor(Members.DARMSTADT),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, title,
						"Kaufen Sie die Purpurreiher-Software!", Set.of("purpurreiher"), Set.of(LandCode.HE), null));
		String thread = opening.thread().value();
		// Köln watches the thread and gets a notification line naming it.
		this.notifications.watch(actor(Members.KOELN), WatchTarget.thread(thread), WatchLevel.WATCH);
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(thread, "Bitte keine Werbung hier.", null, null));
		this.notifications.drain();
		String feed = this.tokens.renew(actor(Members.KOELN).id());
		assertListings(feed, title, thread, true);
		awaitSearch("Purpurreiher", thread, true);

		this.mvc
			.perform(post("/api/v1/posts/" + opening + "/moderation").with(Members.DSTGB.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"action\":\"HIDE\",\"reason\":\"Werbung\"}"))
			.andExpect(status().isOk());
		this.notifications.drain();

		// A member: no list, start page, feed or notification line names it ...
		assertListings(feed, title, thread, false);
		// ... no search finds it ...
		awaitSearch("Purpurreiher", thread, false);
		this.mvc.perform(get("/suche").param("q", "Purpurreiher").with(Members.KOELN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString(title))));
		// ... and its page, its posts and its feed say it is hidden.
		this.mvc.perform(get("/t/" + thread).with(Members.KOELN.session()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString(HIDDEN_NOTE)))
			.andExpect(content().string(not(containsString(title))));
		this.mvc.perform(get("/api/v1/threads/" + thread).with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(HIDDEN_NOTE));
		this.mvc.perform(get("/api/v1/posts/" + thread + "-2").with(Members.KOELN.bearer()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/feeds/" + feed + "/themen/" + thread)).andExpect(status().isNotFound());
		this.mvc
			.perform(post("/api/v1/threads/" + thread + "/posts").with(Members.KOELN.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"markdown\":\"Noch eine Antwort\"}"))
			.andExpect(status().isNotFound());

		// A moderator sees it everywhere it was, marked.
		this.mvc.perform(get("/bereiche/" + OPEN_SPACE.value()).with(Members.DSTGB.session()))
			.andExpect(content().string(containsString(title)))
			.andExpect(content().string(containsString("thread-hidden")));
		this.mvc.perform(get("/t/" + thread).with(Members.DSTGB.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(title)))
			.andExpect(content().string(containsString("id=\"thread-hidden\"")))
			.andExpect(content().string(containsString("nur für die Moderation und die Person sichtbar")))
			.andExpect(content().string(containsString("id=\"reply-form\"")));
		// Its author reads it with the reason, and cannot answer in it.
		this.mvc.perform(get("/t/" + thread).with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content()
				.string(containsString("Die Moderation hat den ersten Beitrag Ihres Themas ausgeblendet.")))
			.andExpect(content().string(containsString("Werbung")))
			.andExpect(content().string(not(containsString("id=\"reply-form\""))));
		this.mvc
			.perform(post("/t/" + thread + "/antworten").with(Members.DARMSTADT.session())
				.with(csrf())
				.param("text", "Aber es ist keine Werbung."))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("Antworten sind nicht möglich.")));

		// Shown again: back for everyone.
		this.mvc
			.perform(post("/api/v1/posts/" + opening + "/moderation").with(Members.DSTGB.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"action\":\"RESTORE\",\"reason\":\"Geprüft\"}"))
			.andExpect(status().isOk());
		assertListings(feed, title, thread, true);
		this.mvc.perform(get("/t/" + thread).with(Members.KOELN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("thread-hidden"))));
		awaitSearch("Purpurreiher", thread, true);
	}

	private void assertListings(String feed, String title, String thread, boolean shown) throws Exception {
		for (RequestBuilder listing : listings(feed)) {
			var result = this.mvc.perform(listing).andReturn();
			String uri = result.getRequest().getRequestURI();
			assertThat(result.getResponse().getStatus()).as(uri).isEqualTo(200);
			String body = result.getResponse().getContentAsString();
			assertThat(body.contains(title)).as("%s names the thread", uri).isEqualTo(shown);
			if (!shown) {
				assertThat(body).as(uri).doesNotContain(thread);
			}
		}
	}

	/** Where a member meets the thread's title: lists, start page, feeds, inbox. */
	private RequestBuilder[] listings(String feed) {
		return new RequestBuilder[] { get("/").with(Members.KOELN.session()),
				get("/bereiche/" + OPEN_SPACE.value()).with(Members.KOELN.session()),
				get("/bereiche/" + OPEN_SPACE.value()).param("schlagwort", "purpurreiher")
					.with(Members.KOELN.session()),
				get("/api/v1/threads").with(Members.KOELN.bearer()),
				get("/api/v1/threads").param("space", OPEN_SPACE.value()).with(Members.KOELN.bearer()),
				get("/mitglieder/darmstadt").with(Members.KOELN.session()),
				get("/feeds/" + feed + "/bereiche/" + OPEN_SPACE.value()),
				get("/feeds/" + feed + "/schlagworte/purpurreiher"), get("/feeds/" + feed + "/laender/HE"),
				get("/benachrichtigungen").with(Members.KOELN.session()) };
	}

	private void awaitSearch(String word, String thread, boolean found) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			String body = this.mvc.perform(get("/api/v1/search").param("q", word).with(Members.KOELN.bearer()))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(body.contains(thread)).isEqualTo(found);
		});
	}

}
