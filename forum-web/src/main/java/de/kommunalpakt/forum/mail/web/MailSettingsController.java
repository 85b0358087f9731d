package de.kommunalpakt.forum.mail.web;

import java.time.DayOfWeek;

import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A member's mail settings: the form on {@code /benachrichtigungen/einstellungen} (the
 * API is {@link MailSettingsApiController}).
 */
@Controller
class MailSettingsController {

	private final MailSettingsRepository settings;

	MailSettingsController(MailSettingsRepository settings) {
		this.settings = settings;
	}

	@PostMapping("/benachrichtigungen/mail")
	String save(Actor actor, @RequestParam(name = "eigene", defaultValue = "") String own,
			@RequestParam(name = "beobachtet", defaultValue = "") String watched,
			@RequestParam(name = "stunde", defaultValue = "") String hour,
			@RequestParam(name = "tag", defaultValue = "") String day, RedirectAttributes redirect) {
		save(this.settings, actor, new Command(own, watched, hour, day));
		redirect.addFlashAttribute("notice", "mailSettings.saved");
		return "redirect:/benachrichtigungen/einstellungen";
	}

	/**
	 * Mail to the member was paused after delivery reports: the member resumes it (the
	 * mailbox was full, or a filter of their administration refused the forum's mails).
	 */
	@PostMapping("/benachrichtigungen/mail/fortsetzen")
	String resume(Actor actor, RedirectAttributes redirect) {
		this.settings.resume(actor.id().value());
		redirect.addFlashAttribute("notice", "mailSettings.resumed");
		return "redirect:/benachrichtigungen/einstellungen";
	}

	/**
	 * Applies the non-blank fields to the member's settings; a wrong value is refused in
	 * German.
	 */
	static MailSettings save(MailSettingsRepository settings, Actor actor, Command command) {
		// Every field checked before anything is written; then only the fields given.
		MailSettings.Delivery own = delivery("eigene", command.own(), null);
		MailSettings.Delivery watched = delivery("beobachtet", command.watched(), null);
		Integer hour = blank(command.hour()) ? null : hour(command.hour(), 0);
		DayOfWeek day = day(command.day(), null);
		settings.change(actor.id().value(), own, watched, hour, day);
		return settings.findOrDefault(actor.id().value());
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	private static Delivery delivery(String field, String value, Delivery current) {
		if (value == null || value.isBlank()) {
			return current;
		}
		try {
			return Delivery.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid(field, "mailSettings.delivery.invalid");
		}
	}

	private static int hour(String value, int current) {
		if (value == null || value.isBlank()) {
			return current;
		}
		try {
			int hour = Integer.parseInt(value.strip());
			if (hour >= 0 && hour <= 23) {
				return hour;
			}
		}
		catch (NumberFormatException ex) {
			// Answered below.
		}
		throw new ForumException.Invalid("stunde", "mailSettings.hour.invalid");
	}

	private static DayOfWeek day(String value, DayOfWeek current) {
		if (value == null || value.isBlank()) {
			return current;
		}
		try {
			return DayOfWeek.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("tag", "mailSettings.day.invalid");
		}
	}

	/** The form or API fields, unparsed; blank keeps the current value. */
	record Command(String own, String watched, String hour, String day) {

	}

}
