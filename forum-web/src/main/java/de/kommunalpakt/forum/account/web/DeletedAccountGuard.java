package de.kommunalpakt.forum.account.web;

import de.kommunalpakt.forum.account.AccountDeletion;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.security.CurrentActor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.web.StaticAssets;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A deleted account is refused everywhere: an API token issued before the deletion stays
 * valid at Keycloak for up to five minutes, and while Keycloak could not yet delete the
 * user it could still sign in. Either would write under the deleted member's name.
 */
@Configuration(proxyBeanMethods = false)
class DeletedAccountGuard implements HandlerInterceptor, WebMvcConfigurer {

	private final AccountDeletion deletion;

	DeletedAccountGuard(AccountDeletion deletion) {
		this.deletion = deletion;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this)
			.excludePathPatterns(StaticAssets.PATHS)
			.excludePathPatterns("/error", "/error/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Actor actor = CurrentActor.get().orElse(null);
		if (actor != null && this.deletion.isDeleted(actor.id())) {
			throw new ForumException.Forbidden("account.deleted");
		}
		return true;
	}

}
