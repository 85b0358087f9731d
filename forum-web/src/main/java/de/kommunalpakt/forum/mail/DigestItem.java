package de.kommunalpakt.forum.mail;

import java.time.Instant;

import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.notification.NotificationKind;

/**
 * A notification waiting for the member's next digest.
 *
 * @param id the change and the member (composing the change again adds nothing)
 * @param memberId the member
 * @param category own or watched
 * @param kind why
 * @param threadId the thread
 * @param postNumber the post
 * @param actorName who caused it
 * @param at when
 */
public record DigestItem(String id, String memberId, Category category, NotificationKind kind, String threadId,
		int postNumber, String actorName, Instant at) {

}
