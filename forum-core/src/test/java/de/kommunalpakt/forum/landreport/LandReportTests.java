package de.kommunalpakt.forum.landreport;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.validation.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drafts, submission, deadline and who sees what. */
class LandReportTests {

	static final Instant DEADLINE = Instant.parse("2023-10-13T21:59:59Z");

	static final ReportingRound ROUND = new ReportingRound(new ReportingRoundId("it-plr-42"),
			"Kurzberichte zur 42. Sitzung", LocalDate.parse("2023-11-03"), DEADLINE,
			Instant.parse("2023-09-01T08:00:00Z"), "Martin Krüger");

	static final LandReportContent CONTENT = new LandReportContent(List.of("Rahmenvertrag mit ekom21"),
			List.of("Förderprogramm für kleine Kommunen"), "Fachverfahren", "Musterverträge");

	@Test
	void reportSubmittedAfterTheDeadlineIsKeptAndMarkedLate() {
		LandReport draft = LandReport.draft(ROUND, LandCode.HE, CONTENT, TestActors.land(), DEADLINE.minusSeconds(60));
		LandReport onTime = draft.submit(ROUND, TestActors.land(), DEADLINE.minusSeconds(1));
		assertThat(onTime.status()).isEqualTo(ReportStatus.SUBMITTED);
		assertThat(onTime.late()).isFalse();
		LandReport late = draft.submit(ROUND, TestActors.land(), DEADLINE.plusSeconds(1));
		assertThat(late.status()).isEqualTo(ReportStatus.SUBMITTED);
		assertThat(late.late()).isTrue();
		assertThat(late.content()).isEqualTo(CONTENT);
	}

	@Test
	void onlyTheLandWritesItsReport() {
		assertThatThrownBy(() -> LandReport.draft(ROUND, LandCode.NW, CONTENT, TestActors.land(), DEADLINE))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> LandReport.draft(ROUND, LandCode.HE, CONTENT, TestActors.kommune(), DEADLINE))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> LandReport.draft(ROUND, LandCode.HE, CONTENT, TestActors.moderator(), DEADLINE))
			.isInstanceOf(ForumException.Forbidden.class);
	}

	@Test
	void draftIsVisibleOnlyToItsLandAndTheModeration() {
		LandReport draft = LandReport.draft(ROUND, LandCode.HE, CONTENT, TestActors.land(), DEADLINE);
		assertThat(draft.readableBy(TestActors.land())).isTrue();
		assertThat(draft.readableBy(TestActors.moderator())).isTrue();
		assertThat(draft.readableBy(TestActors.kommune())).isFalse();
		LandReport submitted = draft.submit(ROUND, TestActors.land(), DEADLINE);
		assertThat(submitted.readableBy(TestActors.kommune())).isTrue();
	}

	@Test
	void submittedReportIsFinalUntilTheModerationReopensIt() {
		LandReport submitted = LandReport.draft(ROUND, LandCode.HE, CONTENT, TestActors.land(), DEADLINE)
			.submit(ROUND, TestActors.land(), DEADLINE);
		assertThatThrownBy(() -> submitted.save(CONTENT, TestActors.land(), DEADLINE))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> submitted.submit(ROUND, TestActors.land(), DEADLINE))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> submitted.reopen(TestActors.land(), DEADLINE))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThat(submitted.reopen(TestActors.moderator(), DEADLINE).status()).isEqualTo(ReportStatus.DRAFT);
	}

	@Test
	void submissionNeedsMeasuresTakenAndPlannedButADraftDoesNot() {
		EditLandReport empty = new EditLandReport("", "\n \n", "", "", null);
		assertThat(empty.check(false).problems().isEmpty()).isTrue();
		assertThat(empty.check(true).problems().all()).extracting(Problem::code)
			.containsExactly("landReport.measuresTaken.required", "landReport.measuresPlanned.required");
		EditLandReport tooLong = new EditLandReport("x".repeat(1001), "- a\n- b", "o".repeat(8001), "", null);
		assertThat(tooLong.check(true).problems().all()).extracting(Problem::code)
			.containsExactly("landReport.measuresTaken.tooLong", "landReport.obstacles.tooLong");
		assertThat(tooLong.check(true).content().measuresPlanned()).containsExactly("a", "b");
	}

	@Test
	void roundInputIsCheckedWithGermanDates() {
		assertThat(new OpenReportingRound("Kurzberichte", "", "03.11.2023", "2023-10-13").problems().isEmpty())
			.isTrue();
		assertThat(new OpenReportingRound("", "Nicht Erlaubt!", "gestern", "").problems().all())
			.extracting(Problem::code)
			.containsExactly("reportRound.title.required", "reportRound.slug.invalid",
					"reportRound.sessionDate.invalid", "reportRound.deadline.required");
	}

}
