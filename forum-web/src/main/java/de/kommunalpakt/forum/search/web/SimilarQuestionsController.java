package de.kommunalpakt.forum.search.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Ähnliche Fragen" as an HTML fragment, loaded by the page after it is shown (so the
 * thread page itself never waits for Elasticsearch): beside a thread ({@code thema}) and
 * while a new question's title is typed ({@code titel}). Only readable spaces; if search
 * is unavailable the fragment is simply empty.
 */
@Controller
class SimilarQuestionsController {

	static final int SIZE = 5;

	private final ThreadSearch search;

	private final SpaceService spaces;

	private final ThreadService threads;

	SimilarQuestionsController(ThreadSearch search, SpaceService spaces, ThreadService threads) {
		this.search = search;
		this.spaces = spaces;
		this.threads = threads;
	}

	@GetMapping("/suche/aehnlich")
	String similar(Actor actor, @RequestParam(name = "thema", required = false) String threadId,
			@RequestParam(name = "titel", required = false) String title, Model model) {
		List<Space> readable = this.spaces.readableBy(actor);
		String text = title;
		String exclude = null;
		if (threadId != null && !threadId.isBlank()) {
			Thread thread = this.threads.get(actor, new ThreadId(threadId.strip()));
			text = thread.title();
			exclude = thread.id().value();
		}
		List<SearchResult.Hit> hits = List.of();
		if (text != null) {
			try {
				hits = this.search.similar(text,
						readable.stream().map((s) -> s.id().value()).collect(Collectors.toSet()), exclude, SIZE);
			}
			catch (ThreadSearch.SearchUnavailableException ex) {
				hits = List.of();
			}
		}
		model.addAttribute("similar", hits);
		model.addAttribute("forTitle", threadId == null);
		Map<String, String> names = readable.stream().collect(Collectors.toMap((s) -> s.id().value(), Space::name));
		model.addAttribute("spaceNames", names);
		return "search/similar :: similar";
	}

}
