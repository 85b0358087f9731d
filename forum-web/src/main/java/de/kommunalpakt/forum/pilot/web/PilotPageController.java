package de.kommunalpakt.forum.pilot.web;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.pilot.PilotApplication;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.PilotStatus;
import de.kommunalpakt.forum.pilot.SubmitPilotApplication;
import de.kommunalpakt.forum.reusemodel.web.ReuseTexts;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.web.ErrorStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** First Movers: overview, the municipality's form, the KSpV's board, one application. */
@Controller
class PilotPageController {

	private final PilotService pilots;

	private final ReuseTexts texts;

	PilotPageController(PilotService pilots, ReuseTexts texts) {
		this.pilots = pilots;
		this.texts = texts;
	}

	@GetMapping("/pilot")
	String overview(Actor actor, Model model) {
		model.addAttribute("overview", this.pilots.overview());
		model.addAttribute("applications", this.pilots.visibleTo(actor));
		model.addAttribute("canApply", actor.organisationKind() == OrganisationKind.KOMMUNE);
		model.addAttribute("canReview", PilotApplication.canReview(actor));
		return "pilot/overview";
	}

	@GetMapping("/pilot/neu")
	String form(Actor actor, Model model) {
		checkKommune(actor);
		return renderForm(actor, new SubmitPilotApplication(null, "", "", actor.displayName(), "", ""), Map.of(), null,
				model);
	}

	@PostMapping("/pilot/neu")
	String submit(Actor actor, @RequestParam MultiValueMap<String, String> params, Model model,
			HttpServletResponse response) {
		checkKommune(actor);
		SubmitPilotApplication input = new SubmitPilotApplication(params.getFirst("subject"),
				params.getFirst("reasons"), params.getFirst("resources"), params.getFirst("contactName"),
				params.getFirst("contactEmail"), params.getFirst("contactPhone"));
		var problems = input.check().problems();
		if (!problems.isEmpty()) {
			response.setStatus(400);
			return renderForm(actor, input, this.texts.problems(problems.all()), null, model);
		}
		try {
			PilotApplication saved = this.pilots.submit(actor, input);
			return "redirect:/pilot/" + saved.id();
		}
		catch (ForumException.Invalid | ForumException.Conflict ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			String field = (ex instanceof ForumException.Invalid invalid) ? invalid.field() : "form";
			String existing = "pilot.duplicate".equals(ex.code()) ? existingId(actor, input) : null;
			return renderForm(actor, input, Map.of(field, this.texts.msg(ex.code(), ex.args())), existing, model);
		}
	}

	@GetMapping("/pilot/board")
	String board(Actor actor, Model model) {
		List<PilotApplication> all = this.pilots.board(actor);
		Map<PilotStatus, List<PilotApplication>> columns = new EnumMap<>(PilotStatus.class);
		for (PilotStatus status : PilotStatus.values()) {
			columns.put(status, all.stream().filter((a) -> a.status() == status).toList());
		}
		model.addAttribute("columns", columns);
		return "pilot/board";
	}

	@GetMapping("/pilot/{id}")
	String detail(Actor actor, @PathVariable String id, Model model) {
		return renderDetail(actor, this.pilots.get(actor, id), null, model);
	}

	@PostMapping("/pilot/{id}/status")
	String move(Actor actor, @PathVariable String id, @RequestParam MultiValueMap<String, String> params, Model model,
			HttpServletResponse response) {
		try {
			this.pilots.move(actor, id, params.getFirst("status"), params.getFirst("note"),
					version(params.getFirst("version")));
			return "redirect:" + ("board".equals(params.getFirst("back")) ? "/pilot/board" : "/pilot/" + id);
		}
		catch (ForumException.Invalid | ForumException.Conflict ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			return renderDetail(actor, this.pilots.get(actor, id), this.texts.msg(ex.code(), ex.args()), model);
		}
	}

	private String renderDetail(Actor actor, PilotApplication application, String error, Model model) {
		model.addAttribute("pilotApplication", application);
		model.addAttribute("canReview", PilotApplication.canReview(actor));
		model.addAttribute("error", error);
		return "pilot/detail";
	}

	private String renderForm(Actor actor, SubmitPilotApplication input, Map<String, String> errors, String existing,
			Model model) {
		Map<String, String> subjects = this.pilots.subjectsFor(actor.land());
		Map<String, String> models = new LinkedHashMap<>();
		Map<String, String> services = new LinkedHashMap<>();
		subjects.forEach((k, v) -> (k.startsWith("modell-") ? models : services).put(k, v));
		model.addAttribute("models", models);
		model.addAttribute("services", services);
		model.addAttribute("form", input);
		model.addAttribute("errors", errors);
		model.addAttribute("existing", existing);
		return "pilot/new";
	}

	private static String existingId(Actor actor, SubmitPilotApplication input) {
		return de.kommunalpakt.forum.pilot.PilotSubject.parse(input.subject())
			.map((s) -> PilotApplication.idOf(actor.organisation(), s))
			.orElse(null);
	}

	private static void checkKommune(Actor actor) {
		if (actor.organisationKind() != OrganisationKind.KOMMUNE) {
			throw new ForumException.Forbidden("pilot.submit.forbidden");
		}
	}

	private static Long version(String raw) {
		if (raw == null || raw.isBlank() || raw.length() > 18) {
			return null;
		}
		try {
			return Long.valueOf(raw.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
