package de.kommunalpakt.forum.reusemodel.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.LandModel;
import de.kommunalpakt.forum.reusemodel.LegalRoute;
import de.kommunalpakt.forum.reusemodel.ModelFilter;
import de.kommunalpakt.forum.reusemodel.ModelStatus;
import de.kommunalpakt.forum.reusemodel.Payer;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelDiff;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.validation.Problem;
import de.kommunalpakt.forum.web.ErrorStatus;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The comparison of all Länder, the CSV export, a Land's profile, its form and versions.
 */
@Controller
class ReuseModelPageController {

	private final ReuseModelService models;

	private final EfaServiceCatalogue catalogue;

	private final ReuseTexts texts;

	ReuseModelPageController(ReuseModelService models, EfaServiceCatalogue catalogue, ReuseTexts texts) {
		this.models = models;
		this.catalogue = catalogue;
		this.texts = texts;
	}

	@GetMapping("/modelle")
	String compare(Actor actor, @RequestParam(name = "rechtsweg", required = false) String route,
			@RequestParam(name = "zahlt", required = false) String payer,
			@RequestParam(name = "status", required = false) String status, Model model) {
		Filter filter = Filter.parse(route, payer, status);
		List<LandModel> rows = this.models.compare(actor, filter.filter());
		model.addAttribute("rows", rows);
		model.addAttribute("filter", filter);
		model.addAttribute("routes", LegalRoute.values());
		model.addAttribute("payers", Payer.values());
		model.addAttribute("shown", ModelFilter.Shown.values());
		model.addAttribute("services", this.catalogue.byId());
		model.addAttribute("csvQuery", filter.query());
		model.addAttribute("actorLand", (actor.land() != null && ReuseModel.canEdit(actor, actor.land()))
				? actor.land().name().toLowerCase(Locale.ROOT) : null);
		return "reusemodel/compare";
	}

