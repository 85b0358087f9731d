package de.kommunalpakt.forum.demo.reuse;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.pilot.PilotApplicationRepository;
import de.kommunalpakt.forum.pilot.PilotStatus;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.TestMongo;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The presenter's scenario runs its six steps through the ordinary use cases: a Kommune
 * asks, a Land answers, the answer is accepted, a First Mover application is submitted,
 * reviewed and selected; the simulated members are notified as real ones would be.
 */
@SpringBootTest(properties = "forum.demo.scenario.step-delay=1s")
@AutoConfigureMockMvc
@ActiveProfiles("embedded")
class DemoScenarioTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	DemoScenario scenario;

	@Autowired
	ThreadRepository threads;

	@Autowired
	PilotApplicationRepository pilots;

	@Autowired
	NotificationService notifications;

	@Autowired
	LandReportService landReports;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "scenario-" + System.nanoTime());
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.enabled", () -> "false");
	}

	@Test
	void onlyAdministratorsRunItAndEveryStepHappensThroughTheUseCases() throws Exception {
		this.mvc.perform(get("/admin/demo").with(ReuseLogins.moderator().session())).andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/demo/start").with(ReuseLogins.kspv().session()).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/demo").with(ReuseLogins.admin().session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/admin/demo/start")));

		this.mvc
			.perform(post("/admin/demo/start").with(ReuseLogins.admin().session()).with(csrf()).param("sekunden", "1"))
			.andExpect(redirectedUrl("/admin/demo?sekunden=1"));
		this.mvc.perform(post("/admin/demo/start").with(ReuseLogins.admin().session()).with(csrf()))
			.andExpect(status().isConflict());

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.scenario.status().state() != DemoScenario.State.RUNNING);
		DemoScenario.Run run = this.scenario.status();
		assertThat(run.state()).as("error: %s", run.error()).isEqualTo(DemoScenario.State.FINISHED);
		assertThat(run.done()).isEqualTo(DemoScenario.STEPS.size());

		Thread question = this.threads.findById(run.question().thread()).orElseThrow();
		assertThat(question.acceptedAnswer()).isEqualTo(run.answer().number());
		assertThat(question.author()).isEqualTo(ReuseDemoPeople.KASSEL.id());
		assertThat(this.pilots.findById(run.pilot()).orElseThrow().status()).isEqualTo(PilotStatus.SELECTED);

		this.notifications.drain();
		assertThat(this.notifications.inbox(ReuseDemoPeople.KASSEL).items()).extracting(Notification::kind)
			.containsExactly(NotificationKind.PILOT_STATUS, NotificationKind.PILOT_STATUS, NotificationKind.REPLY);
		assertThat(
				this.notifications.inbox(ReuseDemoPeople.land(de.kommunalpakt.forum.organisation.LandCode.HE)).items())
			.extracting(Notification::kind)
			.first()
			.isEqualTo(NotificationKind.ACCEPTED);

		this.mvc.perform(get("/admin/demo/status").with(ReuseLogins.admin().session()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.state").value("FINISHED"))
			.andExpect(jsonPath("$.done").value(DemoScenario.STEPS.size()))
			.andExpect(jsonPath("$.steps[6].where").value(containsString("/zwischenbilanz")));
	}

	@Test
	void withoutPauseARunMarksItsContentNotifiesDarmstadtReportsLiveAndTheResetLeavesNothing() throws Exception {
		// Whatever an earlier run in this context left goes first.
		this.mvc.perform(post("/admin/demo/zuruecksetzen").with(ReuseLogins.admin().session()).with(csrf()))
			.andExpect(redirectedUrl("/admin/demo"));
		ReportingRound round = this.scenario.currentRound();
		int reportedBefore = this.landReports.interimReview(round).reports().size();
		assertThat(reportedBefore).as("the workshop Länder have reported").isGreaterThanOrEqualTo(4);

		long started = System.nanoTime();
		this.mvc
			.perform(post("/admin/demo/start").with(ReuseLogins.admin().session()).with(csrf()).param("sekunden", "0"))
			.andExpect(redirectedUrl("/admin/demo?sekunden=0"));
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.scenario.status().state() != DemoScenario.State.RUNNING);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("pause 0: no waiting between steps")
			.isLessThan(Duration.ofSeconds(20));
		DemoScenario.Run run = this.scenario.status();
		assertThat(run.state()).as("error: %s", run.error()).isEqualTo(DemoScenario.State.FINISHED);
		Thread question = this.threads.findById(run.question().thread()).orElseThrow();
		assertThat(question.tags()).contains("vorfuehrung", "lauf-" + run.number());
		assertThat(this.landReports.interimReview(round).reports()).hasSize(reportedBefore + 1);

		this.notifications.drain();
		assertThat(this.notifications.inbox(ReuseDemoPeople.DARMSTADT).items()).anySatisfy((n) -> {
			assertThat(n.kind()).isEqualTo(NotificationKind.WATCHED_REPLY);
			assertThat(n.threadId()).isEqualTo(question.id().value());
		});

		this.mvc.perform(post("/admin/demo/zuruecksetzen").with(ReuseLogins.admin().session()).with(csrf()))
			.andExpect(redirectedUrl("/admin/demo"));
		assertThat(this.threads.findById(question.id())).isEmpty();
		assertThat(this.pilots.findById(run.pilot())).isEmpty();
		assertThat(this.landReports.interimReview(round).reports()).hasSize(reportedBefore);
		this.notifications.drain();
		assertThat(this.notifications.inbox(ReuseDemoPeople.DARMSTADT).items())
			.noneMatch((n) -> question.id().value().equals(n.threadId()));
		assertThat(this.notifications.inbox(ReuseDemoPeople.KASSEL).items()).isEmpty();

		// A second run starts from the same place: no copy of the first run's question.
		this.mvc
			.perform(post("/admin/demo/start").with(ReuseLogins.admin().session()).with(csrf()).param("sekunden", "0"));
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.scenario.status().state() != DemoScenario.State.RUNNING);
		assertThat(this.scenario.status().state()).isEqualTo(DemoScenario.State.FINISHED);
		assertThat(this.scenario.status().number()).as("run number after a reset").isEqualTo(1);
		this.mvc.perform(post("/admin/demo/zuruecksetzen").with(ReuseLogins.admin().session()).with(csrf()));
	}

}
