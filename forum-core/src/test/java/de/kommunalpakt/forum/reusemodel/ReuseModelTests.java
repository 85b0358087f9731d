package de.kommunalpakt.forum.reusemodel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.validation.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of a reuse model: who edits, which status moves, what a model in force
 * states.
 */
class ReuseModelTests {

	static final Instant NOW = Instant.parse("2023-10-01T10:00:00Z");

	static final LocalDate TODAY = LocalDate.parse("2023-10-01");

	static final Set<EfaServiceId> SERVICES = Set.of(new EfaServiceId("wohngeld"), new EfaServiceId("ummeldung"));

	final Actor hessen = TestActors.land();

	final Actor admin = new Actor(new MemberId("sub-bmi"), "bmi", "Claudia Hoffmann", new OrganisationId("bund-bmi"),
			OrganisationKind.BUND, null, Set.of(Role.MEMBER, Role.MODERATOR, Role.ADMIN));

	final Actor nrw = new Actor(new MemberId("sub-nrw"), "nrw", "Thomas Richter", new OrganisationId("land-nw"),
			OrganisationKind.LAND, LandCode.NW, Set.of(Role.MEMBER));

	static EditReuseModel complete(String status) {
		return new EditReuseModel("civento-Modell Hessen", "ekom21", "IN_HOUSE", "", "Beitrittserklärung zu ekom21",
				"LAND", "Einrichtung trägt das Land", "LAND", "Betrieb trägt das Land",
				"Beitritt erklären\nLeistung beantragen\nFachverfahren anbinden", "8 bis 12 Wochen", "FIT-Connect",
				List.of("wohngeld"), List.of("Servicestelle Nachnutzung"), List.of("ekom21"),
				List.of("nachnutzung@ekom21.example"), List.of(""), "2023-09-15", status, null);
	}

	static ReuseModelProfile profile(String status) {
		return complete(status).parse(SERVICES, TODAY).profile();
	}

	@Test
	void landMemberAndAdministratorEditTheirModelOthersDoNot() {
		assertThat(ReuseModel.canEdit(this.hessen, LandCode.HE)).isTrue();
		assertThat(ReuseModel.canEdit(this.admin, LandCode.HE)).isTrue();
		assertThat(ReuseModel.canEdit(this.nrw, LandCode.HE)).isFalse();
		assertThat(ReuseModel.canEdit(TestActors.kommune(), LandCode.HE)).as("a Kommune of the same Land").isFalse();
		assertThat(ReuseModel.canEdit(TestActors.moderator(), LandCode.HE)).isFalse();
		assertThatThrownBy(() -> ReuseModel.create(LandCode.HE, profile("DRAFT"), this.nrw, NOW))
			.isInstanceOf(ForumException.Forbidden.class);
	}

	@Test
	void publishedModelCannotGoBackToDraftAndDraftCannotBeUnderRevision() {
		ReuseModel published = ReuseModel.create(LandCode.HE, profile("PUBLISHED"), this.hessen, NOW);
		assertThatThrownBy(() -> published.edit(profile("DRAFT"), this.hessen, NOW))
			.isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("reuseModel.status.backToDraft");
		ReuseModel draft = ReuseModel.create(LandCode.NW, profile("DRAFT"), this.nrw, NOW);
		assertThatThrownBy(() -> draft.edit(profile("UNDER_REVISION"), this.nrw, NOW))
			.isInstanceOf(ForumException.Conflict.class);
		assertThatThrownBy(() -> ReuseModel.create(LandCode.NW, profile("UNDER_REVISION"), this.nrw, NOW))
			.isInstanceOf(ForumException.Conflict.class);
		ReuseModel revised = published.edit(profile("UNDER_REVISION"), this.hessen, NOW);
		assertThat(revised.status()).isEqualTo(ModelStatus.UNDER_REVISION);
		assertThat(revised.edit(profile("PUBLISHED"), this.hessen, NOW).version()).isEqualTo(3);
	}

	@Test
	void editWithoutChangeKeepsTheVersion() {
		ReuseModel model = ReuseModel.create(LandCode.HE, profile("PUBLISHED"), this.hessen, NOW);
		assertThat(model.edit(profile("PUBLISHED"), this.hessen, NOW)).isSameAs(model);
	}

	@Test
	void publishingNeedsEveryRequiredFieldWhileDraftNeedsOnlyAName() {
		EditReuseModel sparse = new EditReuseModel("Entwurf Bremen", "", "", "", "", "", "", "", "", "", "", "",
				List.of(), List.of(), List.of(), List.of(), List.of(), "", "PUBLISHED", null);
		List<Problem> problems = sparse.parse(SERVICES, TODAY).problems();
		assertThat(problems).extracting(Problem::field)
			.contains("operator", "legalRoute", "toSign", "oneOffCost", "runningCost", "onboardingSteps",
					"typicalDuration", "contacts", "lastReview");
		EditReuseModel draft = new EditReuseModel("Entwurf Bremen", "", "", "", "", "", "", "", "", "", "", "",
				List.of(), List.of(), List.of(), List.of(), List.of(), "", "DRAFT", null);
		assertThat(draft.parse(SERVICES, TODAY).isValid()).isTrue();
		EditReuseModel nameless = new EditReuseModel(" ", "", "", "", "", "", "", "", "", "", "", "", List.of(),
				List.of(), List.of(), List.of(), List.of(), "", "DRAFT", null);
		assertThat(nameless.parse(SERVICES, TODAY).problems()).extracting(Problem::code)
			.containsExactly("reuseModel.name.required");
	}

