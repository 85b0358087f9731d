package de.kommunalpakt.forum.feed;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Atom feeds with a personal token: without login, honouring visibility, revocable. */
class FeedTests extends WebTestSupport {

	@Autowired
	FeedTokens tokens;

	@Autowired
	MemberRepository members;

	@Autowired
	ReuseModelService reuseModels;

	@Autowired
	MongoDatabase database;

	@Autowired
	de.kommunalpakt.forum.moderation.ModerationService moderation;

	@BeforeEach
	void members() {
		for (Members m : List.of(Members.DARMSTADT, Members.HESSEN)) {
			this.members.recordLogin(actor(m));
		}
	}

	@Test
	void feedsWorkWithTheTokenOnlyAndShowOnlyWhatTheMemberMayRead() throws Exception {
		PostId open = question(Members.HESSEN, OPEN_SPACE, "Feed-Frage für alle");
		this.threads.reply(actor(Members.HESSEN),
				new ThreadCommands.Reply(open.thread().value(), "Antwort im Feed sichtbar.", null, null));
		this.threads.start(actor(Members.HESSEN),
				new ThreadCommands.StartThread(STATE_SPACE.value(), ThreadType.QUESTION, "Feed-Frage nur für Länder",
						"Text", Set.of("feedtest"), Set.of(LandCode.HE), null));
		this.threads.start(actor(Members.HESSEN),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "Feed-Frage mit Schlagwort",
						"Text", Set.of("feedtest"), Set.of(LandCode.HE), null));
		String kommune = this.tokens.renew(actor(Members.DARMSTADT).id());
		String land = this.tokens.renew(actor(Members.HESSEN).id());

		this.mvc.perform(get("/feeds/" + kommune + "/bereiche/" + OPEN_SPACE.value()))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("application/atom+xml"))
			.andExpect(content().string(containsString("<feed xmlns=\"http://www.w3.org/2005/Atom\"")))
			.andExpect(content().string(containsString("Feed-Frage für alle")));
		this.mvc.perform(get("/feeds/" + kommune + "/themen/" + open.thread().value()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Antwort im Feed sichtbar.")));
		// The Land's space: the Länder read it, a Kommune does not.
		this.mvc.perform(get("/feeds/" + land + "/bereiche/" + STATE_SPACE.value()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Feed-Frage nur für Länder")));
		this.mvc.perform(get("/feeds/" + kommune + "/bereiche/" + STATE_SPACE.value()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/feeds/" + kommune + "/schlagworte/feedtest"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Feed-Frage mit Schlagwort")))
			.andExpect(content().string(not(containsString("Feed-Frage nur für Länder"))));
		this.mvc.perform(get("/feeds/" + land + "/laender/HE"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Feed-Frage nur für Länder")));

		// Without a valid token: nothing.
		this.mvc.perform(get("/feeds/" + "0".repeat(32) + "/bereiche/" + OPEN_SPACE.value()))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/feeds/kein-schluessel/bereiche/" + OPEN_SPACE.value())).andExpect(status().isNotFound());
		// Revoked: the old address ends.
		this.tokens.revoke(actor(Members.DARMSTADT).id());
		this.mvc.perform(get("/feeds/" + kommune + "/bereiche/" + OPEN_SPACE.value())).andExpect(status().isNotFound());
	}

	@Test
	void threadFeedOfAHiddenOpeningPostIsForItsAuthorOnly() throws Exception {
		PostId opening = this.threads.start(actor(Members.HESSEN),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "Feed-Frage, dann ausgeblendet",
						"Private Nummer Eisvogel 0171 555", Set.of(), Set.of(LandCode.HE), null));
		this.threads.reply(actor(Members.DARMSTADT),
				new ThreadCommands.Reply(opening.thread().value(), "Antwort bleibt sichtbar Zaunkönig.", null, null));
		this.moderation.hide(actor(Members.DSTGB), opening.toString(), "Personenbezogene Daten");
		// Hiding the opening post hides the thread: another member's feed of it ends.
		String kommune = this.tokens.renew(actor(Members.DARMSTADT).id());
		this.mvc.perform(get("/feeds/" + kommune + "/themen/" + opening.thread().value()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(not(containsString("Eisvogel"))))
			.andExpect(content().string(not(containsString("Feed-Frage"))));
		// The author still reads their own text, as on the page.
		String author = this.tokens.renew(actor(Members.HESSEN).id());
		this.mvc.perform(get("/feeds/" + author + "/themen/" + opening.thread().value()))
			.andExpect(content().string(containsString("Eisvogel")));
	}

	@Test
	void pageMakesShowsOnceAndRevokesTheToken() throws Exception {
		String token = (String) this.mvc
			.perform(post("/benachrichtigungen/feeds/neu").with(Members.DARMSTADT.session()).with(csrf()))
			.andExpect(flash().attribute("newToken", matchesPattern("[0-9a-f]{32}")))
			.andReturn()
			.getFlashMap()
			.get("newToken");
		assertThat(this.tokens.member(token)).contains(actor(Members.DARMSTADT).id());
		this.mvc.perform(get("/benachrichtigungen/feeds").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("aktiven Feed-Schlüssel")))
			.andExpect(content().string(not(containsString(token))));
		this.mvc.perform(post("/benachrichtigungen/feeds/widerrufen").with(Members.DARMSTADT.session()).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(this.tokens.member(token)).isEmpty();
	}

	@Test
	void reuseModelFeedHasOneEntryPerVersionWithTheTokenAndShowsDraftsOnlyToTheirLand() throws Exception {
		ReuseLogins.clear(this.database);
		try {
			ReuseLogins.saveModels(this.reuseModels);
			this.members.recordLogin(ReuseLogins.land(LandCode.SH).actor());
			String kommune = this.tokens.renew(actor(Members.DARMSTADT).id());
			String sh = this.tokens.renew(ReuseLogins.land(LandCode.SH).actor().id());

			this.mvc.perform(get("/feeds/" + kommune + "/nachnutzungsmodelle"))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith("application/atom+xml"))
				.andExpect(content().string(containsString("Nachnutzungsmodelle der Länder")))
				.andExpect(content()
					.string(containsString("Nachnutzungsmodell Hessen: civento-Modell (Version 2, veröffentlicht)")))
				.andExpect(content()
					.string(containsString("Nachnutzungsmodell Hessen: civento-Modell (Version 1, veröffentlicht)")))
				.andExpect(content().string(containsString("Geändert: Betreiber oder Intermediär")))
				.andExpect(
						content().string(containsString("Nachnutzungsmodell Nordrhein-Westfalen: Rahmenvertrag d-NRW")))
				.andExpect(content().string(containsString("/modelle/he/versionen?version=2")))
				.andExpect(content().string(not(containsString("Entwurf aus Kiel"))));
			this.mvc.perform(get("/feeds/" + sh + "/nachnutzungsmodelle"))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("Entwurf aus Kiel (Version 1, Entwurf)")));
			this.mvc.perform(get("/feeds/" + "0".repeat(32) + "/nachnutzungsmodelle")).andExpect(status().isNotFound());
		}
		finally {
			ReuseLogins.clear(this.database);
		}
	}

}
