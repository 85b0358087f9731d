package de.kommunalpakt.forum.web;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Every error that reaches the container (an unknown address, a body over the limit, a
 * request the firewall rejects, an exception no advice handled) ends here instead of
 * Tomcat's English page: a German problem detail for addresses under /api, the German
 * error page with the usual header everywhere else. Replaces Spring Boot's
 * {@code BasicErrorController}, whose JSON is no problem detail.
 */
@Controller
class ForumErrorController implements ErrorController {

	/**
	 * The page for requests Tomcat refuses itself, fetched once at start by
	 * {@link ContainerErrors}.
	 */
	static final String BAD_REQUEST_PAGE = "/error/ungueltig";

	private final ProblemResponses problems;

	ForumErrorController(ProblemResponses problems) {
		this.problems = problems;
	}

	@RequestMapping("/error")
	ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = status(request);
		String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String code = code(status, request);
		if (uri != null && (uri.equals("/api") || uri.startsWith("/api/"))) {
			this.problems.write(request, response, status, code, uri);
			return null;
		}
		response.setStatus(status.value());
		ModelAndView page = new ModelAndView("error");
		page.setStatus(status);
		page.addObject("status", status.value());
		page.addObject("errorTitle", this.problems.message("problem.title." + status.value()));
		page.addObject("errorMessage", this.problems.message(code));
		return page;
	}

	@RequestMapping(BAD_REQUEST_PAGE)
	ModelAndView badRequest(HttpServletResponse response) {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		ModelAndView page = new ModelAndView("error");
		page.setStatus(HttpStatus.BAD_REQUEST);
		page.addObject("status", 400);
		page.addObject("errorTitle", this.problems.message("problem.title.400"));
		page.addObject("errorMessage", this.problems.message("error.container"));
		return page;
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private String code(HttpStatus status, HttpServletRequest request) {
		if (request.getAttribute(RequestBodyLimit.ERROR_CODE) instanceof String code) {
			return code;
		}
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (failure instanceof Throwable t && RequestBodyLimit.isTooLarge(t)) {
			return "error.status.413";
		}
		String code = "error.status." + status.value();
		return this.problems.hasMessage(code) ? code
				: (status.is4xxClientError() ? "error.badRequest" : "error.internal");
	}

}
