package de.kommunalpakt.forum.session.mongo;

import java.time.Clock;
import java.time.Duration;

import com.mongodb.client.MongoDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * HTTP sessions in MongoDB instead of the servlet container's memory, so any instance
 * behind a plain load balancer continues any session; the same for the registry that
 * back-channel logout uses. The cookie stays what the container sent ({@code JSESSIONID}
 * with the plain id, which Spring Security's back-channel logout sends back to the
 * forum), with the attributes of {@code server.servlet.session.cookie.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
class MongoSessionConfiguration {

	private static final Log logger = LogFactory.getLog(MongoSessionConfiguration.class);

	@Bean
	MongoOidcSessionRegistry oidcSessionRegistry(MongoDatabase forumDatabase) {
		return new MongoOidcSessionRegistry(forumDatabase);
	}

	@Bean
	MongoSessionRepository sessionRepository(MongoDatabase forumDatabase,
			@Value("${server.servlet.session.timeout:30m}") Duration timeout, Clock clock,
			MongoOidcSessionRegistry registry) {
		return new MongoSessionRepository(forumDatabase, timeout, clock, registry);
	}

	@Bean
	CookieSerializer cookieSerializer(@Value("${server.servlet.session.cookie.secure:true}") boolean secure,
			@Value("${server.servlet.session.cookie.same-site:lax}") String sameSite) {
		DefaultCookieSerializer cookie = new DefaultCookieSerializer();
		cookie.setCookieName("JSESSIONID");
		cookie.setUseBase64Encoding(false);
		cookie.setUseHttpOnlyCookie(true);
		cookie.setUseSecureCookie(secure);
		cookie.setSameSite(sameSite.substring(0, 1).toUpperCase() + sameSite.substring(1).toLowerCase());
		return cookie;
	}

	@Bean
	ExpiredSessionCleanup expiredSessionCleanup(MongoSessionRepository sessions) {
		return new ExpiredSessionCleanup(sessions);
	}

	/** The stand-in has no TTL indexes: expired sessions are removed once a minute. */
	static class ExpiredSessionCleanup {

		private final MongoSessionRepository sessions;

		ExpiredSessionCleanup(MongoSessionRepository sessions) {
			this.sessions = sessions;
		}

		@Scheduled(fixedDelayString = "${forum.session.cleanup-interval:1m}", initialDelayString = "1m")
		void deleteExpired() {
			try {
				long deleted = this.sessions.deleteExpired();
				if (deleted > 0) {
					logger.debug("Removed " + deleted + " expired sessions");
				}
			}
			catch (RuntimeException ex) {
				// The database may be away for a while; the next run tries again.
				logger.warn("Could not remove expired sessions: " + ex.getMessage());
			}
		}

	}

}
