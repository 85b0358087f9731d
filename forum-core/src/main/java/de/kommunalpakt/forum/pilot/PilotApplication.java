package de.kommunalpakt.forum.pilot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * A municipality's expression of interest to pilot a service or model: the aggregate
 * guarding who submits, who reviews and which review steps are allowed.
 *
 * @param id {@code <municipality>.<subject key>}
 * @param municipality the municipality
 * @param municipalityName its name at the time
 * @param land its Land
 * @param subject what it wants to pilot
 * @param subjectName display name of the subject at the time
 * @param reasons why
 * @param resources what it can commit
 * @param contactName contact person
 * @param contactEmail e-mail
 * @param contactPhone phone (may be empty)
 * @param submittedBy member who submitted
 * @param submittedAt when
 * @param status current status
 * @param history every step, oldest first (the submission included)
 * @param version increases with each step
 */
public record PilotApplication(String id, OrganisationId municipality, String municipalityName, LandCode land,
		PilotSubject subject, String subjectName, String reasons, String resources, String contactName,
		String contactEmail, String contactPhone, MemberId submittedBy, Instant submittedAt, PilotStatus status,
		List<StatusChange> history, long version) {

	public static final int MAX_NOTE = 2000;

	public PilotApplication {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(municipality, "municipality");
		Objects.requireNonNull(land, "land");
		Objects.requireNonNull(subject, "subject");
		Objects.requireNonNull(status, "status");
		history = List.copyOf(history);
		contactPhone = (contactPhone != null) ? contactPhone : "";
	}

	public static String idOf(OrganisationId municipality, PilotSubject subject) {
		return municipality.value() + "." + subject.key();
	}

	/** Only members of a Kommune submit, for their own municipality. */
	public static PilotApplication submit(SubmitPilotApplication input, String municipalityName, String subjectName,
			Actor actor, String actorOrganisationName, Instant now) {
		if (actor.organisationKind() != OrganisationKind.KOMMUNE || actor.land() == null) {
			throw new ForumException.Forbidden("pilot.submit.forbidden");
		}
		SubmitPilotApplication.Checked c = input.check();
		c.problems().throwIfAny();
		StatusChange submitted = new StatusChange(null, PilotStatus.SUBMITTED, "", actor.id(), actor.displayName(),
				actorOrganisationName, now);
		return new PilotApplication(idOf(actor.organisation(), c.subject()), actor.organisation(), municipalityName,
				actor.land(), c.subject(), subjectName, c.reasons(), c.resources(), c.contactName(), c.contactEmail(),
				c.contactPhone(), actor.id(), now, PilotStatus.SUBMITTED, List.of(submitted), 1);
	}

	/** KSpV members and moderators review. */
	public static boolean canReview(Actor actor) {
		return actor.organisationKind() == OrganisationKind.KSPV || actor.isModerator();
	}

	/**
	 * The municipality itself, its Land, the KSpV and the moderation; nobody else sees
	 * the reasons and contact.
	 */
	public boolean readableBy(Actor actor) {
		return canReview(actor) || actor.organisation().equals(this.municipality)
				|| (actor.organisationKind() == OrganisationKind.LAND && actor.land() == this.land);
	}

	/** One review step; a decision needs a note. */
	public PilotApplication moveTo(PilotStatus next, String note, Actor actor, String actorOrganisationName,
			Instant now) {
		if (!canReview(actor)) {
			throw new ForumException.Forbidden("pilot.review.forbidden");
		}
		Objects.requireNonNull(next, "next");
		if (!this.status.next().contains(next)) {
			throw new ForumException.Conflict(
					this.status.isDecided() ? "pilot.status.decided" : "pilot.status.illegal");
		}
		String clean = (note != null) ? note.replace("\r\n", "\n").strip() : "";
		if (next.isDecided() && clean.isEmpty()) {
			throw new ForumException.Invalid("note", "pilot.note.required");
		}
		if (clean.codePointCount(0, clean.length()) > MAX_NOTE) {
			throw new ForumException.Invalid("note", "pilot.note.tooLong", MAX_NOTE);
		}
		List<StatusChange> steps = new ArrayList<>(this.history);
		steps.add(new StatusChange(this.status, next, clean, actor.id(), actor.displayName(), actorOrganisationName,
				now));
		return new PilotApplication(this.id, this.municipality, this.municipalityName, this.land, this.subject,
				this.subjectName, this.reasons, this.resources, this.contactName, this.contactEmail, this.contactPhone,
				this.submittedBy, this.submittedAt, next, steps, this.version + 1);
	}

	public StatusChange lastChange() {
		return this.history.get(this.history.size() - 1);
	}

}
