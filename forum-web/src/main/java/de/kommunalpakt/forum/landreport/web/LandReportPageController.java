package de.kommunalpakt.forum.landreport.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.landreport.BoardEntry;
import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.InterimReview;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.OpenReportingRound;
import de.kommunalpakt.forum.landreport.ReportStatus;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.web.LandPaths;
import de.kommunalpakt.forum.reusemodel.web.ReuseTexts;
import de.kommunalpakt.forum.shared.ForumException;
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

/** Rounds, status board, a Land's report and the Zwischenbilanz. */
@Controller
class LandReportPageController {

	private final LandReportService reports;

	private final InterimReviewDocuments documents;

	private final ReuseTexts texts;

	private final java.time.Clock clock;

	LandReportPageController(LandReportService reports, InterimReviewDocuments documents, ReuseTexts texts,
			java.time.Clock clock) {
		this.reports = reports;
		this.documents = documents;
		this.texts = texts;
		this.clock = clock;
	}

	@GetMapping("/berichte")
	String rounds(Actor actor, Model model) {
		return renderRounds(actor, new OpenReportingRound("", "", "", ""), Map.of(), model);
	}

	@PostMapping("/berichte")
	String open(Actor actor, @RequestParam MultiValueMap<String, String> params, Model model,
			HttpServletResponse response) {
		if (!ReportingRound.canOpen(actor)) {
			throw new ForumException.Forbidden("reportRound.open.forbidden");
		}
		OpenReportingRound input = new OpenReportingRound(params.getFirst("title"), params.getFirst("slug"),
				params.getFirst("sessionDate"), params.getFirst("deadline"));
		var problems = input.problems();
		if (!problems.isEmpty()) {
			response.setStatus(400);
			return renderRounds(actor, input, this.texts.problems(problems.all()), model);
		}
		try {
			return "redirect:/berichte/" + this.reports.open(actor, input).id().value();
		}
		catch (ForumException.Invalid ex) {
			response.setStatus(400);
			return renderRounds(actor, input, Map.of(ex.field(), this.texts.msg(ex.code(), ex.args())), model);
		}
	}

	@GetMapping("/berichte/{roundId}")
	String round(Actor actor, @PathVariable String roundId, Model model) {
		ReportingRound round = this.reports.round(roundId);
		model.addAttribute("round", round);
		model.addAttribute("board", this.reports.board(actor, round));
		model.addAttribute("pastDeadline", round.isPastDeadline(this.clock.instant()));
		model.addAttribute("ownLand",
				(actor.land() != null && LandReport.canWrite(actor, actor.land())) ? actor.land().name() : null);
		return "landreport/round";
	}

	@GetMapping("/berichte/{roundId}/{land}")
	String report(Actor actor, @PathVariable String roundId, @PathVariable String land, Model model) {
		ReportingRound round = this.reports.round(roundId);
		LandCode code = LandPaths.land(land);
		Optional<LandReport> report = this.reports.report(actor, round, code);
		EditLandReport form = report.map(EditLandReport::of).orElseGet(EditLandReport::empty);
		return renderReport(actor, round, code, report.orElse(null), form, Map.of(), model);
	}

	@PostMapping("/berichte/{roundId}/{land}")
	String save(Actor actor, @PathVariable String roundId, @PathVariable String land,
			@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		ReportingRound round = this.reports.round(roundId);
		LandCode code = LandPaths.land(land);
		if (!LandReport.canWrite(actor, code)) {
			throw new ForumException.Forbidden("landReport.write.forbidden");
		}
		boolean submit = "einreichen".equals(params.getFirst("action"));
		EditLandReport edit = new EditLandReport(params.getFirst("measuresTaken"), params.getFirst("measuresPlanned"),
				params.getFirst("obstacles"), params.getFirst("supportNeeded"), version(params.getFirst("version")));
		var problems = edit.check(submit).problems();
		if (!problems.isEmpty()) {
			response.setStatus(400);
			return renderReport(actor, round, code, this.reports.report(actor, round, code).orElse(null), edit,
					this.texts.problems(problems.all()), model);
		}
		try {
			LandReport saved = this.reports.save(actor, round, code, edit, submit);
			if (saved.status() == ReportStatus.DRAFT) {
				redirect.addFlashAttribute("notice", this.texts.msg("report.saved"));
			}
			return "redirect:/berichte/" + round.id().value() + "/" + code.name().toLowerCase(java.util.Locale.ROOT);
		}
		catch (ForumException.Invalid | ForumException.Conflict ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			String field = (ex instanceof ForumException.Invalid invalid) ? invalid.field() : "form";
			return renderReport(actor, round, code, this.reports.report(actor, round, code).orElse(null), edit,
					Map.of(field, this.texts.msg(ex.code(), ex.args())), model);
		}
	}

