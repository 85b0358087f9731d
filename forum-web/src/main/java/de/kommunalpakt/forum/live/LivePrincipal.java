package de.kommunalpakt.forum.live;

import java.security.Principal;

import de.kommunalpakt.forum.member.Actor;

/**
 * The member behind a live connection; its name is the member id, so user destinations
 * ({@code /user/queue/notifications}) reach every connection of that member.
 *
 * @param actor the member
 */
record LivePrincipal(Actor actor) implements Principal {

	@Override
	public String getName() {
		return this.actor.id().value();
	}

}
