package de.kommunalpakt.forum.mail;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import de.kommunalpakt.forum.mail.MailSettings.Category;

/**
 * Notifications waiting for a digest (collection {@code mail_digest_items}). Before a
 * digest is built its items are tied to its slot, so a digest that was added to the
 * outbox but not yet cleared is never built twice with different content.
 */
public interface DigestItems {

	/** Adds the item unless one with its id exists. */
	void add(DigestItem item);

	/** The members with items not yet tied to a slot. */
	Set<String> membersWaiting();

	/**
	 * Ties the member's free items of these categories from before {@code slot} to it.
	 */
	void assign(String memberId, Collection<Category> categories, Instant slot);

	List<DigestItem> inSlot(String memberId, Instant slot);

	void removeSlot(String memberId, Instant slot);

	/** Removes the member's free items of a category (it is no longer a digest). */
	void removeFree(String memberId, Category category);

}