	@Test
	void garbageInputBecomesProblemsNeverExceptions() {
		EditReuseModel garbage = new EditReuseModel("x".repeat(5000), null, "KAPUTT", "\u0000", null, "NIEMAND", null,
				"🙂", null, "a\n".repeat(50), null, null, List.of("gibt-es-nicht", "<script>"), List.of("", "Nur Name"),
				List.of(), List.of("", "keine-mail"), List.of(), "31.02.2023", "FERTIG", 7L);
		List<Problem> problems = garbage.parse(SERVICES, TODAY).problems();
		assertThat(problems).extracting(Problem::code)
			.contains("reuseModel.name.tooLong", "reuseModel.legalRoute.invalid", "reuseModel.oneOffCost.invalid",
					"reuseModel.runningCost.invalid", "reuseModel.onboardingSteps.tooMany",
					"reuseModel.services.invalid", "reuseModel.contacts.emailInvalid", "reuseModel.lastReview.invalid",
					"reuseModel.status.invalid");
	}

	@Test
	void reviewDateMayNotLieInTheFuture() {
		EditReuseModel future = new EditReuseModel("Modell", "", "", "", "", "", "", "", "", "", "", "", List.of(),
				List.of(), List.of(), List.of(), List.of(), "2024-01-01", "DRAFT", null);
		assertThat(future.parse(SERVICES, TODAY).problems()).extracting(Problem::code)
			.containsExactly("reuseModel.lastReview.future");
	}

	@Test
	void otherLegalRouteNeedsItsDescription() {
		EditReuseModel other = new EditReuseModel("Modell", "", "OTHER", "", "", "", "", "", "", "", "", "", List.of(),
				List.of(), List.of(), List.of(), List.of(), "", "DRAFT", null);
		assertThat(other.parse(SERVICES, TODAY).problems()).extracting(Problem::code)
			.containsExactly("reuseModel.legalRouteNote.required");
	}

	@Test
	void diffNamesTheChangedFieldsWithAddedAndRemovedListEntries() {
		ReuseModelProfile before = profile("PUBLISHED");
		EditReuseModel e = complete("UNDER_REVISION");
		EditReuseModel changed = new EditReuseModel(e.name(), "ekom21 – KGRZ Hessen", e.legalRoute(),
				e.legalRouteNote(), e.toSign(), e.oneOffPayer(), e.oneOffNote(), "SHARED",
				"Hälfte Land, Hälfte Kommune", "Beitritt erklären\nFachverfahren anbinden\nLivegang",
				e.typicalDuration(), e.prerequisites(), List.of("wohngeld", "ummeldung"), e.contactNames(),
				e.contactRoles(), e.contactEmails(), e.contactPhones(), e.lastReview(), e.status(), null);
		ReuseModelProfile after = changed.parse(SERVICES, TODAY).profile();
		List<ReuseModelDiff.FieldChange> diff = ReuseModelDiff.between(before, after);
		assertThat(diff).extracting(ReuseModelDiff.FieldChange::field)
			.containsExactly("status", "operator", "runningCost", "onboardingSteps", "services");
		ReuseModelDiff.FieldChange steps = diff.get(3);
		assertThat(steps.isList()).isTrue();
		assertThat(steps.added()).containsExactly("Livegang");
		assertThat(steps.removed()).containsExactly("Leistung beantragen");
		assertThat(ReuseModelDiff.between(null, before)).extracting(ReuseModelDiff.FieldChange::field)
			.doesNotContain("legalRouteNote")
			.contains("name", "services");
	}

	@Test
	void filterKeepsLaenderWithoutModelOnlyWhenNoModelFilterIsSet() {
		ReuseModel model = ReuseModel.create(LandCode.HE, profile("PUBLISHED"), this.hessen, NOW);
		assertThat(ModelFilter.none().matches(null)).isTrue();
		assertThat(new ModelFilter(null, null, ModelFilter.Shown.NONE).matches(null)).isTrue();
		assertThat(new ModelFilter(null, null, ModelFilter.Shown.NONE).matches(model)).isFalse();
		assertThat(new ModelFilter(LegalRoute.IN_HOUSE, Payer.LAND, ModelFilter.Shown.PUBLISHED).matches(model))
			.isTrue();
		assertThat(new ModelFilter(LegalRoute.FIT_STORE, null, null).matches(model)).isFalse();
		assertThat(new ModelFilter(null, Payer.KOMMUNE, null).matches(model)).isFalse();
		assertThat(new ModelFilter(LegalRoute.IN_HOUSE, null, null).matches(null)).isFalse();
	}

}
