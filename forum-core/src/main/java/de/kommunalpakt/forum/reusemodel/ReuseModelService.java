package de.kommunalpakt.forum.reusemodel;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import de.kommunalpakt.forum.validation.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The reuse model use cases: read with drafts hidden, compare, edit with a new version
 * per change, and the discussion thread per model.
 *
 * <p>
 * Without transactions an edit writes the version document first (its unique id lets only
 * one of two concurrent editors win), then moves the model to it with a version-checked
 * atomic update. A crash in between leaves a complete version that the next edit rolls
 * forward, so no accepted change is lost and no model points at a missing version.
 */
@Service
public class ReuseModelService {

	/** The space of the models' discussion threads. */
	public static final SpaceId SPACE = new SpaceId("nachnutzungsmodelle");

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private final ReuseModelRepository models;

	private final EfaServiceCatalogue catalogue;

	private final ThreadService threads;

	private final SpaceRepository spaces;

	private final ChangePublisher changes;

	private final ApplicationEventPublisher events;

	private final MessageSource messages;

	private final Clock clock;

	public ReuseModelService(ReuseModelRepository models, EfaServiceCatalogue catalogue, ThreadService threads,
			SpaceRepository spaces, ChangePublisher changes, ApplicationEventPublisher events, MessageSource messages,
			Clock clock) {
		this.models = models;
		this.catalogue = catalogue;
		this.threads = threads;
		this.spaces = spaces;
		this.changes = changes;
		this.events = events;
		this.messages = messages;
		this.clock = clock;
	}

	/** The Land's model if the actor may read it (drafts only for their Land). */
	public Optional<ReuseModel> find(Actor actor, LandCode land) {
		return this.models.findByLand(land).filter((m) -> m.readableBy(actor));
	}

	/** The model in force (published or under revision), for indexing and catalogue. */
	public Optional<ReuseModel> findInForce(LandCode land) {
		return this.models.findByLand(land).filter((m) -> m.status().isPublic());
	}

	/** Every model in force. */
	public List<ReuseModel> inForce() {
		return this.models.findAll().stream().filter((m) -> m.status().isPublic()).toList();
	}

	/**
	 * The versions stored at or after {@code from} and before {@code to} of the models of
	 * these Länder, as far as the actor may read them (a draft version only for its Land
	 * and the moderation), newest first. For feeds and digests: at most 16 models, so it
	 * reads them all and the versions only of those changed since {@code from}.
	 */
	public List<ReuseModelVersion> changes(Actor actor, Set<LandCode> lands, Instant from, Instant to) {
		List<ReuseModelVersion> changes = new ArrayList<>();
		for (ReuseModel model : this.models.findAll()) {
			if (!lands.contains(model.land()) || !model.readableBy(actor) || model.updatedAt().isBefore(from)) {
				continue;
			}
			for (ReuseModelVersion v : this.models.findVersions(model.land(), model.version())) {
				if (!v.at().isBefore(from) && v.at().isBefore(to)
						&& (v.profile().status().isPublic() || ReuseModel.canSeeDraft(actor, model.land()))) {
					changes.add(v);
				}
			}
		}
		changes.sort(Comparator.comparing(ReuseModelVersion::at).reversed());
		return changes;
	}

	/** All 16 Länder in code order with their model in force, filtered. */
	public List<LandModel> compare(Actor actor, ModelFilter filter) {
		Map<LandCode, ReuseModel> all = new EnumMap<>(LandCode.class);
		this.models.findAll().forEach((m) -> all.put(m.land(), m));
		List<LandModel> rows = new ArrayList<>();
		for (LandCode land : LandCode.values()) {
			ReuseModel m = all.get(land);
			ReuseModel inForce = (m != null && m.status().isPublic()) ? m : null;
			boolean draft = m != null && !m.status().isPublic() && ReuseModel.canSeeDraft(actor, land);
			if (filter.matches(inForce)) {
				rows.add(new LandModel(land, inForce, draft));
			}
		}
		return rows;
	}

	/** Checks an edit without storing it: every problem at once, for the form. */
	public List<Problem> check(EditReuseModel edit) {
		return edit.parse(serviceIds(), today()).problems();
	}

