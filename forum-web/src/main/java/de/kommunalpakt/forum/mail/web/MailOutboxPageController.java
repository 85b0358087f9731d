package de.kommunalpakt.forum.mail.web;

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

/**
 * The administrators' outbox: every mail the forum composed, as the recipient sees it
 * (text and HTML), with its state; failed ones with the relay's last answer.
 */
@Controller
class MailOutboxPageController {

	private static final int SHOWN = 200;

	private final MailOutbox outbox;

	MailOutboxPageController(MailOutbox outbox) {
		this.outbox = outbox;
	}

	@GetMapping("/admin/postausgang")
	String list(Actor actor, Model model) {
		checkAdmin(actor);
		model.addAttribute("mails", this.outbox.recent(SHOWN));
		model.addAttribute("shown", SHOWN);
		model.addAttribute("failed", this.outbox.count(OutgoingMail.Status.FAILED));
		model.addAttribute("pending", this.outbox.count(OutgoingMail.Status.PENDING));
		return "admin/outbox";
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
