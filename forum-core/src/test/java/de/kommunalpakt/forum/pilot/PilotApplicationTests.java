package de.kommunalpakt.forum.pilot;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.validation.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The review of an expression of interest and who may do what. */
class PilotApplicationTests {

	static final Instant NOW = Instant.parse("2023-10-01T10:00:00Z");

	static final SubmitPilotApplication INPUT = new SubmitPilotApplication("leistung-wohngeld",
			"Wir haben viele Wohngeldanträge und ein modernes Fachverfahren.", "Zwei Personen für drei Monate.",
			"Anna Becker", "anna.becker@darmstadt.example", "");

	final Actor kspv = new Actor(new MemberId("sub-dst"), "dst", "Henrik Bauer", new OrganisationId("kspv-dst"),
			OrganisationKind.KSPV, null, Set.of(Role.MEMBER));

	PilotApplication submitted() {
		return PilotApplication.submit(INPUT, "Wissenschaftsstadt Darmstadt", "Wohngeld", TestActors.kommune(),
				"Wissenschaftsstadt Darmstadt", NOW);
	}

	@Test
	void onlyMembersOfAKommuneSubmit() {
		assertThat(submitted().status()).isEqualTo(PilotStatus.SUBMITTED);
		assertThat(submitted().id()).isEqualTo("kommune-darmstadt.leistung-wohngeld");
		assertThatThrownBy(() -> PilotApplication.submit(INPUT, "x", "Wohngeld", TestActors.land(), "Land", NOW))
			.isInstanceOf(ForumException.Forbidden.class);
	}

	@Test
	void requiredFieldsAreReportedTogether() {
		SubmitPilotApplication empty = new SubmitPilotApplication("", " ", null, "", "keine-adresse", "");
		assertThat(empty.check().problems().all()).extracting(Problem::code)
			.containsExactly("pilot.subject.required", "pilot.reasons.required", "pilot.resources.required",
					"pilot.contactName.required", "pilot.contactEmail.invalid");
		SubmitPilotApplication unknown = new SubmitPilotApplication("etwas-anderes", "a", "b", "c", "c@d.de", "");
		assertThat(unknown.check().problems().all()).extracting(Problem::code).containsExactly("pilot.subject.invalid");
	}

	@Test
	void reviewGoesStepByStepAndRefusesIllegalMoves() {
		PilotApplication a = submitted();
		assertThatThrownBy(() -> a.moveTo(PilotStatus.SELECTED, "gut", this.kspv, "DST", NOW))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("pilot.status.illegal");
		PilotApplication inReview = a.moveTo(PilotStatus.IN_REVIEW, "", this.kspv, "DST", NOW);
		assertThatThrownBy(() -> inReview.moveTo(PilotStatus.SUBMITTED, "", this.kspv, "DST", NOW))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> inReview.moveTo(PilotStatus.SELECTED, "  ", this.kspv, "DST", NOW))
			.isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("pilot.note.required");
		PilotApplication selected = inReview.moveTo(PilotStatus.SELECTED, "Passt zum Zeitplan.", this.kspv, "DST", NOW);
		assertThat(selected.history()).extracting(StatusChange::to)
			.containsExactly(PilotStatus.SUBMITTED, PilotStatus.IN_REVIEW, PilotStatus.SELECTED);
		assertThat(selected.version()).isEqualTo(3);
		assertThatThrownBy(() -> selected.moveTo(PilotStatus.NOT_SELECTED, "doch nicht", this.kspv, "DST", NOW))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("pilot.status.decided");
	}

	@Test
	void onlyKspvAndModerationReview() {
		PilotApplication a = submitted();
		assertThatThrownBy(() -> a.moveTo(PilotStatus.IN_REVIEW, "", TestActors.land(), "Land", NOW))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> a.moveTo(PilotStatus.IN_REVIEW, "", TestActors.kommune(), "Darmstadt", NOW))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThat(a.moveTo(PilotStatus.IN_REVIEW, "", TestActors.moderator(), "DStGB", NOW).status())
			.isEqualTo(PilotStatus.IN_REVIEW);
	}

	@Test
	void applicationIsReadByItsMunicipalityItsLandAndTheReviewersOnly() {
		PilotApplication a = submitted();
		assertThat(a.readableBy(TestActors.kommune())).isTrue();
		assertThat(a.readableBy(TestActors.land())).isTrue();
		assertThat(a.readableBy(this.kspv)).isTrue();
		assertThat(a.readableBy(TestActors.otherKommune())).isFalse();
	}

}
