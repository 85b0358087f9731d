package de.kommunalpakt.forum.reusemodel.web;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.OpenReportingRound;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Every form and filter of the reuse features with garbage, overlong and hostile values:
 * a German answer, never a 500, and nothing executable echoed back.
 */
class ReuseFormRobustnessTests extends WebTestSupport {

	static final List<String> GARBAGE = List.of("", " ", "\u0000\u0001\u0002", "x".repeat(70_000),
			"<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "javascript:alert(1)", "=HYPERLINK(\"x\")",
			"ä".repeat(5_000), "\uD83D\uDE00\uD83D\uDE00", "%00%ff", "9".repeat(40), "-1", "../../etc/passwd",
			"PUBLISHED\nDRAFT", "2023-13-45", "31.12.99999", "\r\n\r\n\r\n");

	@Autowired
	MongoDatabase database;

	@Autowired
	LandReportService reports;

	@BeforeEach
	void clean() {
		ReuseLogins.clear(this.database);
		this.reports.open(ReuseLogins.moderator().actor(),
				new OpenReportingRound("Runde", "runde", "01.01.2099", "31.12.2098"));
	}

	@Test
	void noFormOrFilterAnswersWithAServerErrorWhateverItIsSent() throws Exception {
		List<String> failures = new ArrayList<>();
		ReuseLogins hessen = ReuseLogins.land(LandCode.HE);
		ReuseLogins kommune = ReuseLogins.kommune("kommune-darmstadt", "Anna Becker", LandCode.HE);
		for (String g : GARBAGE) {
			check(failures,
					post("/modelle/he/bearbeiten").with(hessen.session())
						.with(csrf())
						.param("name", g)
						.param("operator", g)
						.param("legalRoute", g)
						.param("legalRouteNote", g)
						.param("toSign", g)
						.param("oneOffPayer", g)
						.param("oneOffNote", g)
						.param("runningPayer", g)
						.param("onboardingSteps", g)
						.param("typicalDuration", g)
						.param("prerequisites", g)
						.param("services", g, g)
						.param("contactName", g, g)
						.param("contactEmail", g)
						.param("contactPhone", g, g, g)
						.param("lastReview", g)
						.param("status", g)
						.param("version", g));
			check(failures,
					post("/modelle/he/bearbeiten").with(hessen.session())
						.with(csrf())
						.param("name", g)
						.param("status", "DRAFT")
						.param("lastReview", g));
			check(failures,
					get("/modelle").with(kommune.session()).param("rechtsweg", g).param("zahlt", g).param("status", g));
			check(failures, get("/modelle.csv").with(kommune.session()).param("rechtsweg", g));
			check(failures, get("/modelle/he/versionen").with(hessen.session()).param("version", g));
			check(failures,
					post("/pilot/neu").with(kommune.session())
						.with(csrf())
						.param("subject", g)
						.param("reasons", g)
						.param("resources", g)
						.param("contactName", g)
						.param("contactEmail", g)
						.param("contactPhone", g));
			check(failures,
					post("/pilot/neu").with(kommune.session())
						.with(csrf())
						.param("subject", "modell-he")
						.param("reasons", g)
						.param("resources", "r")
						.param("contactName", "n")
						.param("contactEmail", "n@x.de"));
			check(failures,
					post("/pilot/" + "kommune-darmstadt.leistung-x/status").with(ReuseLogins.kspv().session())
						.with(csrf())
						.param("status", g)
						.param("note", g)
						.param("version", g));
			check(failures,
					post("/berichte/runde/he").with(hessen.session())
						.with(csrf())
						.param("measuresTaken", g)
						.param("measuresPlanned", g)
						.param("obstacles", g)
						.param("supportNeeded", g)
						.param("version", g)
						.param("action", g.isEmpty() ? "einreichen" : g));
			check(failures,
					post("/berichte").with(ReuseLogins.moderator().session())
						.with(csrf())
						.param("title", g)
						.param("slug", g)
						.param("sessionDate", g)
						.param("deadline", g));
			check(failures, get("/faq").with(kommune.session()).param("land", g).param("thema", g));
		}
		for (String path : List.of("/modelle/%C3%A4", "/pilot/%00", "/berichte/runde/%3Cscript%3E",
				"/berichte/runde/zwischenbilanz.pdf", "/kommunen/%20/leistungen", "/admin/demo")) {
			check(failures, get(path).with(kommune.session()));
		}
		assertThat(failures).isEmpty();
	}

	private void check(List<String> failures, MockHttpServletRequestBuilder request) throws Exception {
		var response = this.mvc.perform(request).andReturn().getResponse();
		String body = response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		if (response.getStatus() >= 500) {
			failures.add(response.getStatus() + " for " + request);
		}
		if (body.contains("<script>alert(1)</script>") || body.contains("<img src=x onerror")) {
			failures.add("unescaped input echoed for " + request);
		}
	}

}
