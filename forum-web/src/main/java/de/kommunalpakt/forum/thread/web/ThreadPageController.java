package de.kommunalpakt.forum.thread.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.Tags;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.ThreadPage;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import de.kommunalpakt.forum.thread.web.ThreadForms.EditForm;
import de.kommunalpakt.forum.thread.web.ThreadForms.NewThreadForm;
import de.kommunalpakt.forum.thread.web.ThreadForms.ReplyForm;
import de.kommunalpakt.forum.web.ErrorStatus;
import de.kommunalpakt.forum.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;

import de.kommunalpakt.forum.ratelimit.RateLimits;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

@Controller
class ThreadPageController {

	private final ThreadService threads;

	private final SpaceService spaces;

	private final MarkdownRenderer renderer;

	private final ProblemResponses messages;

	private final PostCards cards;

	private final RateLimits limits;

	ThreadPageController(ThreadService threads, SpaceService spaces, MarkdownRenderer renderer,
			ProblemResponses messages, PostCards cards, RateLimits limits) {
		this.limits = limits;
		this.threads = threads;
		this.spaces = spaces;
		this.renderer = renderer;
		this.messages = messages;
		this.cards = cards;
	}

	@GetMapping({ "/t/{threadId}", "/t/{threadId}/{slug}" })
	String thread(Actor actor, @PathVariable String threadId,
			@RequestParam(name = "seite", defaultValue = "1") int page, Model model) {
		return render(actor, threadId, page - 1, ReplyForm.empty(), model);
	}

