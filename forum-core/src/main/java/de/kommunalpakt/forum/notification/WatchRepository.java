package de.kommunalpakt.forum.notification;

import java.util.Collection;
import java.util.Map;

import de.kommunalpakt.forum.member.MemberId;

/**
 * Watch settings, stored twice: per member (for the settings page) and per target (to
 * find the watchers of a space, tag, thread or Land with lookups by id).
 */
public interface WatchRepository {

	/** The member's explicit settings by target key; targets not listed are NORMAL. */
	Map<String, WatchLevel> settings(MemberId member);

	void set(MemberId member, WatchTarget target, WatchLevel level);

	/** Members with an explicit WATCH or MUTE on any of the targets, by target key. */
	Map<String, Map<MemberId, WatchLevel>> watchers(Collection<WatchTarget> targets);

	/**
	 * Completes the target documents of settings whose writing stopped after the member's
	 * document (a crash or a failed write between the two).
	 * @return the settings completed
	 */
	int finishInterrupted();

}
