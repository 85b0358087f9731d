package de.kommunalpakt.forum.security;

import java.io.IOException;
import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * After an OIDC login: copies the claims to the member record, makes the organisation
 * known and announces the login ({@link SignIns#browser}: mail keeps the address). A
 * token without a usable organisation ends the session with a German 403 page.
 */
@Component
class LoginRecorder extends SavedRequestAwareAuthenticationSuccessHandler {

	private final SignIns signIns;

	LoginRecorder(SignIns signIns) {
		this.signIns = signIns;
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
		if (this.signIns.erased(actor)) {
			// Deleted in the forum while Keycloak could not yet disable the account.
			request.getSession().invalidate();
			response.sendRedirect(request.getContextPath() + "/abgemeldet?grund=konto-geloescht");
			return;
		}
		this.signIns.browser(actor, claims);
		super.onAuthenticationSuccess(request, response, authentication);
	}

}
