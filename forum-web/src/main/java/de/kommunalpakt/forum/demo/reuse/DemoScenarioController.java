package de.kommunalpakt.forum.demo.reuse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.reusemodel.web.ReuseTexts;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The presenter's page: start, stop and watch the live scenario (administrators only).
 */
@Controller
@Profile({ "embedded", "demo-scenario" })
class DemoScenarioController {

	private final DemoScenario scenario;

	private final ReuseTexts texts;

	DemoScenarioController(DemoScenario scenario, ReuseTexts texts) {
		this.scenario = scenario;
		this.texts = texts;
	}

	@GetMapping("/admin/demo")
	String page(Actor actor, @RequestParam(name = "sekunden", required = false) String seconds, Model model) {
		checkAdmin(actor);
		DemoScenario.Run run = this.scenario.status();
		model.addAttribute("run", run);
		model.addAttribute("status", status(actor));
		model.addAttribute("defaultSeconds",
				(seconds != null) ? delay(seconds).toSeconds() : (run.state() != DemoScenario.State.IDLE)
						? run.delay().toSeconds() : this.scenario.defaultDelay().toSeconds());
		return "admin/demo";
	}

	@PostMapping("/admin/demo/start")
	String start(Actor actor, @RequestParam(name = "sekunden", required = false) String seconds,
			org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
		checkAdmin(actor);
		Duration delay = delay(seconds);
		this.scenario.start(actor, delay);
		// The field keeps the pause the presenter chose.
		redirect.addAttribute("sekunden", delay.toSeconds());
		return "redirect:/admin/demo";
	}

	@PostMapping("/admin/demo/zuruecksetzen")
	String reset(Actor actor, org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
		checkAdmin(actor);
		DemoScenario.Reset reset = this.scenario.reset(actor);
		redirect.addFlashAttribute("resetText",
				this.texts.msg("demoScenario.resetDone", reset.threads(), reset.applications(), reset.reports()));
		return "redirect:/admin/demo";
	}

	@PostMapping("/admin/demo/stop")
	String stop(Actor actor) {
		checkAdmin(actor);
		this.scenario.stop(actor);
		return "redirect:/admin/demo";
	}

	@GetMapping(path = "/admin/demo/status", produces = "application/json")
	@ResponseBody
	Map<String, Object> status(Actor actor) {
		checkAdmin(actor);
		DemoScenario.Run run = this.scenario.status();
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("state", run.state().name());
		status.put("stateText",
				(run.state() == DemoScenario.State.FAILED)
						? this.texts.msg("demoScenario.state.FAILED", this.texts.msg(run.error()))
						: this.texts.msg("demoScenario.state." + run.state().name()));
		status.put("done", run.done());
		status.put("total", run.total());
		status.put("progressText", this.texts.msg("demoScenario.progress", run.done(), run.total()));
		var round = this.scenario.currentRound();
		String review = (round != null) ? "/berichte/" + round.id().value() + "/zwischenbilanz" : "/berichte";
		Map<String, String> where = Map.of("question", "/", "answer",
				(run.questionUrl() != null) ? run.questionUrl() : "/", "accept", "/", "apply", "/pilot/board", "review",
				"/pilot/board", "select", "/pilot/board", "report", review);
		List<Map<String, Object>> steps = run.steps()
			.stream()
			.map((s) -> Map.<String, Object>of("key", s.get("key"), "text",
					this.texts.msg("demoScenario.step." + s.get("key")), "shows",
					this.texts.msg("demoScenario.shows." + s.get("key")), "where", where.get(s.get("key")), "stateText",
					this.texts.msg(Boolean.TRUE.equals(s.get("done")) ? "demoScenario.step.done"
							: Boolean.TRUE.equals(s.get("next")) ? "demoScenario.step.next"
									: "demoScenario.step.pending"),
					"done", s.get("done"), "next", s.get("next")))
			.toList();
		status.put("steps", steps);
		status.put("run", run.number());
		status.put("questionUrl", run.questionUrl());
		status.put("pilotUrl", run.pilotUrl());
		return status;
	}

	private Duration delay(String seconds) {
		if (seconds == null || seconds.isBlank()) {
			return this.scenario.defaultDelay();
		}
		try {
			long s = Long.parseLong(seconds.strip());
			return Duration.ofSeconds(Math.max(0, Math.min(300, s)));
		}
		catch (NumberFormatException ex) {
			return this.scenario.defaultDelay();
		}
	}

	private static void checkAdmin(Actor actor) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("demoScenario.onlyAdmins");
		}
	}

}