	@PostMapping("/berichte/{roundId}/{land}/zurueckgeben")
	String reopen(Actor actor, @PathVariable String roundId, @PathVariable String land) {
		ReportingRound round = this.reports.round(roundId);
		LandCode code = LandPaths.land(land);
		this.reports.reopen(actor, round, code);
		return "redirect:/berichte/" + round.id().value() + "/" + code.name().toLowerCase(java.util.Locale.ROOT);
	}

	@GetMapping("/berichte/{roundId}/zwischenbilanz")
	String review(Actor actor, @PathVariable String roundId, Model model) {
		InterimReview review = this.reports.interimReview(this.reports.round(roundId));
		model.addAttribute("review", review);
		model.addAttribute("missingText", this.documents.missing(review.missing()));
		return "landreport/review";
	}

	@GetMapping("/berichte/{roundId}/zwischenbilanz.md")
	ResponseEntity<byte[]> reviewMarkdown(Actor actor, @PathVariable String roundId) {
		InterimReview review = this.reports.interimReview(this.reports.round(roundId));
		return download(this.documents.markdown(review).getBytes(StandardCharsets.UTF_8),
				new MediaType("text", "markdown", StandardCharsets.UTF_8),
				this.texts.msg("review.md.filename", review.round().id().value()));
	}

	@GetMapping("/berichte/{roundId}/zwischenbilanz.pdf")
	ResponseEntity<byte[]> reviewPdf(Actor actor, @PathVariable String roundId) {
		InterimReview review = this.reports.interimReview(this.reports.round(roundId));
		return download(this.documents.pdf(review), MediaType.APPLICATION_PDF,
				this.texts.msg("review.pdf.filename", review.round().id().value()));
	}

	private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String filename) {
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename(filename, StandardCharsets.UTF_8).build().toString())
			.body(body);
	}

	private String renderRounds(Actor actor, OpenReportingRound form, Map<String, String> errors, Model model) {
		var rounds = this.reports.rounds();
		Map<String, Long> submitted = new java.util.HashMap<>();
		for (ReportingRound r : rounds) {
			submitted.put(r.id().value(),
					this.reports.board(actor, r)
						.stream()
						.filter((e) -> e.state() == BoardEntry.State.SUBMITTED || e.state() == BoardEntry.State.LATE)
						.count());
		}
		model.addAttribute("rounds", rounds);
		model.addAttribute("submitted", submitted);
		model.addAttribute("canOpen", ReportingRound.canOpen(actor));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "landreport/rounds";
	}

	private String renderReport(Actor actor, ReportingRound round, LandCode land, LandReport report,
			EditLandReport form, Map<String, String> errors, Model model) {
		Instant now = this.clock.instant();
		boolean canWrite = LandReport.canWrite(actor, land);
		model.addAttribute("round", round);
		model.addAttribute("land", land);
		model.addAttribute("landSlug", land.name().toLowerCase(java.util.Locale.ROOT));
		model.addAttribute("report", report);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("editable", canWrite && (report == null || report.status() == ReportStatus.DRAFT));
		model.addAttribute("pastDeadline", round.isPastDeadline(now));
		model.addAttribute("canReopen",
				actor.isModerator() && report != null && report.status() == ReportStatus.SUBMITTED);
		return "landreport/report";
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
