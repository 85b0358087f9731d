package de.kommunalpakt.forum.reusemodel;

/**
 * Filters of the comparison page; null means "any".
 *
 * @param route legal route
 * @param payer who pays (one-off or running)
 * @param status status, or {@link Shown#NONE} for Länder without a model in force
 */
public record ModelFilter(LegalRoute route, Payer payer, Shown status) {

	public static ModelFilter none() {
		return new ModelFilter(null, null, null);
	}

	public boolean isEmpty() {
		return this.route == null && this.payer == null && this.status == null;
	}

	/** Whether a Land's entry passes (model null: no model in force). */
	public boolean matches(ReuseModel model) {
		if (model == null) {
			return this.route == null && this.payer == null && (this.status == null || this.status == Shown.NONE);
		}
		if (this.status == Shown.NONE) {
			return false;
		}
		if (this.status != null && !this.status.name().equals(model.status().name())) {
			return false;
		}
		if (this.route != null && model.profile().legalRoute() != this.route) {
			return false;
		}
		return this.payer == null || model.profile().isPaidBy(this.payer);
	}

	/** Status values of the filter. */
	public enum Shown {

		PUBLISHED, UNDER_REVISION, NONE

	}

}