	@GetMapping(path = "/modelle.csv")
	ResponseEntity<byte[]> csv(Actor actor, @RequestParam(name = "rechtsweg", required = false) String route,
			@RequestParam(name = "zahlt", required = false) String payer,
			@RequestParam(name = "status", required = false) String status) {
		List<LandModel> rows = this.models.compare(actor, Filter.parse(route, payer, status).filter());
		byte[] body = ModelCsv.write(rows, this.texts, this.catalogue.byId()).getBytes(StandardCharsets.UTF_8);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename(this.texts.msg("models.csv.filename"), StandardCharsets.UTF_8)
						.build()
						.toString())
			.body(body);
	}

	@GetMapping("/modelle/{land}")
	String profile(Actor actor, @PathVariable String land, Model model) {
		LandCode code = LandPaths.land(land);
		model.addAttribute("land", code);
		model.addAttribute("landSlug", code.name().toLowerCase(Locale.ROOT));
		model.addAttribute("model", this.models.find(actor, code).orElse(null));
		model.addAttribute("canEdit", ReuseModel.canEdit(actor, code));
		model.addAttribute("services", this.catalogue.byId());
		return "reusemodel/profile";
	}

	@GetMapping("/modelle/{land}/bearbeiten")
	String editForm(Actor actor, @PathVariable String land, Model model) {
		LandCode code = LandPaths.land(land);
		checkEditor(actor, code);
		EditReuseModel form = this.models.find(actor, code)
			.map((m) -> EditReuseModel.of(m.profile(), m.version()))
			.orElseGet(EditReuseModel::empty);
		return renderForm(code, form, Map.of(), model);
	}

	@PostMapping("/modelle/{land}/bearbeiten")
	String edit(Actor actor, @PathVariable String land, @RequestParam MultiValueMap<String, String> params, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		LandCode code = LandPaths.land(land);
		checkEditor(actor, code);
		EditReuseModel form = ModelForm.bind(params);
		List<Problem> problems = this.models.check(form);
		if (!problems.isEmpty()) {
			response.setStatus(400);
			return renderForm(code, form, this.texts.problems(problems), model);
		}
		try {
			ReuseModel saved = this.models.save(actor, code, form);
			redirect.addFlashAttribute("notice", this.texts.msg("modelEdit.saved", saved.version()));
			return "redirect:/modelle/" + code.name().toLowerCase(Locale.ROOT);
		}
		catch (ForumException.Invalid | ForumException.Conflict ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			String field = (ex instanceof ForumException.Invalid invalid) ? invalid.field() : "form";
			return renderForm(code, form, Map.of(field, this.texts.msg(ex.code(), ex.args())), model);
		}
	}

	@GetMapping("/modelle/{land}/versionen")
	String versions(Actor actor, @PathVariable String land,
			@RequestParam(name = "version", required = false) Long number, Model model) {
		LandCode code = LandPaths.land(land);
		List<ReuseModelVersion> versions = this.models.versions(actor, code);
		Map<EfaServiceId, EfaService> services = this.catalogue.byId();
		model.addAttribute("land", code);
		model.addAttribute("landSlug", code.name().toLowerCase(Locale.ROOT));
		model.addAttribute("versions", versions);
		long shown = (number != null) ? number : versions.get(0).number();
		ReuseModelService.VersionComparison comparison = this.models.version(actor, code, shown);
		model.addAttribute("comparison", comparison);
		List<DiffRow> rows = new ArrayList<>();
		for (ReuseModelDiff.FieldChange change : comparison.changes()) {
			rows.add(new DiffRow(this.texts.msg("reuse.field." + change.field()),
					this.texts.lines(change.before(), services), this.texts.lines(change.after(), services),
					change.isList() ? change.added().stream().map((v) -> this.texts.single(v, services)).toList()
							: List.of(),
					change.isList() ? change.removed().stream().map((v) -> this.texts.single(v, services)).toList()
							: List.of()));
		}
		model.addAttribute("diff", rows);
		return "reusemodel/versions";
	}

	private String renderForm(LandCode land, EditReuseModel form, Map<String, String> errors, Model model) {
		model.addAttribute("land", land);
		model.addAttribute("landSlug", land.name().toLowerCase(Locale.ROOT));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("routes", LegalRoute.values());
		model.addAttribute("payers", Payer.values());
		model.addAttribute("statuses", ModelStatus.values());
		model.addAttribute("catalogue", this.catalogue.all());
		int rows = Math.min(EditReuseModel.MAX_CONTACTS, Math.max(3, form.contactNames().size() + 1));
		List<Integer> contactRows = new ArrayList<>();
		for (int i = 0; i < rows; i++) {
			contactRows.add(i);
		}
		model.addAttribute("contactRows", contactRows);
		return "reusemodel/edit";
	}

	private static void checkEditor(Actor actor, LandCode land) {
		if (!ReuseModel.canEdit(actor, land)) {
			throw new ForumException.Forbidden("reuseModel.edit.forbidden");
		}
	}

	/**
	 * One changed field as lines of text.
	 *
	 * @param label German field name
	 * @param before value before
	 * @param after value after
	 * @param added list entries added
	 * @param removed list entries removed
	 */
	record DiffRow(String label, List<String> before, List<String> after, List<String> added, List<String> removed) {
	}

	/**
	 * The comparison filter as the page sends it; unknown values are dropped and noted.
	 *
	 * @param route selected route name or empty
	 * @param payer selected payer name or empty
	 * @param status selected status name or empty
	 * @param filter the domain filter
	 * @param invalid whether a value was unknown
	 */
	record Filter(String route, String payer, String status, ModelFilter filter, boolean invalid) {

		static Filter parse(String route, String payer, String status) {
			boolean[] invalid = { false };
			LegalRoute r = parseEnum(LegalRoute.class, route, invalid);
			Payer p = parseEnum(Payer.class, payer, invalid);
			ModelFilter.Shown s = parseEnum(ModelFilter.Shown.class, status, invalid);
			return new Filter((r != null) ? r.name() : "", (p != null) ? p.name() : "", (s != null) ? s.name() : "",
					new ModelFilter(r, p, s), invalid[0]);
		}

		String query() {
			Map<String, String> q = new LinkedHashMap<>();
			q.put("rechtsweg", this.route);
			q.put("zahlt", this.payer);
			q.put("status", this.status);
			StringBuilder s = new StringBuilder();
			q.forEach((k, v) -> {
				if (!v.isEmpty()) {
					s.append(s.isEmpty() ? "?" : "&").append(k).append('=').append(v);
				}
			});
			return s.toString();
		}

		private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, boolean[] invalid) {
			if (value == null || value.isBlank()) {
				return null;
			}
			try {
				return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				invalid[0] = true;
				return null;
			}
		}

	}

}
