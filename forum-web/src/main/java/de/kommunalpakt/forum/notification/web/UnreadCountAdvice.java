package de.kommunalpakt.forum.notification.web;

import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.security.CurrentActor;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The unread counter in the header of every page (one lookup by id), and on thread pages
 * the member's watch level for that thread.
 */
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

	@ModelAttribute("watchLevel")
	String watchLevel(jakarta.servlet.http.HttpServletRequest request) {
		String path = request.getRequestURI();
		if (path == null || !path.startsWith("/t/")) {
			return null;
		}
		String id = path.substring(3).split("/", 2)[0];
		try {
			return CurrentActor.get()
				.map((actor) -> this.notifications
					.level(actor, de.kommunalpakt.forum.notification.WatchTarget.thread(id))
					.name())
				.orElse(null);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
