package de.kommunalpakt.forum.security;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * What a sign-in tells about a member, written down: the member record (name,
 * organisation, Land, roles, last seen), the organisation if it is new, and the address
 * for mail ({@link MemberSignedIn}). Both ways in count: a login in the browser, and an
 * API token the first time the forum accepts it (see {@link CachingJwtDecoder}), so that
 * members who only use the API, or use it before their first login, are known and get
 * mail.
 */
@Component
class SignIns {

	private static final Logger log = LoggerFactory.getLogger(SignIns.class);

	private final MemberRepository members;

	private final MemberErasures erasures;

	private final OrganisationRepository organisations;

	private final ApplicationEventPublisher events;

	SignIns(MemberRepository members, MemberErasures erasures, OrganisationRepository organisations,
			ApplicationEventPublisher events) {
		this.members = members;
		this.erasures = erasures;
		this.organisations = organisations;
		this.events = events;
	}

	/**
	 * A browser login of a member whose account is not deleted. A login without the
	 * {@code email} claim removes the address.
	 */
	void browser(Actor actor, Map<String, Object> claims) {
		record(actor, claims);
		this.events.publishEvent(new MemberSignedIn(actor.id(), email(claims)));
	}

	/**
	 * A token accepted for the first time. Nothing is written for a token that names no
	 * usable member (the request is refused anyway) or one of a deleted account (its
	 * tokens stay valid at the identity provider for a few minutes after the deletion); a
	 * token without the {@code email} claim leaves the address as it is. If the database
	 * fails, the request goes on and the member's next token tries again.
	 */
	void token(Jwt jwt) {
		Actor actor;
		try {
			actor = ActorMapper.fromClaims(jwt.getClaims());
		}
		catch (ForumException ex) {
			return;
		}
		try {
			if (this.erasures.isErased(actor.id())) {
				return;
			}
			record(actor, jwt.getClaims());
			String email = email(jwt.getClaims());
			if (email != null) {
				this.events.publishEvent(new MemberSignedIn(actor.id(), email));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Anmeldung von {} mit einem API-Token nicht gespeichert: {}", actor.id().value(), ex.toString());
		}
	}

	/** Whether the member's account was deleted. */
	boolean erased(Actor actor) {
		return this.erasures.isErased(actor.id());
	}

	private void record(Actor actor, Map<String, Object> claims) {
		this.members.recordLogin(actor);
		if (this.organisations.findById(actor.organisation()).isEmpty()) {
			String name = ActorMapper.organisationName(claims);
			this.organisations.save(new Organisation(actor.organisation(), actor.organisationKind(),
					(name != null) ? name : actor.organisation().value(), actor.land(), null));
		}
	}

	private static String email(Map<String, Object> claims) {
		return (claims.get("email") instanceof String email && !email.isBlank()) ? email : null;
	}

}
