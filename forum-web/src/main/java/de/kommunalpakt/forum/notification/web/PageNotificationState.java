package de.kommunalpakt.forum.notification.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.security.CurrentActor;
import de.kommunalpakt.forum.web.StaticAssets;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The unread counter in the header and, on a thread page, the member's watch level for
 * it, both from caches that every write to them drops (no database lookup while the
 * member's state is unchanged). Added only when a page is rendered: JSON answers,
 * fragments and redirects (posting a reply) do no lookup.
 */
@Configuration
class PageNotificationState implements WebMvcConfigurer, HandlerInterceptor {

	private final NotificationService notifications;

	PageNotificationState(NotificationService notifications) {
		this.notifications = notifications;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).excludePathPatterns(StaticAssets.PATHS).excludePathPatterns("/api/**");
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView page) {
		if (page == null || page.getViewName() == null || page.getViewName().startsWith("redirect:")
				|| page.getViewName().contains("::")) {
			return;
		}
		try {
			CurrentActor.get().ifPresent((actor) -> {
				page.addObject("unreadCount", this.notifications.headerCount(actor));
				String path = request.getRequestURI();
				if (path.startsWith("/t/")) {
					String id = path.substring(3).split("/", 2)[0];
					page.addObject("watchLevel", this.notifications.level(actor, WatchTarget.thread(id)).name());
				}
			});
		}
		catch (RuntimeException ex) {
			// The page renders with the defaults (counter 0, normal watch level).
		}
	}

}
