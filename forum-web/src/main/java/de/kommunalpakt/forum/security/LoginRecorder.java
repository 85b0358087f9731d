package de.kommunalpakt.forum.security;

import java.io.IOException;
import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.ForumException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * After an OIDC login: copies the claims to the member record, makes the organisation
 * known and announces the login ({@link MemberSignedIn}: mail keeps the address). A token
 * without a usable organisation ends the session with a German 403 page.
 */
@Component
class LoginRecorder extends SavedRequestAwareAuthenticationSuccessHandler {

	private final MemberRepository members;

	private final MemberErasures erasures;

	private final OrganisationRepository organisations;

	private final ApplicationEventPublisher events;

	LoginRecorder(MemberRepository members, MemberErasures erasures, OrganisationRepository organisations,
			ApplicationEventPublisher events) {
		this.members = members;
		this.erasures = erasures;
		this.organisations = organisations;
		this.events = events;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		Map<String, Object> claims = CurrentActor.claims(authentication).orElseThrow();
		Actor actor;
		try {
			actor = ActorMapper.fromClaims(claims);
		}
		catch (ForumException ex) {
			request.getSession().invalidate();
			response.sendRedirect(request.getContextPath() + "/abgemeldet?grund=organisation");
			return;
		}
		if (this.erasures.isErased(actor.id())) {
			// Deleted in the forum while Keycloak could not yet disable the account.
			request.getSession().invalidate();
			response.sendRedirect(request.getContextPath() + "/abgemeldet?grund=konto-geloescht");
			return;
		}
		this.members.recordLogin(actor);
		this.events
			.publishEvent(new MemberSignedIn(actor.id(), (claims.get("email") instanceof String email) ? email : null));
		if (this.organisations.findById(actor.organisation()).isEmpty()) {
			String name = ActorMapper.organisationName(claims);
			this.organisations.save(new Organisation(actor.organisation(), actor.organisationKind(),
					(name != null) ? name : actor.organisation().value(), actor.land(), null));
		}
		super.onAuthenticationSuccess(request, response, authentication);
	}

}
