package de.kommunalpakt.forum.moderation.web;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.security.CurrentActor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.web.GermanTime;
import de.kommunalpakt.forum.web.StaticAssets;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A suspended member reads but does not write: every request that changes something
 * (pages and API) is refused with end and reason of the suspension. Signing out, marking
 * notifications read and the member's rights over their own data (export, deletion of the
 * account) stay open.
 */
@Configuration(proxyBeanMethods = false)
class SuspensionGuard implements HandlerInterceptor, WebMvcConfigurer {

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	private final ModerationState state;

	private final GermanTime time;

	SuspensionGuard(ModerationState state, GermanTime time) {
		this.state = state;
		this.time = time;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this)
			.excludePathPatterns(StaticAssets.PATHS)
			.excludePathPatterns("/error", "/error/**", "/abmelden", "/benachrichtigungen/**", "/konto/**",
					"/api/v1/me", "/api/v1/me/**", "/vorschau");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (READS.contains(request.getMethod())) {
			return true;
		}
		Actor actor = CurrentActor.get().orElse(null);
		this.state.suspension(actor).ifPresent((s) -> {
			throw new ForumException.Forbidden("member.suspended", this.time.dateTime(s.until()), s.reason());
		});
		return true;
	}

}
