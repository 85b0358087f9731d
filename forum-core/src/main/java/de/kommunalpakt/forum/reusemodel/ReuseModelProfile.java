package de.kommunalpakt.forum.reusemodel;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.validation.Problem;
import de.kommunalpakt.forum.validation.Problems;

/**
 * The content of a reuse model, as one version holds it.
 *
 * @param name name of the model ("EfA-First Schleswig-Holstein")
 * @param operator operator or intermediary (e.g. the Land's IT provider)
 * @param legalRoute legal route (null in a draft)
 * @param legalRouteNote details of the route (required for {@link LegalRoute#OTHER})
 * @param toSign what a municipality must sign
 * @param oneOffCost who pays what once
 * @param runningCost who pays what while running
 * @param onboardingSteps the steps to join, in order
 * @param typicalDuration typical time from the first step to going live
 * @param prerequisites technical prerequisites
 * @param services EfA services offered through the model
 * @param contacts contacts for municipalities
 * @param lastReview date of the last review (null in a draft)
 * @param status draft, published or under revision
 */
public record ReuseModelProfile(String name, String operator, LegalRoute legalRoute, String legalRouteNote,
		String toSign, CostShare oneOffCost, CostShare runningCost, List<String> onboardingSteps,
		String typicalDuration, List<String> prerequisites, List<EfaServiceId> services, List<Contact> contacts,
		LocalDate lastReview, ModelStatus status) {

	public ReuseModelProfile {
		Objects.requireNonNull(status, "status");
		name = nonNull(name);
		operator = nonNull(operator);
		legalRouteNote = nonNull(legalRouteNote);
		toSign = nonNull(toSign);
		oneOffCost = (oneOffCost != null) ? oneOffCost : CostShare.open();
		runningCost = (runningCost != null) ? runningCost : CostShare.open();
		onboardingSteps = List.copyOf(onboardingSteps);
		typicalDuration = nonNull(typicalDuration);
		prerequisites = List.copyOf(prerequisites);
		services = List.copyOf(services);
		contacts = List.copyOf(contacts);
	}

	/**
	 * What a model in force must state; a draft needs only its name. Empty when nothing
	 * is missing.
	 */
	public List<Problem> missing() {
		Problems p = new Problems("reuseModel");
		if (this.name.isBlank()) {
			p.add("name", "required");
		}
		if (this.legalRoute == LegalRoute.OTHER && this.legalRouteNote.isBlank()) {
			p.add("legalRouteNote", "required");
		}
		if (this.status == ModelStatus.DRAFT) {
			return p.all();
		}
		if (this.operator.isBlank()) {
			p.add("operator", "required");
		}
		if (this.legalRoute == null) {
			p.add("legalRoute", "required");
		}
		if (this.toSign.isBlank()) {
			p.add("toSign", "required");
		}
		if (this.oneOffCost.payer() == null) {
			p.add("oneOffCost", "required");
		}
		if (this.runningCost.payer() == null) {
			p.add("runningCost", "required");
		}
		if (this.onboardingSteps.isEmpty()) {
			p.add("onboardingSteps", "required");
		}
		if (this.typicalDuration.isBlank()) {
			p.add("typicalDuration", "required");
		}
		if (this.contacts.isEmpty()) {
			p.add("contacts", "required");
		}
		if (this.lastReview == null) {
			p.add("lastReview", "required");
		}
		return p.all();
	}

	/** Whether a payer appears for one-off or running costs. */
	public boolean isPaidBy(Payer payer) {
		return this.oneOffCost.payer() == payer || this.runningCost.payer() == payer;
	}

	public ReuseModelProfile withStatus(ModelStatus next) {
		return new ReuseModelProfile(this.name, this.operator, this.legalRoute, this.legalRouteNote, this.toSign,
				this.oneOffCost, this.runningCost, this.onboardingSteps, this.typicalDuration, this.prerequisites,
				this.services, this.contacts, this.lastReview, next);
	}

	private static String nonNull(String s) {
		return (s != null) ? s : "";
	}

}
