package de.kommunalpakt.forum.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Metrics for Prometheus are answered only on the management port
 * ({@code MANAGEMENT_SERVER_PORT}; 8081 in the local stack), which an operator keeps
 * inside the data centre; on the forum's own port they are refused (403), so a forum
 * without a separate management port never shows its figures to the internet.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain metrics(HttpSecurity http, Environment environment) throws Exception {
		http.securityMatcher("/actuator/prometheus")
			.authorizeHttpRequests((a) -> a.anyRequest()
				.access((authentication,
						context) -> new AuthorizationDecision(onManagementPort(context.getRequest(), environment))))
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((c) -> c.disable())
			.csrf((c) -> c.disable());
		return http.build();
	}

	/**
	 * True when the request came in on a management port of its own ({@code
	 * local.management.port} is only set when it differs from the server's).
	 */
	static boolean onManagementPort(HttpServletRequest request, Environment environment) {
		Integer management = environment.getProperty("local.management.port", Integer.class);
		return management != null && management > 0 && request.getLocalPort() == management;
	}

}