	public ReuseModel save(Actor actor, LandCode land, EditReuseModel edit) {
		if (!ReuseModel.canEdit(actor, land)) {
			throw new ForumException.Forbidden("reuseModel.edit.forbidden");
		}
		EditReuseModel.Result parsed = edit.parse(serviceIds(), today());
		if (!parsed.isValid()) {
			Problem first = parsed.problems().get(0);
			throw new ForumException.Invalid(first.field(), first.code(), first.argArray());
		}
		Instant now = this.clock.instant();
		Optional<ReuseModel> current = this.models.findByLand(land);
		ReuseModel saved;
		if (current.isEmpty()) {
			ReuseModel created = ReuseModel.create(land, parsed.profile(), actor, now);
			if (!this.models.insertVersion(ReuseModelVersion.of(created, null))) {
				rollForward(land);
				throw new ForumException.Conflict("reuseModel.stale");
			}
			if (!this.models.insert(created)) {
				// Version 1 is ours (its unique _id decided); a concurrent loser
				// rolled it forward and published it already.
				return rolledForwardTo(actor, land, created.version());
			}
			saved = created;
		}
		else {
			ReuseModel before = current.get();
			if (edit.expectedVersion() != null && edit.expectedVersion() != before.version()) {
				throw new ForumException.Conflict("reuseModel.stale");
			}
			ReuseModel after = before.edit(parsed.profile(), actor, now);
			if (after == before) {
				return before;
			}
			if (!this.models.insertVersion(ReuseModelVersion.of(after, before.profile()))) {
				rollForward(land);
				throw new ForumException.Conflict("reuseModel.stale");
			}
			if (!this.models.update(before.version(), after)) {
				// The stored version is ours (its unique _id decided); a concurrent loser
				// rolled the model forward to it and published it already.
				return rolledForwardTo(actor, land, after.version());
			}
			saved = after;
		}
		if (saved.thread() == null) {
			saved = saved.withThread(ensureThread(actor, land));
		}
		publish(saved, actor);
		return saved;
	}

	/**
	 * The model after the version this edit stored was rolled forward by someone else; or
	 * later if another edit followed at once.
	 */
	private ReuseModel rolledForwardTo(Actor actor, LandCode land, long version) {
		ReuseModel model = this.models.findByLand(land)
			.filter((m) -> m.version() >= version)
			.orElseThrow(() -> new ForumException.Conflict("reuseModel.stale"));
		return (model.thread() != null) ? model : model.withThread(ensureThread(actor, land));
	}

	/**
	 * Finishes an edit that stored its version but not the model (a crash in between).
	 * Safe to call at any time.
	 */
	public void rollForward(LandCode land) {
		Optional<ReuseModel> current = this.models.findByLand(land);
		if (current.isEmpty()) {
			this.models.findVersion(land, 1).ifPresent((v) -> {
				if (this.models
					.insert(new ReuseModel(land, v.profile(), 1, null, v.at(), v.at(), v.author(), v.authorName()))) {
					publishChange(land, 1, v.profile().status(), v.author().value());
				}
			});
			return;
		}
		ReuseModel model = current.get();
		Optional<ReuseModelVersion> pending = this.models.findVersion(land, model.version() + 1);
		if (pending.isPresent() && this.models.update(model.version(), model.advancedTo(pending.get()))) {
			publishChange(land, pending.get().number(), pending.get().profile().status(),
					pending.get().author().value());
		}
	}

	/** All versions, newest first, if the actor may read the model. */
	public List<ReuseModelVersion> versions(Actor actor, LandCode land) {
		ReuseModel model = find(actor, land).orElseThrow(() -> new ForumException.NotFound("reuseModel.notFound"));
		return this.models.findVersions(land, model.version()).reversed();
	}

