package de.kommunalpakt.forum.faq.web;

import java.util.Locale;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Answered questions by topic and Land. */
@Controller
class FaqPageController {

	private final FaqCatalogue faq;

	FaqPageController(FaqCatalogue faq) {
		this.faq = faq;
	}

	@GetMapping("/faq")
	String faq(Actor actor, @RequestParam(name = "land", required = false) String land,
			@RequestParam(name = "thema", required = false) String tag, Model model) {
		LandCode code = (land != null && land.length() <= 5) ? LandCode.parse(land).orElse(null) : null;
		String topic = (tag != null && !tag.isBlank() && tag.length() <= 30) ? tag.strip().toLowerCase(Locale.GERMAN)
				: null;
		model.addAttribute("faq", this.faq.build(actor, code, topic));
		model.addAttribute("selectedLand", (code != null) ? code.name() : "");
		model.addAttribute("selectedTag", (topic != null) ? topic : "");
		return "faq/faq";
	}

}
