package de.kommunalpakt.forum.mail.web;

import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.mail.MailTokens;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * One-click unsubscribe from a mail, without a login (RFC 8058): the signed link names
 * member and kind of mail. Opening it shows a button (link scanners of mail servers open
 * every link and must not unsubscribe anyone); a POST, the button's or the mail program's
 * ({@code List-Unsubscribe=One-Click}), unsubscribes.
 */
@Controller
class UnsubscribeController {

	/**
	 * Where the links point; open to everyone and without CSRF token
	 * (SecurityConfiguration).
	 */
	static final String PATH = "/mail/abbestellen/";

	private final MailTokens tokens;

	private final MailSettingsRepository settings;

	private final MemberErasures erasures;

	UnsubscribeController(MailTokens tokens, MailSettingsRepository settings, MemberErasures erasures) {
		this.tokens = tokens;
		this.settings = settings;
		this.erasures = erasures;
	}

	@GetMapping(PATH + "{token}")
	String confirm(@PathVariable String token, Model model) {
		model.addAttribute("category", category(token).name());
		model.addAttribute("token", token);
		model.addAttribute("done", false);
		return "mail/unsubscribe";
	}

	@PostMapping(PATH + "{token}")
	String unsubscribe(@PathVariable String token, Model model) {
		MailTokens.Signed signed = signed(token);
		Category category = Category.valueOf(signed.value());
		// A deleted account gets no mail anyway; its settings are gone and stay gone.
		if (!this.erasures.isErased(new MemberId(signed.memberId()))) {
			this.settings.change(signed.memberId(), (category == Category.OWN) ? MailSettings.Delivery.NEVER : null,
					(category == Category.WATCHED) ? MailSettings.Delivery.NEVER : null, null, null);
		}
		model.addAttribute("category", category.name());
		model.addAttribute("token", token);
		model.addAttribute("done", true);
		return "mail/unsubscribe";
	}

	private Category category(String token) {
		return Category.valueOf(signed(token).value());
	}

	private MailTokens.Signed signed(String token) {
		return this.tokens.verify("unsubscribe", token)
			.filter((s) -> s.value().equals(Category.OWN.name()) || s.value().equals(Category.WATCHED.name()))
			.orElseThrow(() -> new ForumException.NotFound("unsubscribe.invalid"));
	}

}
