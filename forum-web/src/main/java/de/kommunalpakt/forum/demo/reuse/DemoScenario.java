package de.kommunalpakt.forum.demo.reuse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.pilot.PilotApplication;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.PilotStatus;
import de.kommunalpakt.forum.pilot.SubmitPilotApplication;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
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

	static final List<String> STEPS = List.of("question", "answer", "accept", "apply", "review", "select");

	private static final SpaceId QUESTIONS = new SpaceId("nachnutzung-fragen");

	private final ThreadService threads;

	private final PilotService pilots;

	private final ReuseModelService models;

	private final SpaceRepository spaces;

	private final OrganisationRepository organisations;

	private final MemberRepository members;

	private final DemoScenarioProperties properties;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((r) -> {
		java.lang.Thread t = new java.lang.Thread(r, "demo-scenario");
		t.setDaemon(true);
		return t;
	});

	private volatile Run run = Run.idle();

	private ScheduledFuture<?> next;

	DemoScenario(ThreadService threads, PilotService pilots, ReuseModelService models, SpaceRepository spaces,
			OrganisationRepository organisations, MemberRepository members, DemoScenarioProperties properties) {
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

	/** Starts a run; the first step comes after one delay. */
	synchronized Run start(Actor actor, Duration delay) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("demoScenario.onlyAdmins");
		}
		if (this.run.state() == State.RUNNING) {
			throw new ForumException.Conflict("demoScenario.alreadyRunning");
		}
		this.run = new Run(State.RUNNING, 0, delay, null, null, null);
		schedule(delay);
		return this.run;
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
		this.next = this.scheduler.schedule(this::step, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private synchronized void step() {
		Run current = this.run;
		if (current.state() != State.RUNNING) {
			return;
		}
		try {
			Run after = perform(STEPS.get(current.done()), current);
			int done = current.done() + 1;
			this.run = (done == STEPS.size()) ? after.with(State.FINISHED, done) : after.with(State.RUNNING, done);
			if (done < STEPS.size()) {
				schedule(current.delay());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Demo scenario step {} failed", STEPS.get(current.done()), ex);
			this.run = new Run(State.FAILED, current.done(), current.delay(), current.question(), current.pilot(),
					(ex instanceof ForumException f) ? f.code() : ex.getClass().getSimpleName());
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
						Set.of("wohngeld", "fachverfahren"), Set.of(de.kommunalpakt.forum.organisation.LandCode.HE),
						null));
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
		this.scheduler.shutdownNow();
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
	 */
	record Run(State state, int done, Duration delay, PostId question, String pilot, String error, PostId answer) {

		Run(State state, int done, Duration delay, PostId question, String pilot, String error) {
			this(state, done, delay, question, pilot, error, null);
		}

		static Run idle() {
			return new Run(State.IDLE, 0, Duration.ZERO, null, null, null);
		}

		Run with(State s, int d) {
			return new Run(s, d, this.delay, this.question, this.pilot, this.error, this.answer);
		}

		Run withQuestion(PostId q) {
			return new Run(this.state, this.done, this.delay, q, this.pilot, this.error, this.answer);
		}

		Run withAnswer(PostId a) {
			return new Run(this.state, this.done, this.delay, this.question, this.pilot, this.error, a);
		}

		Run withPilot(String p) {
			return new Run(this.state, this.done, this.delay, this.question, p, this.error, this.answer);
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
