package de.kommunalpakt.forum.thread.api;

import io.swagger.v3.oas.annotations.Hidden;

import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading any other address below /api answers 404 as a problem detail, like every API
 * error. Only GET: for other methods a known path must keep its own answer (415, 405).
 */
@RestController
@Hidden
class UnknownApiPathController {

	@GetMapping("/api/**")
	void unknown() {
		throw new ForumException.NotFound("api.notFound");
	}

}
