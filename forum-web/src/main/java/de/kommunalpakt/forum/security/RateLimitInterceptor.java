package de.kommunalpakt.forum.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.ratelimit.RateLimits;
import de.kommunalpakt.forum.ratelimit.RateLimits.Action;
import de.kommunalpakt.forum.web.StaticAssets;

/**
 * Applies the limits before a handler runs: every API request, and search and downloads
 * on pages. A refusal is a {@code Throttled} refusal, which the error advice turns into
 * 429 with {@code Retry-After} (problem detail on /api, German page elsewhere). The page
 * forms for replies, new threads and edits and the preview take their tokens themselves,
 * so they can show the message next to the kept text.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitInterceptor implements HandlerInterceptor, WebMvcConfigurer {

	private final RateLimits limits;

	RateLimitInterceptor(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this)
			.excludePathPatterns(StaticAssets.PATHS)
			.excludePathPatterns("/error", "/error/**");
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String path = request.getRequestURI();
		String method = request.getMethod();
		Actor actor = CurrentActor.get().orElse(null);
		String address = request.getRemoteAddr();
		if (path.startsWith("/api/")) {
			this.limits.take(Action.API, actor, address);
			if (path.equals("/api/v1/search")) {
				this.limits.take(Action.SEARCH, actor, address);
			}
			else if ("POST".equals(method) && path.equals("/api/v1/threads")) {
				this.limits.take(Action.THREAD, actor, address);
			}
			else if (("POST".equals(method) && path.matches("/api/v1/threads/[^/]+/posts"))
					|| ("PUT".equals(method) && path.matches("/api/v1/posts/[^/]+"))) {
				this.limits.take(Action.POST, actor, address);
			}
			else if (path.equals("/api/v1/me/export")) {
				this.limits.take(Action.EXPORT, actor, address);
			}
			else if ("POST".equals(method) && path.matches("/api/v1/posts/[^/]+/reports")) {
				this.limits.take(Action.REPORT, actor, address);
			}
			return true;
		}
		if ("GET".equals(method)
				&& (path.equals("/suche") && request.getQueryString() != null || path.equals("/suche/aehnlich"))) {
			this.limits.take(Action.SEARCH, actor, address);
		}
		else if ("GET".equals(method) && (path.equals("/modelle.csv") || path.equals("/konto/daten.zip")
				|| path.equals("/admin/protokoll.csv") || path.endsWith("/zwischenbilanz.pdf")
				|| path.endsWith("/zwischenbilanz.md"))) {
			this.limits.take(Action.EXPORT, actor, address);
		}
		return true;
	}

}
