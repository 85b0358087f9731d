package de.kommunalpakt.forum.notification;

/** How closely a member follows a space, tag, thread or Land. */
public enum WatchLevel {

	/** Notify of every new thread (space, tag, Land) or reply (thread). */
	WATCH,
	/** The default: only replies in own threads, mentions and actions on own posts. */
	NORMAL,
	/** Nothing, not even replies in own threads; mentions still arrive. */
	MUTE

}
