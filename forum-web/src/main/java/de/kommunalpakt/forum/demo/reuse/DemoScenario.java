package de.kommunalpakt.forum.demo.reuse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.ReportRepository;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.pilot.PilotApplication;
import de.kommunalpakt.forum.pilot.PilotApplicationRepository;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.PilotStatus;
import de.kommunalpakt.forum.pilot.SubmitPilotApplication;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import de.kommunalpakt.forum.shared.BackgroundThreads;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The live scenario for the AL-Runde: simulated members act one step after another
 * through the normal use cases, so live updates, notifications and search see ordinary
 * writes. One run at a time; progress is kept in this instance only, which is enough for
 * a presenter's laptop (the writes themselves are in MongoDB like any other).
 */
@Component
@Profile({ "embedded", "demo-scenario" })
class DemoScenario {

	private static final Logger log = LoggerFactory.getLogger(DemoScenario.class);

	static final List<String> STEPS = List.of("question", "answer", "accept", "apply", "review", "select", "report");

	/** Every thread of a run carries this tag, and {@code lauf-N} for its run. */
	static final String MARK = "vorfuehrung";

	/** The Land whose Kurzbericht the scenario submits (the seed leaves it open). */
	static final LandCode REPORTING_LAND = LandCode.BY;

	private static final SpaceId QUESTIONS = new SpaceId("nachnutzung-fragen");

	private final ThreadService threads;

	private final PilotService pilots;

	private final ReuseModelService models;

	private final SpaceRepository spaces;

	private final OrganisationRepository organisations;

	private final MemberRepository members;

	private final DemoScenarioProperties properties;

	private final ThreadRepository threadRepository;

	private final PostRepository posts;

	private final PilotApplicationRepository applications;

	private final ReportRepository reports;

	private final LandReportService landReports;

	private final NotificationService notifications;

	private final ChangePublisher changes;

	private final ThreadPoolTaskScheduler scheduler = BackgroundThreads.scheduler("demo-scenario");

	private volatile Run run = Run.idle();

	private ScheduledFuture<?> next;

	DemoScenario(ThreadService threads, PilotService pilots, ReuseModelService models, SpaceRepository spaces,
			OrganisationRepository organisations, MemberRepository members, DemoScenarioProperties properties,
			ThreadRepository threadRepository, PostRepository posts, PilotApplicationRepository applications,
			ReportRepository reports, LandReportService landReports, NotificationService notifications,
			ChangePublisher changes) {
		this.threadRepository = threadRepository;
		this.posts = posts;
		this.applications = applications;
		this.reports = reports;
		this.landReports = landReports;
		this.notifications = notifications;
		this.changes = changes;
		this.threads = threads;
		this.pilots = pilots;
		this.models = models;
		this.spaces = spaces;
		this.organisations = organisations;
		this.members = members;
		this.properties = properties;
	}

	Duration defaultDelay() {
		return this.properties.stepDelay();
	}

	Run status() {
		return this.run;
	}

