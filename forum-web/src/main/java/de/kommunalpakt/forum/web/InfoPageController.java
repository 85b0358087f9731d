package de.kommunalpakt.forum.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Pages without data: accessibility statement, imprint, privacy, signed out. */
@Controller
class InfoPageController {

	@GetMapping("/barrierefreiheit")
	String accessibility() {
		return "info/barrierefreiheit";
	}

	@GetMapping("/impressum")
	String imprint() {
		return "info/impressum";
	}

	@GetMapping("/datenschutz")
	String privacy() {
		return "info/datenschutz";
	}

	@GetMapping("/abgemeldet")
	String signedOut(@RequestParam(name = "grund", required = false) String reason, Model model) {
		model.addAttribute("organisationMissing", "organisation".equals(reason));
		model.addAttribute("accountDeleted", "konto-geloescht".equals(reason));
		return "info/abgemeldet";
	}

}
