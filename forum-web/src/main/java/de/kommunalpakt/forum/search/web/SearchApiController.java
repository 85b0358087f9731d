package de.kommunalpakt.forum.search.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import de.kommunalpakt.forum.web.ProblemResponses;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.SpaceService;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Search as JSON. A REST controller of its own, so its refusals are problem details like
 * the rest of the API: with Elasticsearch down the answer is 503, never the HTML error
 * page.
 */
@RestController
@Tag(name = "Suche")
class SearchApiController {

	private final TimedSearch search;

	static final String RETRY_AFTER_SECONDS = "30";

	private final SpaceService spaces;

	private final ProblemResponses problems;

	SearchApiController(TimedSearch search, SpaceService spaces, ProblemResponses problems) {
		this.search = search;
		this.spaces = spaces;
		this.problems = problems;
	}

	@GetMapping(path = "/api/v1/search", produces = "application/json")
	@Operation(summary = "Volltextsuche über lesbare Themen; 503, wenn die Suche nicht erreichbar ist")
	SearchResult search(Actor actor, @RequestParam(name = "q", defaultValue = "") String q,
			@RequestParam(required = false) String space, @RequestParam(required = false) String type,
			@RequestParam(required = false) String state, @RequestParam(required = false) String land,
			@RequestParam(required = false) String tag, @RequestParam(required = false) String organisationKind,
			@RequestParam(required = false) String period, @RequestParam(defaultValue = "relevance") String sort,
			@RequestParam(defaultValue = "0") int page) {
		return this.search.search(SearchPageController
			.request(this.spaces.readableBy(actor), q, space, type, state, land, tag,
					"newest".equals(sort) ? "neueste" : "relevanz", page + 1)
			.withExtra(SearchPageController.upper(organisationKind), SearchPageController.blank(period)));
	}

	/**
	 * Elasticsearch down: 503 with Retry-After as a problem detail (handled here, so the
	 * shared web package need not know the search module).
	 */
	@ExceptionHandler(ThreadSearch.SearchUnavailableException.class)
	ResponseEntity<ProblemDetail> unavailable(HttpServletRequest request) {
		ProblemDetail problem = this.problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "search.unavailable.api");
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
			.body(problem);
	}

}
