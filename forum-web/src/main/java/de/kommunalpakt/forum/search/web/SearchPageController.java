package de.kommunalpakt.forum.search.web;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceService;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SearchPageController {

	static final int PAGE_SIZE = 10;

	private final TimedSearch search;

	private final SpaceService spaces;

	SearchPageController(TimedSearch search, SpaceService spaces) {
		this.search = search;
		this.spaces = spaces;
	}

	@GetMapping("/suche")
	String page(Actor actor, @RequestParam(name = "q", defaultValue = "") String q,
			@RequestParam(name = "bereich", required = false) String space,
			@RequestParam(name = "typ", required = false) String type,
			@RequestParam(name = "status", required = false) String state,
			@RequestParam(name = "land", required = false) String land,
			@RequestParam(name = "schlagwort", required = false) String tag,
			@RequestParam(name = "organisation", required = false) String organisationKind,
			@RequestParam(name = "zeitraum", required = false) String period,
			@RequestParam(name = "sortierung", defaultValue = "relevanz") String sort,
			@RequestParam(name = "seite", defaultValue = "1") int page, Model model, HttpServletResponse response) {
		var readable = this.spaces.readableBy(actor);
		model.addAttribute("q", q);
		Map<String, String> filters = new java.util.LinkedHashMap<>();
		filters.put("bereich", blank(space));
		filters.put("typ", blank(type));
		filters.put("status", blank(state));
		filters.put("land", blank(land));
		filters.put("schlagwort", blank(tag));
		filters.put("organisation", blank(organisationKind));
		filters.put("zeitraum", blank(period));
		model.addAttribute("filters", filters);
		model.addAttribute("sort", sort);
		model.addAttribute("facetParams", Map.of("space", "bereich", "type", "typ", "state", "status", "lands", "land",
				"tags", "schlagwort", "authorOrganisationKind", "organisation", "period", "zeitraum"));
		model.addAttribute("spaceNames",
				readable.stream().collect(Collectors.toMap((s) -> s.id().value(), Space::name)));
		boolean anyFilter = space != null || type != null || state != null || land != null || tag != null
				|| organisationKind != null || period != null;
		if (q.isBlank() && !anyFilter) {
			return "search/search";
		}
		try {
			SearchResult result = this.search.search(request(readable, q, space, type, state, land, tag, sort, page)
				.withExtra(upper(organisationKind), blank(period)));
			model.addAttribute("result", result);
			model.addAttribute("page", Math.max(0, page - 1));
			model.addAttribute("pageCount", Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE));
		}
		catch (ThreadSearch.SearchUnavailableException ex) {
			response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
			model.addAttribute("unavailable", true);
		}
		return "search/search";
	}

	static SearchRequest request(java.util.List<Space> readable, String q, String space, String type, String state,
			String land, String tag, String sort, int page) {
		Set<String> ids = readable.stream().map((s) -> s.id().value()).collect(Collectors.toSet());
		return new SearchRequest(q, ids, blank(space), upper(type), upper(state), upper(land),
				(tag != null) ? tag.strip().toLowerCase(java.util.Locale.GERMAN) : null, "neueste".equals(sort),
				Math.max(0, page - 1), PAGE_SIZE);
	}

	static String blank(String value) {
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

	static String upper(String value) {
		return (value != null && !value.isBlank()) ? value.strip().toUpperCase(java.util.Locale.ROOT) : null;
	}

}
