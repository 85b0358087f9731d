package de.kommunalpakt.forum.pilot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.efaservice.EfaServiceRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.ReuseFixture;
import de.kommunalpakt.forum.support.TestActors;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** First Mover applications through the real driver, with the notifying event. */
class PilotPersistenceTests {

	static MongoTestDatabase mongo;

	ReuseFixture core;

	PilotService pilots;

	final List<PilotApplicationChanged> announced = new ArrayList<>();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase();
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void wire() {
		this.core = new ReuseFixture(mongo.client(), "pilot-" + System.nanoTime(),
				Instant.parse("2023-10-01T10:00:00Z"));
		this.core.context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<?>>) (event) -> {
			if (event.getPayload() instanceof PilotApplicationChanged changed) {
				this.announced.add(changed);
			}
		});
		this.pilots = this.core.get(PilotService.class);
		this.core.get(EfaServiceRepository.class)
			.save(new EfaService(new EfaServiceId("wohngeld"), "Wohngeld", "Bauen & Wohnen", LandCode.SH, ""));
		this.core.get(OrganisationRepository.class)
			.save(new Organisation(new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE,
					"Wissenschaftsstadt Darmstadt", LandCode.HE, null));
	}

	@AfterEach
	void close() {
		this.core.close();
	}

	@Test
	void municipalitySubmitsOnceAndIsToldOfEveryReviewStep() {
		PilotApplication a = this.pilots.submit(TestActors.kommune(), PilotApplicationTests.INPUT);
		assertThat(a.municipalityName()).isEqualTo("Wissenschaftsstadt Darmstadt");
		assertThat(a.subjectName()).isEqualTo("Wohngeld");
		assertThatThrownBy(() -> this.pilots.submit(TestActors.kommune(), PilotApplicationTests.INPUT))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("pilot.duplicate");

		this.pilots.move(TestActors.moderator(), a.id(), "IN_REVIEW", "", null);
		this.pilots.move(TestActors.moderator(), a.id(), "selected", "Passt.", 2L);
		PilotApplication stored = this.pilots.get(TestActors.kommune(), a.id());
		assertThat(stored.status()).isEqualTo(PilotStatus.SELECTED);
		assertThat(stored.lastChange().note()).isEqualTo("Passt.");
		assertThat(this.announced).extracting(PilotApplicationChanged::status)
			.containsExactly(PilotStatus.SUBMITTED, PilotStatus.IN_REVIEW, PilotStatus.SELECTED);
		assertThat(this.announced)
			.allSatisfy((e) -> assertThat(e.municipality()).isEqualTo(new OrganisationId("kommune-darmstadt")));

		// The municipality's inbox has each review step, newest first; the reviewer's
		// none.
		var notifications = this.core.get(de.kommunalpakt.forum.notification.NotificationService.class);
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(notifications.inbox(TestActors.kommune()).items())
				.extracting(de.kommunalpakt.forum.notification.Notification::detail)
				.containsExactly("SELECTED", "IN_REVIEW"));
		assertThat(notifications.inbox(TestActors.kommune()).items()).allSatisfy((n) -> {
			assertThat(n.kind()).isEqualTo(de.kommunalpakt.forum.notification.NotificationKind.PILOT_STATUS);
			assertThat(n.threadId()).isEqualTo(a.id());
		});
		assertThat(notifications.inbox(TestActors.moderator()).items()).isEmpty();

		PilotOverview overview = this.pilots.overview();
		assertThat(overview.byLand().get(LandCode.HE)).isEqualTo(new PilotOverview.Counts(1, 0, 1));
		assertThat(overview.bySubject()).singleElement().satisfies((s) -> assertThat(s.name()).isEqualTo("Wohngeld"));
	}

	@Test
	void staleOrUnknownMovesAreRefused() {
		PilotApplication a = this.pilots.submit(TestActors.kommune(), PilotApplicationTests.INPUT);
		assertThatThrownBy(() -> this.pilots.move(TestActors.moderator(), a.id(), "IN_REVIEW", "", 5L))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> this.pilots.move(TestActors.moderator(), a.id(), "GEWONNEN", "", null))
			.isInstanceOf(ForumException.Invalid.class);
		assertThatThrownBy(() -> this.pilots.get(TestActors.otherKommune(), a.id()))
			.isInstanceOf(ForumException.NotFound.class);
		assertThatThrownBy(() -> this.pilots.get(TestActors.moderator(), "x".repeat(500)))
			.isInstanceOf(ForumException.NotFound.class);
		assertThat(this.pilots.get(TestActors.kommune(), a.id()).status()).isEqualTo(PilotStatus.SUBMITTED);
	}

	@Test
	void modelOfAnotherLandOrUnknownServiceCannotBeApplied() {
		SubmitPilotApplication i = PilotApplicationTests.INPUT;
		assertThatThrownBy(() -> this.pilots.submit(TestActors.kommune(),
				new SubmitPilotApplication("modell-nw", i.reasons(), i.resources(), i.contactName(), i.contactEmail(),
						i.contactPhone())))
			.isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("pilot.subject.otherLand");
		assertThatThrownBy(
				() -> this.pilots.submit(TestActors.kommune(), new SubmitPilotApplication("leistung-gibtsnicht",
						i.reasons(), i.resources(), i.contactName(), i.contactEmail(), "")))
			.isInstanceOf(ForumException.Invalid.class);
	}

}
