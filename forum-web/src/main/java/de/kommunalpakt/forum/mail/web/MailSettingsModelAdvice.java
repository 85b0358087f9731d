package de.kommunalpakt.forum.mail.web;

import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.member.Actor;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives the notification settings page its mail section (the page belongs to the
 * notifications; mail adds to it without the notifications knowing of mail).
 */
@ControllerAdvice(basePackages = "de.kommunalpakt.forum.notification.web")
class MailSettingsModelAdvice {

	static final String PAGE = "/benachrichtigungen/einstellungen";

	private final MailSettingsRepository settings;

	MailSettingsModelAdvice(MailSettingsRepository settings) {
		this.settings = settings;
	}

	@ModelAttribute("mailSettings")
	MailSettings mailSettings(HttpServletRequest request, Actor actor) {
		if (!PAGE.equals(request.getRequestURI())) {
			return null;
		}
		return this.settings.findOrDefault(actor.id().value());
	}

}