	/** One version with the one before it and what changed. */
	public VersionComparison version(Actor actor, LandCode land, long number) {
		ReuseModel model = find(actor, land).orElseThrow(() -> new ForumException.NotFound("reuseModel.notFound"));
		if (number < 1 || number > model.version()) {
			throw new ForumException.NotFound("reuseModel.version.notFound");
		}
		ReuseModelVersion v = this.models.findVersion(land, number)
			.orElseThrow(() -> new ForumException.NotFound("reuseModel.version.notFound"));
		ReuseModelVersion previous = (number > 1) ? this.models.findVersion(land, number - 1).orElse(null) : null;
		return new VersionComparison(v, previous,
				ReuseModelDiff.between((previous != null) ? previous.profile() : null, v.profile()));
	}

	/**
	 * The model's discussion thread, created (with its space) when missing; by the actor,
	 * who must be able to edit the model.
	 */
	public ThreadId ensureThread(Actor actor, LandCode land) {
		ReuseModel model = this.models.findByLand(land)
			.orElseThrow(() -> new ForumException.NotFound("reuseModel.notFound"));
		if (model.thread() != null) {
			return model.thread();
		}
		if (!ReuseModel.canEdit(actor, land)) {
			throw new ForumException.Forbidden("reuseModel.edit.forbidden");
		}
		ensureSpace();
		String landName = land.displayName();
		PostId opening = this.threads.start(actor,
				new ThreadCommands.StartThread(SPACE.value(), ThreadType.DISCUSSION,
						text("reuseModel.thread.title", landName),
						text("reuseModel.thread.text", landName, "/modelle/" + land.name().toLowerCase(Locale.ROOT)),
						Set.of("nachnutzungsmodell"), Set.of(land), "reuse-model-" + land.name()));
		ThreadId id = opening.thread();
		if (!this.models.setThread(land, id)) {
			// Someone set it meanwhile: theirs stays, this thread is an extra discussion.
			return this.models.findByLand(land).map(ReuseModel::thread).orElse(id);
		}
		return id;
	}

	/** Creates the space of the models' threads if it does not exist. */
	public Space ensureSpace() {
		return this.spaces.findById(SPACE).orElseGet(() -> {
			Space space = new Space(SPACE, text("reuseModel.space.name"), text("reuseModel.space.description"),
					Visibility.ALL_MEMBERS, null, 2);
			this.spaces.save(space);
			return space;
		});
	}

	/**
	 * The services a municipality of this Land gets through its Land's model in force.
	 */
	public List<EfaService> servicesFor(LandCode land) {
		Map<EfaServiceId, EfaService> all = this.catalogue.byId();
		return findInForce(land).map((m) -> m.profile().services().stream().map(all::get).filter((s) -> s != null))
			.orElseGet(java.util.stream.Stream::empty)
			.toList();
	}

	/** For each service, the Länder whose model in force offers it. */
	public Map<EfaServiceId, List<LandCode>> offeringLands() {
		Map<EfaServiceId, List<LandCode>> offering = new LinkedHashMap<>();
		inForce().stream()
			.sorted(java.util.Comparator.comparing(ReuseModel::land))
			.forEach((m) -> m.profile()
				.services()
				.forEach((s) -> offering.computeIfAbsent(s, (k) -> new ArrayList<>()).add(m.land())));
		return offering;
	}

	private Set<EfaServiceId> serviceIds() {
		return this.catalogue.all().stream().map(EfaService::id).collect(Collectors.toSet());
	}

	private LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), BERLIN);
	}

	private void publish(ReuseModel model, Actor actor) {
		publishChange(model.land(), model.version(), model.status(), actor.id().value());
	}

	private void publishChange(LandCode land, long version, ModelStatus status, String actorId) {
		this.changes.publish(new ForumChange(null, ChangeKind.REUSE_MODEL_CHANGED, null, 0, null, actorId, version,
				this.clock.instant()));
		this.events.publishEvent(new ReuseModelChanged(land, version, status, actorId));
	}

	private String text(String code, Object... args) {
		return this.messages.getMessage(code, args, code + " " + List.of(args), Locale.GERMAN);
	}

	/**
	 * A version and the one before it.
	 *
	 * @param version the version shown
	 * @param previous the version before (null for the first)
	 * @param changes the fields that differ
	 */
	public record VersionComparison(ReuseModelVersion version, ReuseModelVersion previous,
			List<ReuseModelDiff.FieldChange> changes) {

		public VersionComparison {
			changes = List.copyOf(changes);
		}

	}

}
