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

	/**
	 * Also follows who reads which thread on any instance.
	 * @param presence receives the thread whose readers changed
	 */
	default AutoCloseable follow(Consumer<ForumChange> changes, Consumer<MemberId> inboxes, Consumer<String> presence) {
		return follow(changes, inboxes);
	}

	/**
	 * Records the members reading a thread through one instance (an empty set removes the
	 * entry). Entries not refreshed for {@link #PRESENCE_TTL} no longer count, so a
	 * crashed instance's readers fade away.
	 */
	default void presence(String instance, String threadId, java.util.Set<String> members) {
	}

	/** The distinct members reading a thread on all instances. */
	default int readers(String threadId) {
		return 0;
	}

	/** How long a presence entry counts without being refreshed. */
	java.time.Duration PRESENCE_TTL = java.time.Duration.ofMinutes(3);

	/**
	 * Removes presence entries not refreshed since the instant (an instance that stopped
	 * without clearing them).
	 * @return how many
	 */
	default long prunePresence(java.time.Instant instant) {
		return 0;
	}

}
