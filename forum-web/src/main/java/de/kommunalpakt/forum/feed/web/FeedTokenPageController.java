package de.kommunalpakt.forum.feed.web;

import de.kommunalpakt.forum.feed.FeedTokens;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.space.SpaceService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member's feed token: make one (shown once, with the feed addresses), make a new
 * one, or revoke it.
 */
@Controller
class FeedTokenPageController {

	private final FeedTokens tokens;

	private final SpaceService spaces;

	FeedTokenPageController(FeedTokens tokens, SpaceService spaces) {
		this.tokens = tokens;
		this.spaces = spaces;
	}

	@GetMapping("/benachrichtigungen/feeds")
	String page(Actor actor, Model model) {
		model.addAttribute("hasToken", this.tokens.has(actor.id()));
		model.addAttribute("spaces", this.spaces.readableBy(actor));
		model.addAttribute("feedBase",
				org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
					.toUriString());
		return "feed/tokens";
	}

	@PostMapping("/benachrichtigungen/feeds/neu")
	String renew(Actor actor, RedirectAttributes redirect) {
		redirect.addFlashAttribute("newToken", this.tokens.renew(actor.id()));
		return "redirect:/benachrichtigungen/feeds";
	}

	@PostMapping("/benachrichtigungen/feeds/widerrufen")
	String revoke(Actor actor, RedirectAttributes redirect) {
		this.tokens.revoke(actor.id());
		redirect.addFlashAttribute("notice", "feeds.revoked");
		return "redirect:/benachrichtigungen/feeds";
	}

}
