package de.kommunalpakt.forum.notification.web;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The notifications and watch settings of the pages, in the API: what a member reads on
 * {@code /benachrichtigungen} (the same sentence and link), marking read, and setting,
 * listing and resetting watch levels by target, with German problems for bad input.
 */
class NotificationApiTests extends WebTestSupport {

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	MemberRepository members;

	@Autowired
	NotificationService notifications;

	@Autowired
	de.kommunalpakt.forum.notification.WatchRepository watchRepository;

	@Test
	void aReplyShowsUpAsTheSentenceOfTheInboxAndCanBeMarkedRead() throws Exception {
		// Members are known by name once their first login recorded them.
		for (Members m : new Members[] { Members.KOELN, Members.HESSEN, Members.DSTGB }) {
			this.members.recordLogin(actor(m));
		}
		PostId question = question(Members.KOELN, OPEN_SPACE, "Wie rechnen andere Kommunen die Gebühren ab?");
		this.threads.reply(actor(Members.HESSEN),
				new Reply(question.thread().value(), "Über das Zahlungsmodul des Landes.", null, null));
		String thread = question.thread().value();

		JsonNode item = await().atMost(Duration.ofSeconds(10))
			.until(() -> itemAbout(notifications(Members.KOELN, ""), thread), (n) -> n != null);
		assertThat(item.get("kind").asText()).isEqualTo("REPLY");
		assertThat(item.get("text").asText()).contains("Petra Schulz")
			.contains("„Wie rechnen andere Kommunen die Gebühren ab?“");
		assertThat(item.get("link").asText()).isEqualTo("/beitraege/" + thread + "-2");
		assertThat(item.get("read").asBoolean()).isFalse();
		assertThat(itemAbout(notifications(Members.KOELN, "?unread=true"), thread)).isNotNull();
		// Another member's inbox does not show it.
		assertThat(itemAbout(notifications(Members.DARMSTADT, ""), thread)).isNull();

		String id = item.get("id").asText();
		this.mvc.perform(post("/api/v1/me/notifications/" + id + "/read").with(Members.KOELN.bearer()))
			.andExpect(status().isNoContent());
		assertThat(itemAbout(notifications(Members.KOELN, ""), thread).get("read").asBoolean()).isTrue();
		assertThat(itemAbout(notifications(Members.KOELN, "?unread=true"), thread)).isNull();
		// Someone else's notification id is unknown in one's own inbox.
		this.mvc.perform(post("/api/v1/me/notifications/" + id + "/read").with(Members.DARMSTADT.bearer()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("Diese Benachrichtigung gibt es nicht (mehr)."));

		this.threads.reply(actor(Members.DSTGB),
				new Reply(thread, "Die Abrechnung geht auch über ePayBL.", null, null));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> notifications(Members.KOELN, "?unread=true").get("unread").asLong() > 0);
		this.mvc.perform(post("/api/v1/me/notifications/read").with(Members.KOELN.bearer()))
			.andExpect(status().isNoContent());
		JsonNode after = notifications(Members.KOELN, "");
		for (JsonNode n : after.get("items")) {
			if (thread.equals(n.get("threadId").asText())) {
				assertThat(n.get("read").asBoolean()).as(n.toString()).isTrue();
			}
		}
	}

	@Test
	void watchLevelsAreSetListedByNameAndReset() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Wer betreibt das Bewohnerparken?");
		String thread = question.thread().value();
		String closed = question(Members.DSTGB, MODERATOR_SPACE, "Nur für die Moderation: Sperrfristen").thread()
			.value();

