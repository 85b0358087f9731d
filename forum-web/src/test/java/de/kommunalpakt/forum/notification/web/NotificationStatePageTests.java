package de.kommunalpakt.forum.notification.web;

import java.time.Duration;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The unread counter in every page's header and the watch level on a thread page come
 * from a cache: the next page shows the member's own change, and soon after another
 * member's reply or a write the forum did not make itself (as another instance would),
 * through the stand-in's change stream.
 */
class NotificationStatePageTests extends WebTestSupport {

	@Autowired
	MongoDatabase database;

	@Autowired
	MemberRepository members;

	@Test
	void theHeaderCounterFollowsEveryChangeOfTheInbox() throws Exception {
		// Members are notified once known (their first login records them).
		this.members.recordLogin(actor(Members.DARMSTADT));
		this.members.recordLogin(actor(Members.HESSEN));
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Wann kommt der Bescheid?");
		// Other tests of this shared context may still have notifications for darmstadt
		// on
		// their way: start once the counter has stood still for a second.
		long[] seen = { -1 };
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			long now = counter(Members.DARMSTADT);
			boolean still = now == seen[0];
			seen[0] = now;
			return still;
		});
		long before = seen[0];
		// Read twice: the second page may come from the cache.
		assertThat(counter(Members.DARMSTADT)).isEqualTo(before);

		this.threads.reply(actor(Members.HESSEN),
				new Reply(question.thread().value(), "Innerhalb von vier Wochen.", null, null));
		// The notification worker writes it; the next page after that shows it.
		await().atMost(Duration.ofSeconds(5)).until(() -> counter(Members.DARMSTADT) == before + 1);

		this.mvc.perform(post("/benachrichtigungen/gelesen").with(Members.DARMSTADT.session()).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(counter(Members.DARMSTADT)).isZero();

		this.threads.reply(actor(Members.HESSEN),
				new Reply(question.thread().value(), "Nachtrag: bei Rückfragen sechs.", null, null));
		await().atMost(Duration.ofSeconds(5)).until(() -> counter(Members.DARMSTADT) == 1);
		// Written past this instance, as another instance of the forum would.
		this.database.getCollection("notification_inbox").deleteOne(Filters.eq("_id", "sub-darmstadt"));
		await().atMost(Duration.ofSeconds(5)).until(() -> counter(Members.DARMSTADT) == 0);
	}

	@Test
	void theThreadPageShowsTheWatchLevelJustSaved() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Wer zahlt die Schnittstelle?");
		String page = "/t/" + question.thread().value();
		assertThat(watchLevel(Members.KOELN, page)).isEqualTo("NORMAL");

		for (String level : new String[] { "WATCH", "MUTE", "NORMAL" }) {
			var saved = this.mvc
				.perform(post("/beobachten").with(Members.KOELN.session())
					.with(csrf())
					.param("ziel", "thread:" + question.thread().value())
					.param("stufe", level)
					.param("zurueck", page))
				.andExpect(status().is3xxRedirection())
				.andExpect(redirectedUrl(page))
				.andReturn();
			// The page it returns to says so (the flash travels in the forum's session,
			// Spring Session's cookie).
			String html = this.mvc
				.perform(get(page).with(Members.KOELN.session()).cookie(saved.getResponse().getCookies()))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(Jsoup.parse(html).select("#thread-notice[role=status]").text())
				.isEqualTo("Ihre Einstellung ist gespeichert.");
			assertThat(watchLevel(Members.KOELN, page)).isEqualTo(level);
		}
		assertThat(Jsoup
			.parse(this.mvc.perform(get(page).with(Members.KOELN.session()))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.select("#thread-notice")).isEmpty();
		// A moderation decision returns through the post's address, which passes the
		// notice on to the thread's page (without, it ended with that redirect).
		PostId reply = this.threads.reply(actor(Members.HESSEN),
				new Reply(question.thread().value(), "Werbung für ein Produkt.", null, null));
		var decided = this.mvc
			.perform(post("/beitraege/" + reply + "/moderation").with(Members.DSTGB.session())
				.with(csrf())
				.param("aktion", "ausblenden")
				.param("begruendung", "Werbung"))
			.andExpect(redirectedUrl("/beitraege/" + reply))
			.andReturn();
		// (The thread's page shows a notice it receives: above.)
		this.mvc
			.perform(
					get("/beitraege/" + reply).with(Members.DSTGB.session()).cookie(decided.getResponse().getCookies()))
			.andExpect(redirectedUrl(page + "?seite=1#post-2"))
			.andExpect(flash().attribute("notice", "moderation.done.ausblenden"));

		this.database.getCollection("watch_settings")
			.replaceOne(Filters.eq("_id", "sub-koeln"),
					new Document("_id", "sub-koeln").append("targets", java.util.List
						.of(new Document("key", "thread:" + question.thread().value()).append("level", "MUTE"))));
		await().atMost(Duration.ofSeconds(5)).until(() -> "MUTE".equals(watchLevel(Members.KOELN, page)));
	}

	/**
	 * The table of one's settings names what is watched: the thread's title and the
	 * space's name as links, the Land's name, the tag; not ids. A thread the member may
	 * not open (a space for the moderation) or that is gone shows no title.
	 */
	@Test
	void theSettingsPageNamesWhatIsWatchedNotItsId() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Wer betreibt den Antragsassistenten?");
		String closed = question(Members.DSTGB, MODERATOR_SPACE, "Nur für die Moderation: Vertragsstrafen").thread()
			.value();
		this.database.getCollection("watch_settings")
			.replaceOne(Filters.eq("_id", "sub-koeln"),
					new Document("_id", "sub-koeln")
						.append("targets",
								java.util.List.of(
										new Document("key", "thread:" + question.thread().value()).append("level",
												"WATCH"),
										new Document("key", "space:fragen").append("level", "WATCH"),
										new Document("key", "land:HE").append("level", "WATCH"),
										new Document("key", "tag:wohngeld").append("level", "MUTE"),
										new Document("key", "thread:" + closed).append("level", "WATCH"),
										new Document("key", "thread:gibtesnicht1").append("level", "WATCH"))),
					new com.mongodb.client.model.ReplaceOptions().upsert(true));
		try {
			// Written past the service, as in the test above: read once the forum has it.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> Jsoup.parse(settingsPage()).select("#watch-settings tbody tr").size() == 6);
			String html = settingsPage();
			var rows = Jsoup.parse(html).select("#watch-settings tbody tr");
			assertThat(rows).extracting((r) -> r.child(0).text())
				.containsExactlyInAnyOrder("Thema: Wer betreibt den Antragsassistenten?",
						"Bereich: Fragen zur Nachnutzung", "Land: Hessen", "Schlagwort: wohngeld",
						"Thema: nicht mehr zugänglich (gelöscht, ausgeblendet oder nicht mehr lesbar)",
						"Thema: nicht mehr zugänglich (gelöscht, ausgeblendet oder nicht mehr lesbar)");
			assertThat(Jsoup.parse(html).select("#watch-settings a[href]")).extracting((a) -> a.attr("href"))
				.containsExactlyInAnyOrder("/t/" + question.thread().value(), "/bereiche/fragen");
			assertThat(html).doesNotContain("Vertragsstrafen");
		}
		finally {
			this.database.getCollection("watch_settings").deleteOne(Filters.eq("_id", "sub-koeln"));
		}
	}

	private String settingsPage() throws Exception {
		return this.mvc.perform(get("/benachrichtigungen/einstellungen").with(Members.KOELN.session()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private long counter(Members member) throws Exception {
		String html = this.mvc.perform(get("/").with(member.session())).andReturn().getResponse().getContentAsString();
		return Long.parseLong(Jsoup.parse(html).getElementById("notification-count").text());
	}

	private String watchLevel(Members member, String page) throws Exception {
		String html = this.mvc.perform(get(page).with(member.session())).andReturn().getResponse().getContentAsString();
		return Jsoup.parse(html).select("#watch-level option[selected]").attr("value");
	}

}
