package de.kommunalpakt.forum.changes;

import java.util.function.Consumer;

import de.kommunalpakt.forum.member.MemberId;

/**
 * What happens in the forum as it happens, from every instance that shares the database:
 * accepted writes (in log order) and inboxes that changed. The live pages and the
 * notification counter are fed from here, so a member connected to one instance sees what
 * was written through another.
 */
public interface LiveFeed {

	/**
	 * Follows the feed until the returned handle is closed. Listeners are called on one
	 * background thread per stream; after an interruption of the stream the changes
	 * missed meanwhile are delivered from the change log, so none is lost.
	 * @param changes receives each change once, oldest first
	 * @param inboxes receives the member whose inbox changed
	 */
	AutoCloseable follow(Consumer<ForumChange> changes, Consumer<MemberId> inboxes);

}
