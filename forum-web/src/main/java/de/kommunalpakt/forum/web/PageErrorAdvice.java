package de.kommunalpakt.forum.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.StoreRefusals;

/** Errors on pages: a German error page with the right status, never a stack trace. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageErrorAdvice {

	private static final Logger log = LoggerFactory.getLogger(PageErrorAdvice.class);

	private final ProblemResponses problems;

	private final StoreRefusals refusals;

	PageErrorAdvice(ProblemResponses problems, StoreRefusals refusals) {
		this.problems = problems;
		this.refusals = refusals;
	}

	@ExceptionHandler(ForumException.class)
	ModelAndView refused(ForumException ex, HttpServletResponse response) {
		if (ex instanceof ForumException.Throttled throttled) {
			response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
		}
		return page(ErrorStatus.of(ex), ex.code(), ex.args(), response);
	}

	@ExceptionHandler({ TypeMismatchException.class, MissingServletRequestParameterException.class,
			org.springframework.validation.BindException.class,
			// The firewall checks parameter names lazily, when the binding reads them.
			org.springframework.security.web.firewall.RequestRejectedException.class,
			org.springframework.web.bind.MethodArgumentNotValidException.class, HttpMessageNotReadableException.class,
			HandlerMethodValidationException.class, MaxUploadSizeExceededException.class,
			IllegalArgumentException.class })
	ModelAndView badRequest(Exception ex, HttpServletResponse response) {
		return page(HttpStatus.BAD_REQUEST, "error.badRequest", new Object[0], response);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ModelAndView methodNotAllowed(HttpServletResponse response) {
		return page(HttpStatus.METHOD_NOT_ALLOWED, "error.methodNotAllowed", new Object[0], response);
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ModelAndView notFound(HttpServletResponse response) {
		return page(HttpStatus.NOT_FOUND, "error.notFound", new Object[0], response);
	}

	@ExceptionHandler(Exception.class)
	ModelAndView unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response) {
		var refusal = this.refusals.classify(ex);
		if (refusal.isPresent()) {
			log.warn("Database refused {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
			response.setHeader("Retry-After", StoreRefusalMessages.RETRY_AFTER_SECONDS);
			return page(HttpStatus.SERVICE_UNAVAILABLE, StoreRefusalMessages.code(refusal.get()), new Object[0],
					response);
		}
		log.error("Unexpected error on {}", request.getRequestURI(), ex);
		return page(HttpStatus.INTERNAL_SERVER_ERROR, "error.internal", new Object[0], response);
	}

	private ModelAndView page(HttpStatus status, String code, Object[] args, HttpServletResponse response) {
		response.setStatus(status.value());
		ModelAndView page = new ModelAndView("error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("errorTitle", this.problems.message("problem.title." + status.value()));
		page.addObject("errorMessage", this.problems.message(code, args));
		return page;
	}

}
