package de.kommunalpakt.forum.moderation.web;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.moderation.ReportReason;
import de.kommunalpakt.forum.ratelimit.RateLimits;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.web.ErrorStatus;
import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriUtils;

/**
 * The moderation pages: report a post ({@code /beitraege/{id}/melden}), the review queue
 * ({@code /moderation/meldungen}), the moderation of one post, the author's own deletion,
 * and suspending a member from their profile.
 */
@Controller
class ModerationPageController {

	private final ModerationService moderation;

	private final ThreadService threads;

	private final ModerationState state;

	private final ProblemResponses messages;

	private final RateLimits limits;

	ModerationPageController(ModerationService moderation, ThreadService threads, ModerationState state,
			ProblemResponses messages, RateLimits limits) {
		this.moderation = moderation;
		this.threads = threads;
		this.state = state;
		this.messages = messages;
		this.limits = limits;
	}

	@GetMapping("/beitraege/{postId}/melden")
	String reportForm(Actor actor, @PathVariable String postId, Model model) {
		return renderReport(actor, postId, null, "", model);
	}

	@PostMapping("/beitraege/{postId}/melden")
	String report(Actor actor, @PathVariable String postId,
			@RequestParam(name = "grund", required = false) String reason,
			@RequestParam(name = "hinweis", defaultValue = "") String note, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		try {
			this.limits.take(RateLimits.Action.REPORT, actor, request.getRemoteAddr());
			this.moderation.report(actor, postId, parseReason(reason), note);
			this.state.changed();
			model.addAttribute("done", true);
			return renderReport(actor, postId, reason, "", model);
		}
		catch (ForumException.Invalid | ForumException.Conflict | ForumException.Throttled ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			if (ex instanceof ForumException.Throttled throttled) {
				response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
			}
			model.addAttribute("formError", this.messages.message(ex.code(), ex.args()));
			return renderReport(actor, postId, reason, note, model);
		}
	}

	@GetMapping("/moderation/meldungen")
	String queue(Actor actor, Model model) {
		model.addAttribute("items", this.moderation.queue(actor));
		return "moderation/queue";
	}

	@GetMapping("/beitraege/{postId}/moderation")
	String post(Actor actor, @PathVariable String postId, Model model) {
		model.addAttribute("item", this.moderation.item(actor, postId));
		return "moderation/post";
	}

	@PostMapping("/beitraege/{postId}/moderation")
	String decide(Actor actor, @PathVariable String postId, @RequestParam("aktion") String action,
			@RequestParam(name = "begruendung", defaultValue = "") String reason,
			@RequestParam(name = "zurueck", defaultValue = "") String back, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		try {
			switch (action) {
				case "ausblenden" -> this.moderation.hide(actor, postId, reason);
				case "wiederherstellen" -> this.moderation.restore(actor, postId, reason);
				case "loeschen" -> this.moderation.delete(actor, postId, reason);
				case "verwerfen" -> this.moderation.dismiss(actor, postId, reason);
				default -> throw new ForumException.Invalid("aktion", "moderation.action.unknown");
			}
		}
		catch (ForumException.Invalid | ForumException.Conflict ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			model.addAttribute("item", this.moderation.item(actor, postId));
			model.addAttribute("formError", this.messages.message(ex.code(), ex.args()));
			model.addAttribute("reason", reason);
			return "moderation/post";
		}
		this.state.changed();
		redirect.addFlashAttribute("notice", "moderation.done." + action);
		return "queue".equals(back) ? "redirect:/moderation/meldungen" : "redirect:/beitraege/" + segment(postId);
	}

	@GetMapping("/beitraege/{postId}/loeschen")
	String deleteOwnForm(Actor actor, @PathVariable String postId, Model model) {
		Post post = this.threads.post(actor, postId);
		if (!post.isWrittenBy(actor)) {
			throw new ForumException.Forbidden("post.delete.forbidden");
		}
		model.addAttribute("post", post);
		model.addAttribute("thread", this.threads.get(actor, post.id().thread()));
		return "moderation/delete";
	}

	@PostMapping("/beitraege/{postId}/loeschen")
	String deleteOwn(Actor actor, @PathVariable String postId) {
		this.moderation.deleteOwn(actor, postId);
		return "redirect:/beitraege/" + segment(postId);
	}

	@PostMapping("/mitglieder/{username}/sperre")
	String suspend(Actor actor, @PathVariable String username,
			@RequestParam(name = "tage", defaultValue = "0") String days,
			@RequestParam(name = "begruendung", defaultValue = "") String reason, RedirectAttributes redirect) {
		int count;
		try {
			count = Integer.parseInt(days.strip());
		}
		catch (NumberFormatException ex) {
			count = 0;
		}
		try {
			this.moderation.suspend(actor, username, count, reason);
			redirect.addFlashAttribute("notice", "suspension.done");
		}
		catch (ForumException.Invalid | ForumException.Conflict ex) {
			redirect.addFlashAttribute("suspensionError", this.messages.message(ex.code(), ex.args()));
		}
		this.state.changed();
		return "redirect:/mitglieder/" + segment(username);
	}

	@PostMapping("/mitglieder/{username}/sperre/aufheben")
	String lift(Actor actor, @PathVariable String username,
			@RequestParam(name = "begruendung", defaultValue = "") String reason, RedirectAttributes redirect) {
		this.moderation.lift(actor, username, reason);
		this.state.changed();
		redirect.addFlashAttribute("notice", "suspension.lifted");
		return "redirect:/mitglieder/" + segment(username);
	}

	private String renderReport(Actor actor, String postId, String reason, String note, Model model) {
		Post post = this.threads.post(actor, postId);
		model.addAttribute("post", post);
		model.addAttribute("thread", this.threads.get(actor, post.id().thread()));
		model.addAttribute("reasons", Arrays.asList(ReportReason.values()));
		model.addAttribute("chosen", reason);
		model.addAttribute("note", note);
		return "moderation/report";
	}

	/**
	 * A path segment as typed, encoded: a redirect never carries a URI template or a
	 * second path from the address bar.
	 */
	private static String segment(String value) {
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

	static ReportReason parseReason(String value) {
		if (value == null || value.isBlank()) {
			throw new ForumException.Invalid("reason", "postReport.reason.required");
		}
		try {
			return ReportReason.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("reason", "postReport.reason.required");
		}
	}

}
