package de.kommunalpakt.forum.mail;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import de.kommunalpakt.forum.mail.MailSettings.Category;

/**
 * Notifications waiting for a digest, one document per member (collection
 * {@code mail_digests}), so that everything a digest does is a lookup by id: the MongoDB
 * stand-in scans the collection for any other filter, and the first design (one document
 * per member and notification, queried by member) took that scan five times per waiting
 * member and minute. Before a digest is built its items are tied to its slot, so a digest
 * that was added to the outbox but not yet cleared is never built twice with different
 * content.
 */
public interface DigestItems {

	/** Adds the item unless one with its id waits already. */
	void add(DigestItem item);

	/**
	 * The members with waiting items, with, per category, the time of the oldest (it may
	 * be older than what waits: a digest that met a concurrent addition leaves it, and
	 * the next look finds nothing due and corrects it), and the slot of their last
	 * digest. One read of the collection.
	 */
	Map<String, Waiting> waiting();

	/** The member's waiting items, oldest first (for the export). */
	List<DigestItem> waitingFor(String memberId);

	/**
	 * What waits for one member.
	 *
	 * @param oldest per category, the time of the oldest item
	 * @param built the slot of the last digest built, or null
	 */
	record Waiting(Map<Category, Instant> oldest, Instant built) {
	}

	/**
	 * Ties the member's free items of these categories from before {@code slot} to it
	 * (unless the slot has its items already) and returns the slot's items, oldest first.
	 */
	List<DigestItem> take(String memberId, Collection<Category> categories, Instant slot);

	/**
	 * Removes the slot and its items (its digest is in the outbox) and notes the slot as
	 * built: items that arrive later wait for the next one.
	 */
	void done(String memberId, Instant slot);

	/**
	 * One member's digest of one slot: the items of these categories from before it.
	 *
	 * @param memberId the member
	 * @param categories the categories the slot is due for
	 * @param slot the slot
	 */
	record Due(String memberId, Collection<Category> categories, Instant slot) {
	}

	/**
	 * {@link #take} for several members (each at most once) in one read and one write:
	 * the slots' items per member. The write waits for the journal, as every write of the
	 * mails does (a write that did not would leave its changes to the next commit, which
	 * may be a post's); a tie lost in a crash before it left no mail behind.
	 */
	Map<String, List<DigestItem>> takeAll(List<Due> due);

	/**
	 * {@link #done} for several members (each at most once) in one read and one or two
	 * writes, waiting for the journal as {@link #takeAll} does; a slot whose clearing a
	 * crash lost is built again and the outbox refuses the second mail by its id.
	 */
	void doneAll(List<Due> due);

	/** Removes the member's free items of a category (it is no longer a digest). */
	void removeFree(String memberId, Category category);

}
