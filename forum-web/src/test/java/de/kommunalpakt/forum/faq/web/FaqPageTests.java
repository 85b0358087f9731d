package de.kommunalpakt.forum.faq.web;

import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadType;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The FAQ shows accepted answers, marks official ones, filters by Land and tag. */
class FaqPageTests extends WebTestSupport {

	@Test
	void answeredQuestionsAppearWithTheAnsweringOrganisationAndHiddenSpacesStayHidden() throws Exception {
		PostId question = this.threads.start(actor(Members.DARMSTADT),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION,
						"FAQ-Frage: Wer trägt die Kosten für civento?", "Bitte um Auskunft.", Set.of("faq-kosten"),
						Set.of(LandCode.HE), null));
		PostId answer = this.threads.reply(actor(Members.HESSEN), new ThreadCommands.Reply(question.thread().value(),
				"Das **Land Hessen** trägt die Kosten.", null, null));
		this.threads.acceptAnswer(actor(Members.DARMSTADT), answer.toString());
		this.threads.start(actor(Members.DARMSTADT),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "FAQ-Frage ohne Antwort",
						"Noch offen.", Set.of("faq-kosten"), Set.of(LandCode.HE), null));
		PostId hidden = this.threads.start(actor(Members.HESSEN), new ThreadCommands.StartThread(STATE_SPACE.value(),
				ThreadType.QUESTION, "FAQ-Frage der Länderrunde", "Intern.", Set.of(), Set.of(LandCode.HE), null));
		PostId hiddenAnswer = this.threads.reply(actor(Members.DSTGB),
				new ThreadCommands.Reply(hidden.thread().value(), "Interne Antwort.", null, null));
		this.threads.acceptAnswer(actor(Members.HESSEN), hiddenAnswer.toString());

		this.mvc.perform(get("/faq").with(Members.DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("FAQ-Frage: Wer trägt die Kosten für civento?"),
					containsString("<strong>Land Hessen</strong>"), containsString("official-answer"),
					containsString("(Land)"), not(containsString("FAQ-Frage ohne Antwort")),
					not(containsString("FAQ-Frage der Länderrunde")), containsString("Fragen zur Nachnutzung"))));
		this.mvc.perform(get("/faq?land=NW").with(Members.DARMSTADT.session()))
			.andExpect(content().string(not(containsString("Wer trägt die Kosten für civento"))));
		this.mvc.perform(get("/faq?land=he&thema=faq-kosten").with(Members.DARMSTADT.session()))
			.andExpect(content().string(containsString("Wer trägt die Kosten für civento")));
		this.mvc.perform(get("/faq").with(ReuseLogins.fitko().session()))
			.andExpect(content().string(containsString("FAQ-Frage der Länderrunde")));
	}

}
