package de.kommunalpakt.forum.mail.web;

import java.util.Locale;

import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administrators' outbox: every mail the forum composed, as the recipient sees it
 * (text and HTML), with its state; failed ones with the relay's last answer; filtered by
 * state and address.
 */
@Controller
class MailOutboxPageController {

	static final int PAGE_SIZE = 50;

	private final MailOutbox outbox;

	MailOutboxPageController(MailOutbox outbox) {
		this.outbox = outbox;
	}

	/**
	 * The mails, newest first, {@link #PAGE_SIZE} a page, filtered by state
	 * ({@code stand}, a {@link OutgoingMail.Status} name) and by address ({@code an}, a
	 * part of it): a failed mail is found among a morning's 10,000 digests.
	 */
	@GetMapping("/admin/postausgang")
	String list(Actor actor, @RequestParam(name = "stand", defaultValue = "") String status,
			@RequestParam(name = "an", defaultValue = "") String to,
			@RequestParam(name = "seite", defaultValue = "1") String page, Model model) {
		checkAdmin(actor);
		OutgoingMail.Status state = status(status);
		if (to.length() > 200) {
			throw new ForumException.Invalid("an", "outbox.filter.tooLong");
		}
		model.addAttribute("mails", this.outbox.find(state, to.strip(), page(page) - 1, PAGE_SIZE));
		model.addAttribute("filter", new Filter(status.strip(), to.strip()));
		model.addAttribute("statuses", OutgoingMail.Status.values());
		model.addAttribute("failed", this.outbox.count(OutgoingMail.Status.FAILED));
		model.addAttribute("pending", this.outbox.count(OutgoingMail.Status.PENDING));
		return "admin/outbox";
	}

	private static OutgoingMail.Status status(String value) {
		if (value.isBlank()) {
			return null;
		}
		try {
			return OutgoingMail.Status.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("stand", "outbox.filter.status");
		}
	}

	private static int page(String value) {
		try {
			int page = Integer.parseInt(value.strip());
			if (page >= 1 && page <= 100_000) {
				return page;
			}
		}
		catch (NumberFormatException ex) {
			// below
		}
		throw new ForumException.Invalid("seite", "outbox.filter.page");
	}

	/**
	 * The filter as entered, for the form and the page links.
	 *
	 * @param stand the state's name, or empty
	 * @param an a part of the address, or empty
	 */
	record Filter(String stand, String an) {
	}

	@GetMapping("/admin/postausgang/{id}")
	String mail(Actor actor, @PathVariable String id, Model model) {
		checkAdmin(actor);
		model.addAttribute("mail", find(id));
		return "admin/outbox-mail";
	}

	/** The HTML part on its own, as a mail program shows it. */
	@GetMapping("/admin/postausgang/{id}/html")
	ResponseEntity<String> html(Actor actor, @PathVariable String id) {
		checkAdmin(actor);
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.body(find(id).html());
	}

	private OutgoingMail find(String id) {
		return this.outbox.find(id).orElseThrow(() -> new ForumException.NotFound("outbox.notFound"));
	}

	private static void checkAdmin(Actor actor) {
		if (!actor.isAdmin()) {
			throw new ForumException.Forbidden("outbox.onlyAdmins");
		}
	}

}
