package de.kommunalpakt.forum.reusemodel;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.validation.Problem;
import de.kommunalpakt.forum.validation.Problems;

/**
 * An edit of a reuse model as a person typed it: every field is text, so nothing a
 * browser sends can fail before the checks. {@link #parse} turns it into a profile or a
 * list of problems, all at once.
 *
 * @param name model name
 * @param operator operator or intermediary
 * @param legalRoute name of a {@link LegalRoute}
 * @param legalRouteNote details of the route
 * @param toSign what a municipality signs
 * @param oneOffPayer name of a {@link Payer} for one-off costs
 * @param oneOffNote what is paid once
 * @param runningPayer name of a {@link Payer} for running costs
 * @param runningNote what is paid while running
 * @param onboardingSteps one step per line
 * @param typicalDuration typical duration
 * @param prerequisites one prerequisite per line
 * @param services ids of EfA services
 * @param contactNames contact names (one per row)
 * @param contactRoles contact functions (one per row)
 * @param contactEmails contact e-mail addresses (one per row)
 * @param contactPhones contact phone numbers (one per row)
 * @param lastReview date of the last review, {@code yyyy-MM-dd} or {@code dd.MM.yyyy}
 * @param status name of a {@link ModelStatus}
 * @param expectedVersion the version the editor started from (optional)
 */
