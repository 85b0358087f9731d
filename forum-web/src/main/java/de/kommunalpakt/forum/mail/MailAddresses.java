package de.kommunalpakt.forum.mail;

import de.kommunalpakt.forum.security.MemberSignedIn;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Keeps each member's address for mail as the identity provider gives it at login. */
@Component
class MailAddresses {

	private final MailSettingsRepository settings;

	MailAddresses(MailSettingsRepository settings) {
		this.settings = settings;
	}

	@EventListener
	void signedIn(MemberSignedIn login) {
		this.settings.recordAddress(login.member().value(), login.email());
	}

}