		watch(Members.KOELN, "/thread/" + thread, "{\"level\":\"WATCH\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.type").value("thread"))
			.andExpect(jsonPath("$.value").value(thread))
			.andExpect(jsonPath("$.level").value("WATCH"))
			.andExpect(jsonPath("$.name").value("Wer betreibt das Bewohnerparken?"))
			.andExpect(jsonPath("$.link").value("/t/" + thread))
			.andExpect(jsonPath("$.accessible").value(true));
		watch(Members.KOELN, "/land/he", "{\"level\":\"watch\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.value").value("HE"))
			.andExpect(jsonPath("$.name").value("Hessen"));
		watch(Members.KOELN, "/tag/Wohngeld", "{\"level\":\"MUTE\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.value").value("wohngeld"));
		watch(Members.KOELN, "/space/" + OPEN_SPACE.value(), "{\"level\":\"WATCH\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.link").value("/bereiche/" + OPEN_SPACE.value()));

		JsonNode listed = this.json.readTree(this.mvc.perform(get("/api/v1/me/watches").with(Members.KOELN.bearer()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
		assertThat(level(listed, "thread", thread)).isEqualTo("WATCH");
		assertThat(level(listed, "land", "HE")).isEqualTo("WATCH");
		assertThat(level(listed, "tag", "wohngeld")).isEqualTo("MUTE");
		assertThat(level(listed, "space", OPEN_SPACE.value())).isEqualTo("WATCH");
		assertThat(this.notifications.watchSettings(actor(Members.KOELN))).containsKeys("thread:" + thread, "land:HE",
				"tag:wohngeld", "space:" + OPEN_SPACE.value());

		// Bad input: a German problem, nothing stored.
		watch(Members.KOELN, "/ort/darmstadt", "{\"level\":\"WATCH\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(
					"Beobachten lassen sich Bereiche (space), Schlagworte (tag), Themen (thread) und Länder (land)."));
		watch(Members.KOELN, "/thread/" + thread, "{\"level\":\"laut\"}").andExpect(status().isBadRequest())
			.andExpect(
					jsonPath("$.detail").value("Die Stufe ist WATCH (beobachten), NORMAL oder MUTE (stummschalten)."));
		watch(Members.KOELN, "/thread/" + thread, "{}").andExpect(status().isBadRequest());
		watch(Members.KOELN, "/land/XY", "{\"level\":\"WATCH\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Dieses Land kennt das Forum nicht."));
		watch(Members.KOELN, "/thread/" + thread, "kein JSON").andExpect(status().isBadRequest());
		// A thread in a space the member may not read is not found, as its page.
		watch(Members.KOELN, "/thread/" + closed, "{\"level\":\"WATCH\"}").andExpect(status().isNotFound());
		assertThat(this.notifications.watchSettings(actor(Members.KOELN))).doesNotContainKey("thread:" + closed)
			.containsEntry("thread:" + thread, WatchLevel.WATCH);

		// A setting for a thread closed to the member since (or never open to them, as
		// here) can still be reset, on the page and in the API.
		this.watchRepository.set(actor(Members.KOELN).id(), WatchTarget.thread(closed), WatchLevel.WATCH);
		this.mvc.perform(get("/api/v1/me/watches").with(Members.KOELN.bearer()))
			.andExpect(jsonPath("$[?(@.value == '" + closed + "')].accessible").value(false))
			.andExpect(jsonPath("$[?(@.value == '" + closed + "')].name")
				.value(org.hamcrest.Matchers.contains((Object) null)));
		this.mvc.perform(delete("/api/v1/me/watches/thread/" + closed).with(Members.KOELN.bearer()))
			.andExpect(status().isNoContent());
		assertThat(this.notifications.watchSettings(actor(Members.KOELN))).doesNotContainKey("thread:" + closed);
		this.watchRepository.set(actor(Members.KOELN).id(), WatchTarget.thread(closed), WatchLevel.MUTE);
		this.mvc
			.perform(post("/beobachten").with(Members.KOELN.session())
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
				.param("ziel", "thread:" + closed)
				.param("stufe", "NORMAL"))
			.andExpect(status().is3xxRedirection());
		assertThat(this.notifications.watchSettings(actor(Members.KOELN))).doesNotContainKey("thread:" + closed);

		// Reset, as the table's button does (the other tests of this context expect
		// Köln to watch nothing).
		for (String target : new String[] { "/thread/" + thread, "/land/HE", "/tag/wohngeld",
				"/space/" + OPEN_SPACE.value() }) {
			this.mvc.perform(delete("/api/v1/me/watches" + target).with(Members.KOELN.bearer()))
				.andExpect(status().isNoContent());
		}
		assertThat(this.notifications.watchSettings(actor(Members.KOELN))).doesNotContainKeys("thread:" + thread,
				"land:HE", "tag:wohngeld", "space:" + OPEN_SPACE.value());
		this.mvc.perform(get("/api/v1/me/watches").with(Members.KOELN.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.value == '" + thread + "')]").isEmpty());
	}

	@Test
	void theOpenApiDescriptionNamesTheEndpoints() throws Exception {
		this.mvc.perform(get("/api/v1/openapi.json"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/me/notifications'].get.summary").exists())
			.andExpect(jsonPath("$.paths['/api/v1/me/notifications/{id}/read'].post").exists())
			.andExpect(jsonPath("$.paths['/api/v1/me/watches'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/me/watches/{type}/{value}'].put").exists())
			.andExpect(jsonPath("$.paths['/api/v1/me/watches/{type}/{value}'].delete").exists());
	}

	@AfterEach
	void watchNothing() {
		this.notifications.watchSettings(actor(Members.KOELN))
			.keySet()
			.forEach((key) -> WatchTarget.parse(key)
				.ifPresent((t) -> this.notifications.watch(actor(Members.KOELN), t, WatchLevel.NORMAL)));
	}

	private org.springframework.test.web.servlet.ResultActions watch(Members member, String target, String body)
			throws Exception {
		return this.mvc.perform(put("/api/v1/me/watches" + target).with(member.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body));
	}

	private JsonNode notifications(Members member, String query) throws Exception {
		return this.json.readTree(this.mvc.perform(get("/api/v1/me/notifications" + query).with(member.bearer()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private static JsonNode itemAbout(JsonNode inbox, String thread) {
		for (JsonNode n : inbox.get("items")) {
			if (thread.equals(n.get("threadId").asText())) {
				return n;
			}
		}
		return null;
	}

	private static String level(JsonNode listed, String type, String value) {
		for (JsonNode w : listed) {
			if (type.equals(w.get("type").asText()) && value.equals(w.get("value").asText())) {
				return w.get("level").asText();
			}
		}
		return null;
	}

}