public record EditReuseModel(String name, String operator, String legalRoute, String legalRouteNote, String toSign,
		String oneOffPayer, String oneOffNote, String runningPayer, String runningNote, String onboardingSteps,
		String typicalDuration, String prerequisites, List<String> services, List<String> contactNames,
		List<String> contactRoles, List<String> contactEmails, List<String> contactPhones, String lastReview,
		String status, Long expectedVersion) {

	public static final int MAX_CONTACTS = 10;

	private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("d.M.uuuu", Locale.GERMAN)
		.withResolverStyle(java.time.format.ResolverStyle.STRICT);

	public EditReuseModel {
		services = (services != null) ? services : List.of();
		contactNames = (contactNames != null) ? contactNames : List.of();
		contactRoles = (contactRoles != null) ? contactRoles : List.of();
		contactEmails = (contactEmails != null) ? contactEmails : List.of();
		contactPhones = (contactPhones != null) ? contactPhones : List.of();
	}

	/** The input of a form showing the given profile. */
	public static EditReuseModel of(ReuseModelProfile p, long version) {
		return new EditReuseModel(p.name(), p.operator(), name(p.legalRoute()), p.legalRouteNote(), p.toSign(),
				name(p.oneOffCost().payer()), p.oneOffCost().note(), name(p.runningCost().payer()),
				p.runningCost().note(), String.join("\n", p.onboardingSteps()), p.typicalDuration(),
				String.join("\n", p.prerequisites()), p.services().stream().map(EfaServiceId::value).toList(),
				p.contacts().stream().map(Contact::name).toList(), p.contacts().stream().map(Contact::role).toList(),
				p.contacts().stream().map(Contact::email).toList(), p.contacts().stream().map(Contact::phone).toList(),
				(p.lastReview() != null) ? p.lastReview().toString() : "", p.status().name(), version);
	}

	/** An empty form for a Land without a model. */
	public static EditReuseModel empty() {
		return new EditReuseModel("", "", "", "", "", "", "", "", "", "", "", "", List.of(), List.of(), List.of(),
				List.of(), List.of(), "", ModelStatus.DRAFT.name(), null);
	}

	/**
	 * Checks every field.
	 * @param knownServices ids of the services in the catalogue
	 * @param today the date a review cannot lie after
	 * @return the profile, or the problems
	 */
	public Result parse(Set<EfaServiceId> knownServices, LocalDate today) {
		Problems p = new Problems("reuseModel");
		ModelStatus st = parseEnum(ModelStatus.class, this.status, "status", p);
		String n = p.line("name", this.name, true, 200);
		String op = p.line("operator", this.operator, false, 200);
		LegalRoute route = parseEnum(LegalRoute.class, this.legalRoute, "legalRoute", p);
		String routeNote = p.text("legalRouteNote", this.legalRouteNote, false, 1000);
		String sign = p.text("toSign", this.toSign, false, 2000);
		Payer oneOffPayer = parseEnum(Payer.class, this.oneOffPayer, "oneOffCost", p);
		String oneOffText = p.text("oneOffCost", this.oneOffNote, false, 1000);
		Payer runningPayer = parseEnum(Payer.class, this.runningPayer, "runningCost", p);
		String runningText = p.text("runningCost", this.runningNote, false, 1000);
		List<String> steps = p.lines("onboardingSteps", this.onboardingSteps, false, 20, 500);
		String duration = p.line("typicalDuration", this.typicalDuration, false, 200);
		List<String> prereq = p.lines("prerequisites", this.prerequisites, false, 20, 500);
		List<EfaServiceId> offered = services(knownServices, p);
		List<Contact> contacts = contacts(p);
		LocalDate review = date(today, p);
		if (st == null) {
			return new Result(null, p.all());
		}
		ReuseModelProfile profile = new ReuseModelProfile(n, op, route, routeNote, sign,
				new CostShare(oneOffPayer, oneOffText), new CostShare(runningPayer, runningText), steps, duration,
				prereq, offered, contacts, review, st);
		// Missing fields are reported too, so one round trip shows every problem.
		profile.missing().forEach((m) -> p.add(m.field(), m.code().substring(m.code().lastIndexOf('.') + 1)));
		return p.isEmpty() ? new Result(profile, List.of()) : new Result(null, sortByForm(p.all()));
	}

	private static List<Problem> sortByForm(List<Problem> problems) {
		return problems.stream().sorted(java.util.Comparator.comparingInt((Problem x) -> {
			int i = ReuseModelDiff.FIELDS.indexOf(x.field());
			return (i >= 0) ? i : ReuseModelDiff.FIELDS.size();
		})).toList();
	}

	private List<EfaServiceId> services(Set<EfaServiceId> known, Problems p) {
		Set<EfaServiceId> ids = new LinkedHashSet<>();
		for (String s : this.services) {
			if (s == null || s.isBlank()) {
				continue;
			}
			EfaServiceId.parse(s.strip())
				.filter(known::contains)
				.ifPresentOrElse(ids::add, () -> p.add("services", "invalid"));
		}
		if (ids.size() > 200) {
			p.add("services", "tooMany", 200);
		}
		return List.copyOf(ids);
	}

	private List<Contact> contacts(Problems p) {
		int rows = Math.max(Math.max(this.contactNames.size(), this.contactRoles.size()),
				Math.max(this.contactEmails.size(), this.contactPhones.size()));
		List<Contact> contacts = new ArrayList<>();
		for (int i = 0; i < rows && i < 100; i++) {
			String n = Problems.singleLine(at(this.contactNames, i));
			String r = Problems.singleLine(at(this.contactRoles, i));
			String e = Problems.singleLine(at(this.contactEmails, i));
			String t = Problems.singleLine(at(this.contactPhones, i));
			if (n.isEmpty() && r.isEmpty() && e.isEmpty() && t.isEmpty()) {
				continue;
			}
			if (n.isEmpty()) {
				p.add("contacts", "nameMissing");
			}
			if (e.isEmpty()) {
				p.add("contacts", "emailMissing");
			}
			else if (!Problems.isEmail(e)) {
				p.add("contacts", "emailInvalid");
			}
			if (n.length() > 200 || r.length() > 200 || e.length() > 254 || t.length() > 50) {
				p.add("contacts", "tooLong", 200);
			}
			contacts.add(new Contact(n, r, e, t));
		}
		if (contacts.size() > MAX_CONTACTS) {
			p.add("contacts", "tooMany", MAX_CONTACTS);
		}
		return contacts;
	}

	private LocalDate date(LocalDate today, Problems p) {
		String raw = (this.lastReview != null) ? this.lastReview.strip() : "";
		if (raw.isEmpty()) {
			return null;
		}
		LocalDate date;
		try {
			date = raw.contains(".") ? LocalDate.parse(raw, GERMAN_DATE) : LocalDate.parse(raw);
		}
		catch (DateTimeParseException ex) {
			p.add("lastReview", "invalid");
			return null;
		}
		if (date.isAfter(today)) {
			p.add("lastReview", "future");
		}
		else if (date.getYear() < 2017) {
			p.add("lastReview", "tooOld");
		}
		return date;
	}

	private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field, Problems p) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			p.add(field, "invalid");
			return null;
		}
	}

	private static String at(List<String> list, int i) {
		return (i < list.size()) ? list.get(i) : null;
	}

	private static String name(Enum<?> e) {
		return (e != null) ? e.name() : "";
	}

	/**
	 * The outcome of {@link #parse}.
	 *
	 * @param profile the profile, or null if there are problems
	 * @param problems every problem found
	 */
	public record Result(ReuseModelProfile profile, List<Problem> problems) {

		public Result {
			problems = List.copyOf(problems);
		}

		public boolean isValid() {
			return this.problems.isEmpty();
		}

	}

}
