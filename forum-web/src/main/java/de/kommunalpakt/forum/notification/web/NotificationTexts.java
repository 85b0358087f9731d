package de.kommunalpakt.forum.notification.web;

import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.stereotype.Component;

/**
 * A notification as one German sentence ("Anna Becker hat in Ihrem Thema „…“
 * geantwortet"): in the list of notifications ({@code @notificationTexts} in the
 * template) and in the readable data export, from the same texts.
 */
@Component("notificationTexts")
public class NotificationTexts {

	private final ProblemResponses messages;

	NotificationTexts(ProblemResponses messages) {
		this.messages = messages;
	}

	public String sentence(Notification n) {
		String actor = n.actorName();
		String title = n.threadTitle();
		return switch (n.kind()) {
			case ACCEPTED -> msg("notifications.kind.ACCEPTED." + n.detail(), actor, title);
			case MODERATION ->
				msg("notifications.kind.MODERATION", actor, title, msg("notifications.moderation." + n.detail()));
			case PILOT_STATUS ->
				msg("notifications.kind.PILOT_STATUS", actor, title, msg("pilot.status." + n.detail()));
			default -> msg("notifications.kind." + n.kind().name(), actor, title, n.detail());
		};
	}

	private String msg(String code, Object... args) {
		return this.messages.message(code, args);
	}

}