	/**
	 * Starts a run: the first step at once, then one step after each pause (0 runs them
	 * all straight away).
	 */
	synchronized Run start(Actor actor, Duration delay) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("demoScenario.onlyAdmins");
		}
		if (this.run.state() == State.RUNNING) {
			throw new ForumException.Conflict("demoScenario.alreadyRunning");
		}
		this.run = new Run(State.RUNNING, 0, delay, null, null, null, null, markedThreads().size() + 1);
		schedule(Duration.ZERO);
		return this.run;
	}

	/**
	 * Removes everything the runs wrote: their threads (with posts, search entries and
	 * notifications), Kassel's First-Mover applications and the Kurzbericht the scenario
	 * submitted. The seeded content stays.
	 */
	synchronized Reset reset(Actor actor) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("demoScenario.onlyAdmins");
		}
		if (this.run.state() == State.RUNNING) {
			throw new ForumException.Conflict("demoScenario.alreadyRunning");
		}
		int threadCount = 0;
		for (var thread : markedThreads()) {
			// Darmstadt's watch goes first: watching needs the thread to exist.
			this.notifications.watch(ReuseDemoPeople.DARMSTADT, WatchTarget.thread(thread.id().value()),
					WatchLevel.NORMAL);
			this.posts.deleteThread(thread.id());
			this.threadRepository.delete(thread.id());
			this.notifications.forget(thread.id().value());
			// The search index and open pages learn of it like of any change; the indexer
			// finds the thread gone and removes its entry.
			this.changes.publish(new ForumChange(null, ChangeKind.THREAD_REPAIRED, thread.id().value(), 0,
					thread.space().value(), actor.id().value(), Long.MAX_VALUE / 2, java.time.Instant.now()));
			threadCount++;
		}
		int applicationCount = 0;
		for (PilotApplication application : this.applications.findAll()) {
			if (application.municipality().equals(ReuseDemoPeople.KASSEL.organisation())) {
				this.applications.delete(application.id());
				this.notifications.forget(application.id());
				applicationCount++;
			}
		}
		int reportCount = 0;
		ReportingRound round = currentRound();
		if (round != null && this.reports.findReport(round.id(), REPORTING_LAND).isPresent()) {
			this.reports.deleteReport(round.id(), REPORTING_LAND);
			reportCount++;
		}
		if (applicationCount + reportCount > 0) {
			// Boards open in a browser reload once.
			this.changes.publish(new ForumChange(null, ChangeKind.PILOT_CHANGED, null, 0, null, actor.id().value(), 0,
					java.time.Instant.now(), null));
			this.changes.publish(new ForumChange(null, ChangeKind.REPORT_CHANGED, null, 0, null, actor.id().value(), 0,
					java.time.Instant.now(), null));
		}
		this.run = Run.idle();
		log.info("Demo reset: {} threads, {} applications, {} reports removed", threadCount, applicationCount,
				reportCount);
		return new Reset(threadCount, applicationCount, reportCount);
	}

	private List<de.kommunalpakt.forum.thread.Thread> markedThreads() {
		Set<SpaceId> all = this.spaces.findAll()
			.stream()
			.map((s) -> s.id())
			.collect(java.util.stream.Collectors.toSet());
		return this.threadRepository.find(ThreadQuery.in(all).withTag(MARK), 0, 1000).items();
	}

	/** The open round with the latest deadline, or null. */
	ReportingRound currentRound() {
		return this.landReports.rounds()
			.stream()
			.max(java.util.Comparator.comparing(ReportingRound::deadline))
			.orElse(null);
	}

	synchronized Run stop(Actor actor) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("demoScenario.onlyAdmins");
		}
		if (this.next != null) {
			this.next.cancel(false);
		}
		if (this.run.state() == State.RUNNING) {
			this.run = this.run.with(State.STOPPED, this.run.done());
		}
		return this.run;
	}

	private void schedule(Duration delay) {
		this.next = this.scheduler.schedule(this::step, Instant.now().plusMillis(Math.max(0, delay.toMillis())));
	}

	private synchronized void step() {
		Run current = this.run;
		if (current.state() != State.RUNNING) {
			return;
		}
		try {
			Run after = perform(STEPS.get(current.done()), current);
			if (this.run.state() != State.RUNNING) {
				// Stopped while the step ran: keep the stop.
				return;
			}
			int done = current.done() + 1;
			this.run = (done == STEPS.size()) ? after.with(State.FINISHED, done) : after.with(State.RUNNING, done);
			if (done < STEPS.size()) {
				schedule(current.delay());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Demo scenario step {} failed", STEPS.get(current.done()), ex);
			this.run = current.failed((ex instanceof ForumException f) ? f.code() : ex.getClass().getSimpleName());
		}
	}

	private Run perform(String step, Run run) {
		return switch (step) {
			case "question" -> {
				prepare();
				PostId question = this.threads.start(ReuseDemoPeople.KASSEL, new ThreadCommands.StartThread(
						questionSpace().value(), ThreadType.QUESTION,
						"Können wir Wohngeld nutzen, bevor unser Fachverfahren angebunden ist?",
						"""
								Die Stadt Kassel möchte die EfA-Leistung **Wohngeld** über das hessische Modell nachnutzen. Unser Fachverfahren wird erst im Frühjahr an FIT-Connect angebunden.

								Können wir die Leistung trotzdem schon freischalten, und wie kommen die Anträge bis dahin zu uns?""",
						Set.of("wohngeld", "fachverfahren", MARK, "lauf-" + run.number()),
						Set.of(de.kommunalpakt.forum.organisation.LandCode.HE), null));
				// Darmstadt follows the question, so the answer reaches its inbox.
				this.notifications.watch(ReuseDemoPeople.DARMSTADT, WatchTarget.thread(question.thread().value()),
						WatchLevel.WATCH);
				yield run.withQuestion(question);
			}
			case "answer" -> {
				PostId answer = this.threads.reply(ReuseDemoPeople.land(de.kommunalpakt.forum.organisation.LandCode.HE),
						new ThreadCommands.Reply(run.question().thread().value(),
								"""
										Ja, das geht. Bis Ihr Fachverfahren angebunden ist, stellt ekom21 die Anträge als **PDF mit strukturierten Daten** in Ihr Behördenpostfach zu. Sobald FIT-Connect steht, schalten wir auf die direkte Übergabe um – ohne neuen Vertrag.

										Die Kosten für die Übergangslösung trägt das Land.""",
								null, null));
				yield run.withAnswer(answer);
			}
			case "accept" -> {
				this.threads.acceptAnswer(ReuseDemoPeople.KASSEL, run.answer().toString());
				yield run;
			}
			case "apply" -> {
				String subject = this.pilots.subjectsFor(ReuseDemoPeople.KASSEL.land())
					.keySet()
					.stream()
					.filter((key) -> !applied(key))
					.sorted((a, b) -> Boolean.compare(!a.equals("leistung-wohngeld"), !b.equals("leistung-wohngeld")))
					.findFirst()
					.orElseThrow(() -> new ForumException.Conflict("pilot.duplicate"));
				PilotApplication application = this.pilots.submit(ReuseDemoPeople.KASSEL, new SubmitPilotApplication(
						subject,
						"Kassel hat über 2.000 Wohngeldanträge im Jahr und will die Übergangslösung bis zur Anbindung des Fachverfahrens erproben.",
						"Projektleitung im Bürgeramt, zwei Personen für Tests, Unterstützung durch das Amt für IT.",
						ReuseDemoPeople.KASSEL.displayName(), "sabine.koch@kassel.example", ""));
				yield run.withPilot(application.id());
			}
			case "review" -> {
				this.pilots.move(ReuseDemoPeople.DST, run.pilot(), PilotStatus.IN_REVIEW.name(),
						"Wir prüfen die Bekundung mit dem Land Hessen.", null);
				yield run;
			}
			case "select" -> {
				this.pilots.move(ReuseDemoPeople.DST, run.pilot(), PilotStatus.SELECTED.name(),
						"Kassel wird Pilotkommune: hohe Fallzahlen und eine klare Übergangslösung.", null);
				yield run;
			}
			case "report" -> {
				ReportingRound round = currentRound();
				if (round == null) {
					throw new ForumException.Conflict("demoScenario.noRound");
				}
				this.landReports.save(ReuseDemoPeople.land(REPORTING_LAND), round, REPORTING_LAND,
						new EditLandReport("""
								Zwölf Leistungspakete im DigitalMarkt, davon Wohngeld in 180 Kommunen
								Kostenteilung Freistaat/Kommunen für den Betrieb vereinbart""", """
								Paket „Familie“ mit Elterngeld und Eheschließung bis Jahresende
								Anbindung der Fachverfahren über FIT-Connect in allen Landkreisen""",
								"Hoher Abstimmungsaufwand bei Gebühren.",
								"Bundesweite Klärung der Gebührenerhebung bei EfA-Leistungen.", null),
						true);
				yield run;
			}
			default -> throw new IllegalStateException(step);
		};
	}

	private boolean applied(String subjectKey) {
		try {
			this.pilots.find(ReuseDemoPeople.KASSEL.organisation().value() + "." + subjectKey);
			return true;
		}
		catch (ForumException.NotFound ex) {
			return false;
		}
	}

	private void prepare() {
		if (this.organisations.findById(ReuseDemoPeople.KASSEL.organisation()).isEmpty()) {
			this.organisations.save(new Organisation(ReuseDemoPeople.KASSEL.organisation(), OrganisationKind.KOMMUNE,
					"Stadt Kassel", ReuseDemoPeople.KASSEL.land(), null));
		}
		this.members.recordLogin(ReuseDemoPeople.KASSEL);
		this.members.recordLogin(ReuseDemoPeople.DST);
	}

	private SpaceId questionSpace() {
		return this.spaces.findById(QUESTIONS)
			.filter((s) -> s.visibility() == Visibility.ALL_MEMBERS)
			.map((s) -> s.id())
			.orElseGet(() -> this.models.ensureSpace().id());
	}

	@PreDestroy
	void shutdown() {
		this.scheduler.shutdown();
	}

	/**
	 * What a reset removed.
	 *
	 * @param threads threads of the runs
	 * @param applications Kassel's First-Mover applications
	 * @param reports the Kurzbericht submitted by the scenario
	 */
	record Reset(int threads, int applications, int reports) {
	}

	/** States of a run. */
	enum State {

		IDLE, RUNNING, STOPPED, FINISHED, FAILED

	}

	/**
	 * One run of the scenario.
	 *
	 * @param state state
	 * @param done number of steps done
	 * @param delay pause before each step
	 * @param question the question posted (after step 1)
	 * @param pilot the application submitted (after step 4)
	 * @param error message code of a failure
	 * @param answer the answer posted (after step 2)
	 * @param number the run's number (its threads carry the tag {@code lauf-N})
	 */
	record Run(State state, int done, Duration delay, PostId question, String pilot, String error, PostId answer,
			int number) {

		static Run idle() {
			return new Run(State.IDLE, 0, Duration.ZERO, null, null, null, null, 0);
		}

		Run with(State s, int d) {
			return new Run(s, d, this.delay, this.question, this.pilot, this.error, this.answer, this.number);
		}

		Run withQuestion(PostId q) {
			return new Run(this.state, this.done, this.delay, q, this.pilot, this.error, this.answer, this.number);
		}

		Run withAnswer(PostId a) {
			return new Run(this.state, this.done, this.delay, this.question, this.pilot, this.error, a, this.number);
		}

		Run withPilot(String p) {
			return new Run(this.state, this.done, this.delay, this.question, p, this.error, this.answer, this.number);
		}

		Run failed(String code) {
			return new Run(State.FAILED, this.done, this.delay, this.question, this.pilot, code, this.answer,
					this.number);
		}

		int total() {
			return STEPS.size();
		}

		List<Map<String, Object>> steps() {
			List<Map<String, Object>> steps = new ArrayList<>();
			for (int i = 0; i < STEPS.size(); i++) {
				steps.add(Map.of("key", STEPS.get(i), "done", i < this.done, "next",
						i == this.done && this.state == State.RUNNING));
			}
			return steps;
		}

		String questionUrl() {
			return (this.question != null) ? "/t/" + this.question.thread().value() : null;
		}

		String pilotUrl() {
			return (this.pilot != null) ? "/pilot/" + this.pilot : null;
		}

	}

}
