package de.kommunalpakt.forum.notification.web;

import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.security.CurrentActor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The unread counter in the header of every page (one lookup by id). */
@ControllerAdvice(annotations = Controller.class)
class UnreadCountAdvice {

	private final NotificationService notifications;

	UnreadCountAdvice(NotificationService notifications) {
		this.notifications = notifications;
	}

	@ModelAttribute("unreadCount")
	Long unreadCount() {
		try {
			return CurrentActor.get().map(this.notifications::unread).orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
