package de.kommunalpakt.forum.audit.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit log as administrators read it: every moderation decision (post and thread),
 * filters, CSV, API; nobody else reads it.
 */
class AuditWebTests extends WebTestSupport {

	@Autowired
	ModerationService moderation;

	@Autowired
	de.kommunalpakt.forum.member.MemberRepository members;

	@Autowired
	AuditTrail trail;

	@Test
	void moderationDecisionsAppearWithWhoWhatTargetAndReason() throws Exception {
		this.members.recordLogin(actor(Members.DSTGB));
		this.members.recordLogin(actor(Members.DARMSTADT));
		PostId post = question(Members.DARMSTADT, OPEN_SPACE, "Frage für das Prüfprotokoll");
		this.moderation.hide(actor(Members.DSTGB), post.toString(), "Prüfprotokoll-Begründung 4711");
		this.threads.moderate(actor(Members.DSTGB), post.thread().value(), ModerationAction.CLOSE, null);

		this.mvc.perform(get("/admin/protokoll").param("ziel", post.toString()).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Beitrag ausgeblendet")))
			.andExpect(content().string(containsString("Martin Krüger")))
			.andExpect(content().string(containsString("Prüfprotokoll-Begründung 4711")))
			.andExpect(content().string(containsString("sichtbar → ausgeblendet")));
		this.mvc.perform(get("/api/v1/admin/audit").param("target", post.thread().value()).with(Members.ADMIN.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].action").value("THREAD_MODERATED"))
			.andExpect(jsonPath("$.items[0].after").value("geschlossen"))
			.andExpect(jsonPath("$.items[0].actor").value("Martin Krüger"));
		this.mvc.perform(get("/api/v1/admin/audit").param("action", "POST_HIDDEN").with(Members.ADMIN.bearer()))
			.andExpect(jsonPath("$.items[*].targetId", hasItem(post.toString())))
			.andExpect(jsonPath("$.items[*].action", not(hasItem("THREAD_MODERATED"))));

		byte[] csv = this.mvc
			.perform(get("/admin/protokoll.csv").param("ziel", post.toString()).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		String text = new String(csv, StandardCharsets.UTF_8);
		assertThat(text).contains("\"Beitrag ausgeblendet\"", "\"Prüfprotokoll-Begründung 4711\"", "\"Anna Becker\"");
	}

	@Test
	void firstMoverStatesReadInWordsOnThePageAndInTheCsvAndAsStoredInTheApi() throws Exception {
		// As the recorder stores a decision: the states by their names.
		String target = "kommune-jena.probe-" + System.nanoTime();
		this.trail.record(new MemberId("sub-fitko"), "Henrik Bauer", AuditAction.PILOT_DECIDED,
				new AuditTrail.Target("pilot", target, "Zentrale Bereitstellung Thüringen"), null, "IN_REVIEW",
				"SELECTED", "Jena wird Pilotkommune.");

		this.mvc.perform(get("/admin/protokoll").param("ziel", target).with(Members.ADMIN.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("in Prüfung → ausgewählt")))
			.andExpect(content().string(not(containsString("IN_REVIEW"))));
		String csv = new String(
				this.mvc.perform(get("/admin/protokoll.csv").param("ziel", target).with(Members.ADMIN.session()))
					.andExpect(status().isOk())
					.andReturn()
					.getResponse()
					.getContentAsByteArray(),
				StandardCharsets.UTF_8);
		assertThat(csv).contains("\"in Prüfung\";\"ausgewählt\"").doesNotContain("SELECTED");
		this.mvc.perform(get("/api/v1/admin/audit").param("target", target).with(Members.ADMIN.bearer()))
			.andExpect(jsonPath("$.items[0].before").value("IN_REVIEW"))
			.andExpect(jsonPath("$.items[0].after").value("SELECTED"));
	}

	@Test
	void onlyAdministratorsReadTheAuditLogAndBadFiltersAreExplained() throws Exception {
		this.mvc.perform(get("/admin/protokoll").with(Members.DSTGB.session())).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/v1/admin/audit").with(Members.DSTGB.bearer()))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/admin/protokoll").param("von", "gestern").with(Members.ADMIN.session()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("2026-12-31")));
		this.mvc.perform(get("/api/v1/admin/audit").param("action", "UNSINN").with(Members.ADMIN.bearer()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("Unbekannte Aktion im Filter."));
	}

}
