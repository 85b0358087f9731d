package de.kommunalpakt.forum.reusemodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Field-level differences between two versions of a reuse model. Values stay typed
 * (enums, lists, dates), so the page can word them.
 */
public final class ReuseModelDiff {

	/** The fields of a profile in the order of the form. */
	public static final List<String> FIELDS = List.of("status", "name", "operator", "legalRoute", "legalRouteNote",
			"toSign", "oneOffCost", "runningCost", "onboardingSteps", "typicalDuration", "prerequisites", "services",
			"contacts", "lastReview");

	private ReuseModelDiff() {
	}

	/**
	 * The changed fields, in form order. A null {@code before} compares with an empty
	 * model.
	 */
	public static List<FieldChange> between(ReuseModelProfile before, ReuseModelProfile after) {
		List<FieldChange> changes = new ArrayList<>();
		for (String field : FIELDS) {
			Object a = (before != null) ? value(before, field) : null;
			Object b = value(after, field);
			if (!Objects.equals(normalize(a), normalize(b))) {
				changes.add(new FieldChange(field, a, b));
			}
		}
		return changes;
	}

	/** The value of one field by its name. */
	public static Object value(ReuseModelProfile p, String field) {
		Function<ReuseModelProfile, Object> getter = switch (field) {
			case "status" -> ReuseModelProfile::status;
			case "name" -> ReuseModelProfile::name;
			case "operator" -> ReuseModelProfile::operator;
			case "legalRoute" -> ReuseModelProfile::legalRoute;
			case "legalRouteNote" -> ReuseModelProfile::legalRouteNote;
			case "toSign" -> ReuseModelProfile::toSign;
			case "oneOffCost" -> ReuseModelProfile::oneOffCost;
			case "runningCost" -> ReuseModelProfile::runningCost;
			case "onboardingSteps" -> ReuseModelProfile::onboardingSteps;
			case "typicalDuration" -> ReuseModelProfile::typicalDuration;
			case "prerequisites" -> ReuseModelProfile::prerequisites;
			case "services" -> ReuseModelProfile::services;
			case "contacts" -> ReuseModelProfile::contacts;
			case "lastReview" -> ReuseModelProfile::lastReview;
			default -> throw new IllegalArgumentException(field);
		};
		return getter.apply(p);
	}

	// An empty text, list or open cost share compares equal to "nothing".
	private static Object normalize(Object v) {
		if (v instanceof String s && s.isEmpty()) {
			return null;
		}
		if (v instanceof List<?> l && l.isEmpty()) {
			return null;
		}
		if (v instanceof CostShare c && c.payer() == null && c.note().isEmpty()) {
			return null;
		}
		return v;
	}

	/**
	 * One changed field.
	 *
	 * @param field field name (see {@link #FIELDS})
	 * @param before value before (null: empty)
	 * @param after value after (null: empty)
	 */
	public record FieldChange(String field, Object before, Object after) {

		/** For list fields: the entries only in the version before. */
		public List<Object> removed() {
			return minus(this.before, this.after);
		}

		/** For list fields: the entries only in the version after. */
		public List<Object> added() {
			return minus(this.after, this.before);
		}

		public boolean isList() {
			return this.before instanceof List<?> || this.after instanceof List<?>;
		}

		private static List<Object> minus(Object a, Object b) {
			List<Object> result = new ArrayList<>();
			if (a instanceof List<?> la) {
				List<?> lb = (b instanceof List<?> l) ? l : List.of();
				la.stream().filter((x) -> !lb.contains(x)).forEach(result::add);
			}
			return result;
		}

	}

}
