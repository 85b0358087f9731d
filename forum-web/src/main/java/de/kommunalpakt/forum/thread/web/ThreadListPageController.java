package de.kommunalpakt.forum.thread.web;

import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadState;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class ThreadListPageController {

	static final int PAGE_SIZE = 20;

	private final SpaceService spaces;

	private final ThreadService threads;

	private final ThreadRepository threadRepository;

	ThreadListPageController(SpaceService spaces, ThreadService threads, ThreadRepository threadRepository) {
		this.spaces = spaces;
		this.threads = threads;
		this.threadRepository = threadRepository;
	}

	@GetMapping("/")
	String start(Actor actor, Model model) {
		var readable = this.spaces.readableBy(actor);
		Map<SpaceId, Long> counts = this.threadRepository.countBySpace();
		model.addAttribute("spaces", readable);
		model.addAttribute("threadCounts", counts);
		model.addAttribute("spaceNames", names(readable));
		var openQuestions = this.threads
			.list(actor,
					ThreadQuery.in(java.util.Set.of())
						.withType(ThreadType.QUESTION)
						.withState(ThreadState.OPEN)
						.sortedBy(ThreadQuery.Sort.CREATED),
					0, 8)
			.items();
		// The two lists show different threads: an open question is listed once, under
		// "Offene Fragen".
		java.util.Set<String> shown = openQuestions.stream()
			.map((t) -> t.id().value())
			.collect(java.util.stream.Collectors.toSet());
		model.addAttribute("latest", this.threads
			.list(actor, ThreadQuery.in(java.util.Set.of()).sortedBy(ThreadQuery.Sort.ACTIVITY), 0, 10 + shown.size())
			.items()
			.stream()
			.filter((t) -> !shown.contains(t.id().value()))
			.limit(10)
			.toList());
		model.addAttribute("openQuestions", openQuestions);
		return "start";
	}

	@GetMapping("/bereiche")
	String spaces() {
		return "redirect:/";
	}

	/** "Frage stellen" on the start page: the chosen space's form for a new thread. */
	@GetMapping("/neu")
	String ask(Actor actor, @RequestParam(name = "bereich", defaultValue = "") String spaceId) {
		Space space = this.spaces.get(actor, spaceId.strip());
		return "redirect:/bereiche/" + space.id().value() + "/neu";
	}

	@GetMapping("/bereiche/{spaceId}")
	String space(Actor actor, @PathVariable String spaceId, @RequestParam(name = "typ", required = false) String type,
			@RequestParam(name = "status", required = false) String state,
			@RequestParam(name = "land", required = false) String land,
			@RequestParam(name = "schlagwort", required = false) String tag,
			@RequestParam(name = "seite", defaultValue = "1") int page, Model model) {
		Space space = this.spaces.get(actor, spaceId);
		ThreadQuery query = ThreadQuery.in(java.util.Set.of(space.id()))
			.withType(parse(ThreadType.class, type))
			.withState(parse(ThreadState.class, state))
			.withLand(LandCode.parse(land).orElse(null))
			.withTag((tag != null && !tag.isBlank()) ? tag.strip().toLowerCase(java.util.Locale.GERMAN) : null);
		var result = this.threads.list(actor, query, Math.max(0, page - 1), PAGE_SIZE);
		model.addAttribute("space", space);
		model.addAttribute("threads", result);
		model.addAttribute("filter", new Filter(type, state, land, tag));
		model.addAttribute("types", ThreadType.values());
		model.addAttribute("states", ThreadState.values());
		return "space";
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("filter", "filter.invalid");
		}
	}

	static Map<SpaceId, String> names(java.util.List<Space> spaces) {
		Map<SpaceId, String> names = new java.util.HashMap<>();
		spaces.forEach((s) -> names.put(s.id(), s.name()));
		return names;
	}

	/**
	 * The filter values as entered, to refill the form.
	 *
	 * @param typ thread type
	 * @param status state
	 * @param land Land code
	 * @param schlagwort tag
	 */
	record Filter(String typ, String status, String land, String schlagwort) {
	}

}
