package de.kommunalpakt.forum.security;

import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The German page for a login that cannot happen now: the identity provider does not
 * answer, or it failed while completing the login.
 */
@Controller
class LoginUnavailableController {

	private final ProblemResponses problems;

	LoginUnavailableController(ProblemResponses problems) {
		this.problems = problems;
	}

	@GetMapping(IdentityProviderGuard.UNAVAILABLE_PAGE)
	ModelAndView unavailable() {
		ModelAndView page = new ModelAndView("error", HttpStatus.SERVICE_UNAVAILABLE);
		page.addObject("status", 503);
		page.addObject("errorTitle", this.problems.message("auth.unavailable.title"));
		page.addObject("errorMessage", this.problems.message("auth.unavailable"));
		return page;
	}

}
