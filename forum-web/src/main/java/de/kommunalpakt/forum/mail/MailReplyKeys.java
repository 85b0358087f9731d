package de.kommunalpakt.forum.mail;

import java.util.Optional;

/**
 * The keys in reply addresses ({@code antwort+<key>@…}): one per member and thread, the
 * first 128 bits of an HMAC of both ({@link MailTokens#key}), kept with what they name
 * (collection {@code mail_reply_keys}) so that a reply is found by its key alone.
 */
public interface MailReplyKeys {

	/** The key for this member and thread, stored on first use. */
	String keyFor(String memberId, String threadId);

	/** Member and thread of a key. */
	Optional<Target> find(String key);

	/**
	 * What a key names.
	 *
	 * @param memberId the member who may answer with it
	 * @param threadId the thread the answer goes into
	 */
	record Target(String memberId, String threadId) {

	}

}
