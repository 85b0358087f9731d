package de.kommunalpakt.forum.space;

import de.kommunalpakt.forum.member.Actor;

/** Who may read a space, and therefore everything in it. */
public enum Visibility {

	/** Every logged-in member. */
	ALL_MEMBERS,
	/** Länder, KSpV, FITKO and Bund (and moderators); not Kommunen or IT providers. */
	STATE_LEVEL,
	/** Moderators and administrators only. */
	MODERATORS;

	public boolean allows(Actor actor) {
		return switch (this) {
			case ALL_MEMBERS -> true;
			case STATE_LEVEL -> actor.isStateLevel();
			case MODERATORS -> actor.isModerator();
		};
	}

}
