package de.kommunalpakt.forum.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.StoreRefusals;

/**
 * Errors of the REST API as problem details in German. Framework errors (malformed JSON,
 * wrong media type, bad parameters) get their German texts from
 * {@code i18n/api.properties} via Spring's {@code problemDetail.*} message codes.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrorAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrorAdvice.class);

	private final ProblemResponses problems;

	private final StoreRefusals refusals;

	ApiErrorAdvice(ProblemResponses problems, StoreRefusals refusals) {
		this.problems = problems;
		this.refusals = refusals;
	}

	@ExceptionHandler(ForumException.class)
	ResponseEntity<ProblemDetail> refused(ForumException ex, HttpServletRequest request) {
		HttpStatus status = ErrorStatus.of(ex);
		ProblemDetail problem = this.problems.problem(status, ex.code(), ex.args());
		if (ex instanceof ForumException.Invalid invalid) {
			problem.setProperty("errors", Map.of(invalid.field(), this.problems.message(ex.code(), ex.args())));
		}
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		if (ex instanceof ForumException.Throttled throttled) {
			return ResponseEntity.status(status)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()))
				.body(problem);
		}
		return ResponseEntity.status(status).body(problem);
	}

	/** The firewall checks parameter names lazily, when the binding reads them. */
	@ExceptionHandler(org.springframework.security.web.firewall.RequestRejectedException.class)
	ResponseEntity<ProblemDetail> rejected(HttpServletRequest request) {
		ProblemDetail problem = this.problems.problem(HttpStatus.BAD_REQUEST, "error.badRequest");
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (RequestBodyLimit.isTooLarge(ex)) {
			// A chunked body that grew past the limit while it was read.
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.header(HttpHeaders.CONNECTION, "close")
				.body(this.problems.problem(HttpStatus.CONTENT_TOO_LARGE, "error.status.413"));
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		Optional<StoreRefusals.Refusal> refusal = this.refusals.classify(ex);
		if (refusal.isPresent()) {
			log.warn("Database refused {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
			ProblemDetail problem = this.problems.problem(HttpStatus.SERVICE_UNAVAILABLE,
					StoreRefusalMessages.code(refusal.get()));
			problem.setInstance(java.net.URI.create(request.getRequestURI()));
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, StoreRefusalMessages.RETRY_AFTER_SECONDS)
				.body(problem);
		}
		log.error("Unexpected error on {}", request.getRequestURI(), ex);
		ProblemDetail problem = this.problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "error.internal");
		return ResponseEntity.internalServerError().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = this.problems.problem(HttpStatus.BAD_REQUEST, "error.validation");
		Map<String, String> errors = new LinkedHashMap<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach((e) -> errors.putIfAbsent(e.getField(),
					this.problems.message("validation." + e.getCode(), e.getArguments())));
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

}
