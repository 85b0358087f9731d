package de.kommunalpakt.forum.landreport;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.audit.PendingDecisions;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.ReuseFixture;
import de.kommunalpakt.forum.support.TestActors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rounds and reports through the real driver, with a clock that passes the deadline. */
class LandReportPersistenceTests {

	static MongoTestDatabase mongo;

	ReuseFixture core;

	LandReportService reports;

	ReportingRound round;

	static final EditLandReport REPORT = new EditLandReport("Rahmenvertrag mit ekom21\nFörderprogramm", "Zweite Welle",
			"Anbindung der Fachverfahren", "Musterverträge", null);

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
		this.core = new ReuseFixture(mongo.client(), "reports-" + System.nanoTime(),
				Instant.parse("2023-10-01T10:00:00Z"));
		this.reports = this.core.get(LandReportService.class);
		this.round = this.reports.open(TestActors.moderator(), new OpenReportingRound(
				"Kurzberichte zur 42. Sitzung des IT-Planungsrats", "it-plr-42", "03.11.2023", "13.10.2023"));
	}

	@AfterEach
	void close() {
		this.core.close();
	}

	@Test
	void deadlineIsTheEndOfTheDayInGermanyAndALateReportIsKeptAndMarked() {
		assertThat(this.round.deadline()).isEqualTo(Instant.parse("2023-10-13T21:59:59.999999999Z"));
		this.reports.save(TestActors.land(), this.round, LandCode.HE, REPORT, false);
		this.core.clock.set(Instant.parse("2023-10-14T08:00:00Z"));
		LandReport late = this.reports.save(TestActors.land(), this.round, LandCode.HE,
				new EditLandReport(REPORT.measuresTaken(), REPORT.measuresPlanned(), REPORT.obstacles(),
						REPORT.supportNeeded(), 1L),
				true);
		assertThat(late.late()).isTrue();
		assertThat(this.reports.board(TestActors.kommune(), this.round).get(LandCode.HE.ordinal()).state())
			.isEqualTo(BoardEntry.State.LATE);
		InterimReview review = this.reports.interimReview(this.round);
		assertThat(review.preliminary()).isFalse();
		assertThat(review.reports()).singleElement().satisfies((r) -> assertThat(r.late()).isTrue());
		assertThat(review.missing()).hasSize(15).doesNotContain(LandCode.HE);
	}

	@Test
	void draftShowsOnTheBoardOnlyToItsLandAndTheModerationAndNeverInTheReview() {
		this.reports.save(TestActors.land(), this.round, LandCode.HE, REPORT, false);
		assertThat(this.reports.board(TestActors.land(), this.round).get(LandCode.HE.ordinal()).state())
			.isEqualTo(BoardEntry.State.DRAFT);
		assertThat(this.reports.board(TestActors.moderator(), this.round).get(LandCode.HE.ordinal()).state())
			.isEqualTo(BoardEntry.State.DRAFT);
		assertThat(this.reports.board(TestActors.kommune(), this.round).get(LandCode.HE.ordinal()).state())
			.isEqualTo(BoardEntry.State.MISSING);
		assertThat(this.reports.report(TestActors.kommune(), this.round, LandCode.HE)).isEmpty();
		assertThat(this.reports.interimReview(this.round).reports()).isEmpty();
		assertThat(this.reports.interimReview(this.round).preliminary()).isTrue();
	}

	@Test
	void submittedReportIsFinalUntilReopenedAndStaleWritesAreRefused() {
		LandReport submitted = this.reports.save(TestActors.land(), this.round, LandCode.HE, REPORT, true);
		assertThatThrownBy(() -> this.reports.save(TestActors.land(), this.round, LandCode.HE, REPORT, false))
			.isInstanceOf(ForumException.Conflict.class);
		LandReport reopened = this.reports.reopen(TestActors.moderator(), this.round, LandCode.HE);
		// The decision's note is gone, and its evidence tells the stored state from the
		// one before (what the start check after a crash relies on).
		PendingDecisions pending = this.core.get(PendingDecisions.class);
		assertThat(pending.notedBefore(Instant.now().plusSeconds(1))).isEmpty();
		assertThat(pending.landed(this.core.get(ReportRepository.class).reportEvidence(reopened))).isTrue();
		assertThat(pending.landed(this.core.get(ReportRepository.class).reportEvidence(submitted))).isFalse();
		assertThatThrownBy(() -> this.reports.save(TestActors.land(), this.round, LandCode.HE,
				new EditLandReport("a", "b", "", "", 1L), false))
			.isInstanceOf(ForumException.Conflict.class);
		LandReport again = this.reports.save(TestActors.land(), this.round, LandCode.HE,
				new EditLandReport("a", "b", "", "", 3L), true);
		assertThat(again.content().measuresTaken()).containsExactly("a");
	}

	@Test
	void roundsAreOpenedByTheModerationWithUniqueIds() {
		assertThatThrownBy(() -> this.reports.open(TestActors.land(),
				new OpenReportingRound("Noch eine", "", "01.01.2024", "01.12.2023")))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> this.reports.open(TestActors.moderator(),
				new OpenReportingRound("Doppelt", "it-plr-42", "01.01.2024", "01.12.2023")))
			.isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("reportRound.slug.taken");
		assertThat(this.reports.round("it-plr-42").title()).startsWith("Kurzberichte");
		assertThatThrownBy(() -> this.reports.round("../../etc")).isInstanceOf(ForumException.NotFound.class);
	}

}
