package de.kommunalpakt.forum.pilot;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceRepository;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.pilot.PilotOverview.Counts;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * First Mover use cases: a municipality submits, the KSpV review step by step, everyone
 * sees the counts, the municipality is notified of each step through the change log entry
 * {@code PILOT_CHANGED} (besides {@link PilotApplicationChanged} in this instance).
 */
@Service
public class PilotService {

	private final PilotApplicationRepository applications;

	private final EfaServiceRepository services;

	private final ReuseModelService models;

	private final OrganisationRepository organisations;

	private final ChangePublisher changes;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	public PilotService(PilotApplicationRepository applications, EfaServiceRepository services,
			ReuseModelService models, OrganisationRepository organisations, ChangePublisher changes,
			ApplicationEventPublisher events, Clock clock) {
		this.applications = applications;
		this.services = services;
		this.models = models;
		this.organisations = organisations;
		this.changes = changes;
		this.events = events;
		this.clock = clock;
	}

	public PilotApplication submit(Actor actor, SubmitPilotApplication input) {
		if (actor.organisationKind() != de.kommunalpakt.forum.organisation.OrganisationKind.KOMMUNE) {
			throw new ForumException.Forbidden("pilot.submit.forbidden");
		}
		SubmitPilotApplication.Checked checked = input.check();
		checked.problems().throwIfAny();
		String subjectName = subjectName(actor, checked.subject());
		Instant now = this.clock.instant();
		PilotApplication application = PilotApplication.submit(input, organisationName(actor.organisation()),
				subjectName, actor, organisationName(actor.organisation()), now);
		if (!this.applications.insert(application)) {
			throw new ForumException.Conflict("pilot.duplicate");
		}
		publish(application, null, actor);
		return application;
	}

	/**
	 * The subjects a municipality of this Land can apply for: services, and its Land's
	 * model.
	 */
	public Map<String, String> subjectsFor(LandCode land) {
		Map<String, String> subjects = new LinkedHashMap<>();
		if (land != null) {
			this.models.findInForce(land)
				.ifPresent((m) -> subjects.put(PilotSubject.model(land).key(), m.profile().name()));
		}
		this.services.findAll().forEach((s) -> subjects.put(PilotSubject.service(s.id()).key(), s.name()));
		return subjects;
	}

	/** Load by id for whoever may read it; "not found" for everyone else. */
	public PilotApplication get(Actor actor, String id) {
		PilotApplication application = find(id);
		if (!application.readableBy(actor)) {
			throw new ForumException.NotFound("pilot.notFound");
		}
		return application;
	}

	/** Load by id without a reader (listeners, indexing). */
	public PilotApplication find(String id) {
		if (id == null || id.length() > 200) {
			throw new ForumException.NotFound("pilot.notFound");
		}
		return this.applications.findById(id).orElseThrow(() -> new ForumException.NotFound("pilot.notFound"));
	}

	public PilotApplication move(Actor actor, String id, String status, String note, Long expectedVersion) {
		PilotApplication before = get(actor, id);
		if (!PilotApplication.canReview(actor)) {
			throw new ForumException.Forbidden("pilot.review.forbidden");
		}
		PilotStatus next;
		try {
			next = PilotStatus.valueOf(String.valueOf(status).strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("status", "pilot.status.unknown");
		}
		if (expectedVersion != null && expectedVersion != before.version()) {
			throw new ForumException.Conflict("pilot.stale");
		}
		PilotApplication after = before.moveTo(next, note, actor, organisationName(actor.organisation()),
				this.clock.instant());
		if (!this.applications.update(before.version(), after)) {
			throw new ForumException.Conflict("pilot.stale");
		}
		publish(after, before.status(), actor);
		return after;
	}

	/** Every application, for the reviewers' board. */
	public List<PilotApplication> board(Actor actor) {
		if (!PilotApplication.canReview(actor)) {
			throw new ForumException.Forbidden("pilot.review.forbidden");
		}
		return this.applications.findAll();
	}

	/**
	 * The applications of the actor's organisation (and, for a Land, of its
	 * municipalities).
	 */
	public List<PilotApplication> visibleTo(Actor actor) {
		return this.applications.findAll().stream().filter((a) -> a.readableBy(actor)).toList();
	}

	/**
	 * Counts per Land and subject; no names of municipalities, so everyone may see it.
	 */
	public PilotOverview overview() {
		Map<LandCode, Counts> byLand = new EnumMap<>(LandCode.class);
		for (LandCode land : LandCode.values()) {
			byLand.put(land, Counts.ZERO);
		}
		Map<String, PilotOverview.SubjectCounts> bySubject = new LinkedHashMap<>();
		Counts total = Counts.ZERO;
		for (PilotApplication a : this.applications.findAll()) {
			byLand.merge(a.land(), Counts.ZERO.plus(a.status()), (x, y) -> x.plus(a.status()));
			bySubject.merge(a.subject().key(),
					new PilotOverview.SubjectCounts(a.subject(), a.subjectName(), Counts.ZERO.plus(a.status())),
					(x, y) -> new PilotOverview.SubjectCounts(x.subject(), x.name(), x.counts().plus(a.status())));
			total = total.plus(a.status());
		}
		List<PilotOverview.SubjectCounts> subjects = new ArrayList<>(bySubject.values());
		subjects.sort(Comparator.comparing(PilotOverview.SubjectCounts::name, String.CASE_INSENSITIVE_ORDER));
		return new PilotOverview(byLand, subjects, total);
	}

	private String subjectName(Actor actor, PilotSubject subject) {
		return switch (subject.kind()) {
			case SERVICE -> this.services.findById(subject.service())
				.map(EfaService::name)
				.orElseThrow(() -> new ForumException.Invalid("subject", "pilot.subject.invalid"));
			case MODEL -> {
				if (subject.land() != actor.land()) {
					throw new ForumException.Invalid("subject", "pilot.subject.otherLand");
				}
				yield this.models.findInForce(subject.land())
					.map(ReuseModel::profile)
					.map((p) -> p.name())
					.orElseThrow(() -> new ForumException.Invalid("subject", "pilot.subject.invalid"));
			}
		};
	}

	private String organisationName(OrganisationId id) {
		return this.organisations.findById(id).map(Organisation::name).orElse(id.value());
	}

	private void publish(PilotApplication application, PilotStatus previous, Actor actor) {
		this.changes.publish(new ForumChange(null, ChangeKind.PILOT_CHANGED, null, 0, null, actor.id().value(),
				application.version(), this.clock.instant(), application.id()));
		this.events.publishEvent(new PilotApplicationChanged(application.id(), application.municipality(), previous,
				application.status(), actor.id().value()));
	}

}
