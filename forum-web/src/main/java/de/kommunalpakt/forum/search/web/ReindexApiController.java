package de.kommunalpakt.forum.search.web;

import java.io.IOException;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import de.kommunalpakt.forum.web.ProblemResponses;
import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.search.index.SearchIndexer;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rebuilds the thread index from MongoDB into a new index and switches the alias when it
 * is complete, so search keeps answering from the old index meanwhile; posts written
 * during the rebuild are carried into the new index before the switch
 * ({@link SearchIndexer#rebuild()}). Administrators only.
 */
@RestController
class ReindexApiController {

	private final SearchIndexer indexer;

	private final ProblemResponses problems;

	private final AuditTrail audit;

	ReindexApiController(SearchIndexer indexer, ProblemResponses problems, AuditTrail audit) {
		this.indexer = indexer;
		this.problems = problems;
		this.audit = audit;
	}

	@PostMapping(path = "/api/v1/admin/reindex", produces = "application/json")
	@Operation(summary = "Suchindex aus MongoDB neu aufbauen (nur Administration)")
	Map<String, Object> reindex(Actor actor) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("auth.forbidden");
		}
		long started = System.nanoTime();
		try {
			long threads = this.indexer.rebuild();
			this.audit.record(actor, AuditAction.SEARCH_REINDEXED, new AuditTrail.Target("index", "threads", ""), null,
					"", threads + " Themen", "");
			return Map.of("threads", threads, "seconds", (System.nanoTime() - started) / 1e9);
		}
		catch (IOException | RuntimeException ex) {
			throw new ThreadSearch.SearchUnavailableException(ex);
		}
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
			.header(HttpHeaders.RETRY_AFTER, SearchApiController.RETRY_AFTER_SECONDS)
			.body(problem);
	}

}