	@PostMapping("/t/{threadId}/antworten")
	String reply(Actor actor, @PathVariable String threadId, @ModelAttribute ReplyForm form, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			this.limits.take(RateLimits.Action.POST, actor, request.getRemoteAddr());
			PostId post = this.threads.reply(actor,
					new ThreadCommands.Reply(threadId, form.text(), form.zitat(), form.token()));
			return redirectTo(post);
		}
		catch (ForumException.Invalid | ForumException.Conflict | ForumException.Throttled ex) {
			// Show the thread again with the text as written and the reason next to the
			// form.
			response.setStatus(ErrorStatus.of(ex).value());
			retryAfter(ex, response);
			ThreadPage current = this.threads.open(actor, threadId, Integer.MAX_VALUE);
			model.addAttribute("formError", this.messages.message(ex.code(), ex.args()));
			boolean keepToken = ex instanceof ForumException.Conflict && "form.submitting".equals(ex.code());
			return render(actor, threadId, current.page(),
					new ReplyForm(form.text(), form.zitat(), keepToken ? form.token() : ThreadForms.newToken()), model);
		}
	}

	@PostMapping(path = "/vorschau", produces = MediaType.TEXT_HTML_VALUE)
	@ResponseBody
	String preview(Actor actor, @RequestParam(name = "text", defaultValue = "") String text, HttpServletRequest request,
			HttpServletResponse response) {
		try {
			// Taken here, not in the interceptor: the preview box shows the hint, not an
			// error page inside the form.
			this.limits.take(RateLimits.Action.PREVIEW, actor, request.getRemoteAddr());
			Markdown markdown = Markdown.of(text);
			String html = this.renderer.render(markdown).html();
			if (this.renderer.dropsContent(markdown)) {
				html = "<p class=\"kern-alert kern-alert--warning preview-dropped\" role=\"status\">"
						+ org.springframework.web.util.HtmlUtils.htmlEscape(this.messages.message("preview.dropped"))
						+ "</p>" + html;
			}
			return html;
		}
		catch (ForumException.Invalid | ForumException.Throttled ex) {
			if (ex instanceof ForumException.Throttled) {
				response.setStatus(ErrorStatus.of(ex).value());
				retryAfter(ex, response);
			}
			return "<p class=\"preview-hint\">"
					+ org.springframework.web.util.HtmlUtils.htmlEscape(this.messages.message(ex.code(), ex.args()))
					+ "</p>";
		}
	}

	/**
	 * A post's address: on to its page of the thread, with what the request before left
	 * to show there (a moderation's "Der Beitrag ist ausgeblendet." would otherwise end
	 * with this redirect).
	 */
	@GetMapping("/beitraege/{postId}")
	String post(Actor actor, @PathVariable String postId, HttpServletRequest request, RedirectAttributes redirect) {
		Map<String, ?> shown = RequestContextUtils.getInputFlashMap(request);
		if (shown != null) {
			shown.forEach(redirect::addFlashAttribute);
		}
		return redirectTo(this.threads.post(actor, postId).id());
	}

	/**
	 * A post's Markdown source, for quoting it in a reply: fetched when "Zitieren" is
	 * clicked instead of sent with every post of every page.
	 */
	@GetMapping(path = "/beitraege/{postId}/markdown", produces = "text/markdown;charset=UTF-8")
	@ResponseBody
	String markdown(Actor actor, @PathVariable String postId) {
		return this.threads.post(actor, postId).markdown().source();
	}

	@PostMapping("/beitraege/{postId}/hilfreich")
	String helpful(Actor actor, @PathVariable String postId,
			@RequestParam(name = "wert", defaultValue = "true") boolean value) {
		return redirectTo(this.threads.setHelpful(actor, postId, value).id());
	}

	@PostMapping("/beitraege/{postId}/akzeptieren")
	String accept(Actor actor, @PathVariable String postId) {
		this.threads.acceptAnswer(actor, postId);
		return redirectTo(PostId.parse(postId));
	}

	@PostMapping("/t/{threadId}/akzeptanz-aufheben")
	String unaccept(Actor actor, @PathVariable String threadId) {
		this.threads.unacceptAnswer(actor, threadId);
		return "redirect:/t/" + threadId;
	}

	@PostMapping("/t/{threadId}/moderation")
	String moderate(Actor actor, @PathVariable String threadId, @RequestParam("aktion") String action,
			@RequestParam(name = "ziel", required = false) String target) {
		ModerationAction move;
		try {
			move = ModerationAction.valueOf(action.toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("aktion", "thread.moderation.unknown");
		}
		this.threads.moderate(actor, threadId, move, target);
		return "redirect:/t/" + threadId;
	}

	@GetMapping("/beitraege/{postId}/bearbeiten")
	String editForm(Actor actor, @PathVariable String postId, Model model) {
		Post post = this.threads.post(actor, postId);
		if (!post.isWrittenBy(actor) && !actor.isModerator()) {
			throw new ForumException.Forbidden("post.edit.forbidden");
		}
		model.addAttribute("post", post);
		model.addAttribute("thread", this.threads.get(actor, post.id().thread()));
		model.addAttribute("form", new EditForm(post.markdown().source(), post.revision()));
		return "thread/edit";
	}

	@PostMapping("/beitraege/{postId}/bearbeiten")
	String edit(Actor actor, @PathVariable String postId, @ModelAttribute EditForm form, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		try {
			this.limits.take(RateLimits.Action.POST, actor, request.getRemoteAddr());
			Post post = this.threads.edit(actor, new ThreadCommands.EditPost(postId, form.text(), form.revision()));
			return redirectTo(post.id());
		}
		catch (ForumException.Invalid | ForumException.Conflict | ForumException.Throttled ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			retryAfter(ex, response);
			Post post = this.threads.post(actor, postId);
			model.addAttribute("post", post);
			model.addAttribute("thread", this.threads.get(actor, post.id().thread()));
			model.addAttribute("form", form);
			model.addAttribute("formError", this.messages.message(ex.code(), ex.args()));
			return "thread/edit";
		}
	}

	@GetMapping("/beitraege/{postId}/verlauf")
	String history(Actor actor, @PathVariable String postId, Model model) {
		Post post = this.threads.post(actor, postId);
		model.addAttribute("post", post);
		model.addAttribute("thread", this.threads.get(actor, post.id().thread()));
		model.addAttribute("revisions",
				this.threads.history(actor, postId)
					.stream()
					.map((r) -> Map.of("revision", r, "html", this.renderer.render(r.markdown()).html()))
					.toList()
					.reversed());
		return "thread/history";
	}

	@GetMapping("/bereiche/{spaceId}/neu")
	String newThreadForm(Actor actor, @PathVariable String spaceId, Model model) {
		return renderNew(actor, this.spaces.get(actor, spaceId), NewThreadForm.empty(), model);
	}

	@PostMapping("/bereiche/{spaceId}/neu")
	String newThread(Actor actor, @PathVariable String spaceId, @ModelAttribute NewThreadForm form, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		Space space = this.spaces.get(actor, spaceId);
		// Every field is checked before anything is written, so all mistakes show at
		// once.
		Map<String, String> errors = new LinkedHashMap<>();
		ThreadType type = check(errors, () -> parseType(form.typ()));
		check(errors, () -> de.kommunalpakt.forum.thread.Thread.checkNewTitle(form.titel()));
		check(errors, () -> Markdown.of(form.text()));
		Set<String> tags = check(errors, () -> Tags.parse(form.schlagworte()));
		Set<LandCode> lands = check(errors,
				() -> form.laender()
					.stream()
					.map((code) -> LandCode.parse(code)
						.orElseThrow(() -> new ForumException.Invalid("laender", "thread.land.invalid")))
					.collect(Collectors.toSet()));
		try {
			if (!errors.isEmpty()) {
				throw new ForumException.Invalid("form", "error.validation");
			}
			this.limits.take(RateLimits.Action.THREAD, actor, request.getRemoteAddr());
			PostId post = this.threads.start(actor, new ThreadCommands.StartThread(space.id().value(), type,
					form.titel(), form.text(), tags, lands, form.token()));
			return "redirect:/t/" + post.thread().value();
		}
		catch (ForumException.Invalid | ForumException.Conflict | ForumException.Forbidden
				| ForumException.Throttled ex) {
			response.setStatus(ErrorStatus.of(ex).value());
			retryAfter(ex, response);
			if (errors.isEmpty()) {
				String field = (ex instanceof ForumException.Invalid invalid) ? invalid.field() : "form";
				errors.put(fieldName(field), this.messages.message(ex.code(), ex.args()));
			}
			model.addAttribute("fieldErrors", errors);
			return renderNew(actor, space, new NewThreadForm(form.typ(), form.titel(), form.text(), form.schlagworte(),
					form.laender(), ThreadForms.newToken()), model);
		}
	}

	private static void retryAfter(ForumException ex, HttpServletResponse response) {
		if (ex instanceof ForumException.Throttled throttled) {
			response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
		}
	}

	/** Runs one field's check; a refusal is noted under the form's field name. */
	private <T> T check(Map<String, String> errors, java.util.function.Supplier<T> field) {
		try {
			return field.get();
		}
		catch (ForumException.Invalid ex) {
			errors.putIfAbsent(fieldName(ex.field()), this.messages.message(ex.code(), ex.args()));
			return null;
		}
	}

	private String renderNew(Actor actor, Space space, NewThreadForm form, Model model) {
		model.addAttribute("space", space);
		model.addAttribute("form", form);
		Map<String, String> types = new LinkedHashMap<>();
		for (ThreadType type : ThreadType.values()) {
			if (type != ThreadType.ANNOUNCEMENT || actor.isStateLevel()) {
				types.put(type.name(), this.messages.message("thread.type." + type.name()));
			}
		}
		model.addAttribute("types", types);
		model.addAttribute("laender", LandCode.values());
		if (!model.containsAttribute("fieldErrors")) {
			model.addAttribute("fieldErrors", Map.of());
		}
		return "thread/new";
	}

	private String render(Actor actor, String threadId, int page, ReplyForm form, Model model) {
		ThreadPage view = this.threads.open(actor, threadId, page);
		boolean canAccept = view.thread().type() == ThreadType.QUESTION
				&& (view.thread().isStartedBy(actor) || actor.isModerator());
		model.addAttribute("view", view);
		model.addAttribute("thread", view.thread());
		model.addAttribute("space", view.space());
		model.addAttribute("postCards", this.cards.render(view, actor, canAccept, actor.isModerator()));
		model.addAttribute("replyForm", form);
		model.addAttribute("canModerate", actor.isModerator());
		model.addAttribute("canAccept", canAccept);
		// Second skip link: straight into the reply editor, past header and posts.
		model.addAttribute("skipToReply", view.thread().state().acceptsReplies() ? "#reply-text" : "#antwort");
		model.addAttribute("moveTargets", actor.isModerator()
				? this.spaces.readableBy(actor).stream().filter((s) -> !s.id().equals(view.space().id())).toList()
				: java.util.List.of());
		view.thread().acceptedAnswerId().ifPresent((accepted) -> {
			if (accepted.page() != view.page()) {
				model.addAttribute("acceptedPost", this.threads.post(actor, accepted.toString()));
			}
		});
		return "thread/thread";
	}

	private static ThreadType parseType(String type) {
		try {
			return ThreadType.valueOf(String.valueOf(type).toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("type", "thread.type.required");
		}
	}

	private static String fieldName(String field) {
		return switch (field) {
			case "title" -> "titel";
			case "markdown" -> "text";
			case "tags" -> "schlagworte";
			case "type" -> "typ";
			default -> field;
		};
	}

	static String redirectTo(PostId post) {
		return "redirect:/t/" + post.thread().value() + "?seite=" + (post.page() + 1) + "#" + post.anchor();
	}

}
