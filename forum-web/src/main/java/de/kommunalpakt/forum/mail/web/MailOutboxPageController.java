package de.kommunalpakt.forum.mail.web;

import java.time.Duration;

import java.util.Locale;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditTrail;
import de.kommunalpakt.forum.mail.MailComposer;
import de.kommunalpakt.forum.mail.MailDispatcher;
import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.MailProperties;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.validation.Problems;
import de.kommunalpakt.forum.web.ErrorStatus;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The administrators' outbox: every mail the forum composed, as the recipient sees it
 * (text and HTML), with its state; failed ones with the relay's last answer; filtered by
 * state and address. Mails that failed for good can be sent again, one or all of a filter
 * (after the relay's configuration was mended, or a full mailbox emptied).
 */
@Controller
class MailOutboxPageController {

	static final int PAGE_SIZE = 50;

	private final MailOutbox outbox;

	private final MailDispatcher dispatcher;

	private final AuditTrail audit;

	private final de.kommunalpakt.forum.web.ProblemResponses messages;

	private final MailProperties properties;

	private final MailComposer composer;

	private final MailSettingsRepository settings;

	MailOutboxPageController(MailOutbox outbox, MailDispatcher dispatcher, AuditTrail audit,
			de.kommunalpakt.forum.web.ProblemResponses messages, MailProperties properties, MailComposer composer,
			MailSettingsRepository settings) {
		this.properties = properties;
		this.composer = composer;
		this.settings = settings;
		this.outbox = outbox;
		this.dispatcher = dispatcher;
		this.audit = audit;
		this.messages = messages;
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
		checkAddressFilter(to);
		model.addAttribute("mails", this.outbox.find(state, to.strip(), page(page) - 1, PAGE_SIZE));
		model.addAttribute("filter", new Filter(status.strip(), to.strip()));
		model.addAttribute("statuses", OutgoingMail.Status.values());
		model.addAttribute("failed", this.outbox.count(OutgoingMail.Status.FAILED));
		model.addAttribute("pending", this.outbox.count(OutgoingMail.Status.PENDING));
		MailOutbox.Postponed postponed = this.outbox.countPostponed();
		model.addAttribute("postponed", postponed.total());
		if (postponed.total() > 0) {
			// Why they wait, then what the dispatcher does meanwhile, from the
			// configuration in use.
			String cause = (postponed.login() > 0) ? "outbox.relayLogin.cause"
					: (postponed.relay() > 0) ? "outbox.relayDenied.cause"
							: (postponed.tls() > 0) ? "outbox.relayTls.cause" : "outbox.relayDown.cause";
			String why = this.messages.message(cause, postponed.total());
			Duration first = this.properties.probeWait(1);
			Duration last = this.properties.probeWait(Integer.MAX_VALUE);
			model.addAttribute("relayDown",
					why + " "
							+ (first.equals(last)
									? this.messages.message("outbox.relayDown.even", this.properties.connections(),
											every(first))
									: this.messages.message("outbox.relayDown", this.properties.connections(),
											every(first), every(last))));
		}
		// The page says it in detail: no banner in the header too.
		model.addAttribute("outboxPage", true);
		model.addAttribute("testTo", this.settings.findOrDefault(actor.id().value()).email());
		return "admin/outbox";
	}

	/**
	 * "alle 30 Sekunden", "jede Minute", "alle 2 Stunden": a whole unit, else seconds.
	 */
	private String every(Duration wait) {
		long seconds = wait.toSeconds();
		if (seconds >= 3600 && seconds % 3600 == 0) {
			return this.messages.message("outbox.every.hours", seconds / 3600);
		}
		if (seconds >= 60 && seconds % 60 == 0) {
			return this.messages.message("outbox.every.minutes", seconds / 60);
		}
		return this.messages.message("outbox.every.seconds", Math.max(1, seconds));
	}

	/**
	 * The address filter ({@code an}) is a part of an address, at most 200 characters.
	 */
	private static void checkAddressFilter(String to) {
		if (to.length() > 200) {
			throw new ForumException.Invalid("an", "outbox.filter.tooLong");
		}
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

	/**
	 * Sends a mail that failed for good again, with all its tries (checked again before
	 * it goes out, as every mail); recorded in the audit log. Any other mail: 409 and the
	 * mail's page with the reason.
	 */
	@PostMapping("/admin/postausgang/{id}/erneut-senden")
	String resend(Actor actor, @PathVariable String id, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		checkAdmin(actor);
		OutgoingMail mail = find(id);
		try {
			if (mail.status() != OutgoingMail.Status.FAILED) {
				throw new ForumException.Conflict("outbox.resend.notFailed");
			}
			// Without the address and the relay's answer (which often names the address):
			// the audit log outlives the account by up to two years. Noted before the
			// write, so that a crash between the two loses neither.
			AuditEntry entry = this.audit.entry(actor, AuditAction.MAIL_RESENT,
					new AuditTrail.Target("mail", id, mail.subject()), null,
					this.messages.message("outbox.status.FAILED"), this.messages.message("outbox.status.PENDING"), "");
			this.audit.decide(entry, null, this.outbox.resendEvidence(id, entry.at()), () -> {
				if (!this.dispatcher.resend(id)) {
					throw new ForumException.Conflict("outbox.resend.notFailed");
				}
				return null;
			});
		}
		catch (ForumException.Conflict conflict) {
			response.setStatus(ErrorStatus.of(conflict).value());
			model.addAttribute("mail", find(id));
			model.addAttribute("formError", this.messages.message(conflict.code()));
			return "admin/outbox-mail";
		}
		redirect.addFlashAttribute("notice", "outbox.resent");
		return "redirect:" + UriComponentsBuilder.fromPath("/admin/postausgang/{id}").buildAndExpand(id).encode();
	}

	/**
	 * Sends every mail that failed for good to an address containing {@code an} (empty:
	 * all) again; recorded in the audit log, then the waiting mails of that filter.
	 */
	@PostMapping("/admin/postausgang/erneut-senden")
	String resendFailed(Actor actor, @RequestParam(name = "an", defaultValue = "") String to,
			RedirectAttributes redirect) {
		checkAdmin(actor);
		checkAddressFilter(to);
		long again = this.dispatcher.resendFailed(to.strip());
		if (again > 0) {
			this.audit.record(actor, AuditAction.MAIL_RESENT,
					new AuditTrail.Target("mail", "",
							this.messages.message("outbox.resentAll.target", again, to.isBlank() ? 0 : 1)),
					null, this.messages.message("outbox.status.FAILED"), this.messages.message("outbox.status.PENDING"),
					"");
		}
		redirect.addFlashAttribute("notice", "outbox.resentAll");
		redirect.addFlashAttribute("noticeCount", again);
		UriComponentsBuilder back = UriComponentsBuilder.fromPath("/admin/postausgang")
			.queryParam("stand", (again > 0) ? "PENDING" : "FAILED");
		if (!to.isBlank()) {
			back.queryParam("an", "{an}");
		}
		return "redirect:" + back.buildAndExpand(to.strip()).encode();
	}

	/**
	 * Sends a test mail to {@code an} (checks the relay's configuration): into the outbox
	 * and offered to the dispatcher at once, recorded in the audit log; then the mail's
	 * page, which shows whether the relay took it. An address that is none: 400 with the
	 * German reason, nothing added.
	 */
	@PostMapping("/admin/postausgang/testmail")
	String testMail(Actor actor, @RequestParam(name = "an", defaultValue = "") String to, RedirectAttributes redirect) {
		checkAdmin(actor);
		String address = to.strip();
		if (!isAddress(address)) {
			throw new ForumException.Invalid("an", "outbox.test.invalid");
		}
		OutgoingMail mail = this.composer.testMail(address, actor.displayName());
		this.outbox.add(mail);
		this.dispatcher.offer(java.util.List.of(mail.id()));
		// Without the address, as for mails sent again.
		this.audit.record(actor, AuditAction.MAIL_TEST, new AuditTrail.Target("mail", mail.id(), mail.subject()), null,
				"", this.messages.message("outbox.status.PENDING"), "");
		redirect.addFlashAttribute("notice", "outbox.test.sent");
		return "redirect:"
				+ UriComponentsBuilder.fromPath("/admin/postausgang/{id}").buildAndExpand(mail.id()).encode();
	}

	/**
	 * One address in the forum's sense ({@link Problems#isEmail}), at most 254
	 * characters, that Jakarta Mail can send to (RFC 5322, parsed strictly: no brackets,
	 * no list).
	 */
	static boolean isAddress(String address) {
		if (address.length() > 254 || !Problems.isEmail(address)) {
			return false;
		}
		try {
			new jakarta.mail.internet.InternetAddress(address, true).validate();
			return true;
		}
		catch (jakarta.mail.internet.AddressException ex) {
			return false;
		}
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
