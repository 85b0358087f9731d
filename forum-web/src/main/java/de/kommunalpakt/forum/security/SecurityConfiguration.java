package de.kommunalpakt.forum.security;

import java.util.List;
import java.util.Map;

import de.kommunalpakt.forum.web.ProblemResponses;
import de.kommunalpakt.forum.web.StaticAssets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Pages use an OIDC login with a session and CSRF protection; the REST API is a stateless
 * resource server for bearer tokens of the same issuer. Reading needs login everywhere:
 * the forum is closed to the public except for its legal pages.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	static final String REGISTRATION = "keycloak";

	/** The forum uses no device features; nothing embedded may either. */
	static final StaticHeadersWriter PERMISSIONS_POLICY = new StaticHeadersWriter("Permissions-Policy",
			"camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
					+ "display-capture=(), interest-cohort=()");

	@Bean
	@Order(1)
	SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, ProblemResponses problems) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests((a) -> a.requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.yaml")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((o) -> o.jwt((j) -> j.decoder(decoder))
				.authenticationEntryPoint((request, response, ex) -> problems.write(request, response,
						HttpStatus.UNAUTHORIZED, "auth.required"))
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response, HttpStatus.FORBIDDEN,
						"auth.forbidden")))
			.exceptionHandling((e) -> e.authenticationEntryPoint((request, response, ex) -> problems.write(request,
					response, HttpStatus.UNAUTHORIZED, "auth.required")))
			.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((c) -> c.disable())
			.headers((h) -> h
				.httpStrictTransportSecurity((hsts) -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true))
				.referrerPolicy((r) -> r.policy(ReferrerPolicy.SAME_ORIGIN))
				.addHeaderWriter(PERMISSIONS_POLICY));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pages(HttpSecurity http, ClientRegistrationRepository registrations, LoginRecorder logins,
			AuthProperties auth) throws Exception {
		OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		logout.setPostLogoutRedirectUri("{baseUrl}/abgemeldet");
		http.authorizeHttpRequests((a) -> a.requestMatchers(StaticAssets.PATHS.toArray(String[]::new))
			.permitAll()
			.requestMatchers("/barrierefreiheit", "/impressum", "/datenschutz", "/abgemeldet", "/error", "/error/**",
					"/actuator/health", "/actuator/health/**", IdentityProviderGuard.UNAVAILABLE_PAGE,
					// One-click unsubscribe from mails: the signed link is the
					// authorisation.
					"/mail/abbestellen/*",
					// Muting a thread from a reply's mail: the same.
					"/mail/stummschalten/*",
					// Atom feeds: the personal feed token in the address stands for the
					// member.
					"/feeds/*/**",
					// The live connection authenticates in its STOMP CONNECT frame: the
					// browser session, or a bearer token for API clients.
					"/ws")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login((o) -> o.successHandler(logins)
				// A login the provider could not complete (it went away between redirect
				// and callback): the German page, not Spring's generated English one.
				.failureHandler((request, response, ex) -> response
					.sendRedirect(request.getContextPath() + IdentityProviderGuard.UNAVAILABLE_PAGE)))
			.addFilterBefore(new IdentityProviderGuard(auth.issuerUri()),
					OAuth2AuthorizationRequestRedirectFilter.class)
			.logout((l) -> l.logoutUrl("/abmelden").logoutSuccessHandler(logout))
			// Keycloak ends the forum session when its own ends (logout elsewhere, an
			// administrator signing the person out, an account disabled): it posts a
			// logout
			// token to /logout/connect/back-channel/keycloak, and the forum logs that
			// session out through its own logout address.
			.oidcLogout((o) -> o.backChannel((b) -> b.logoutUri("{baseScheme}://localhost{basePort}/abmelden")))
			.addFilterAfter(new SessionLifespanFilter(auth.sessionMaxLifespan()),
					org.springframework.security.web.context.SecurityContextHolderFilter.class)
			// Mail programs post the one-click unsubscribe (RFC 8058) without a token;
			// both
			// links carry their own signed token.
			.csrf((c) -> c.ignoringRequestMatchers("/mail/abbestellen/*", "/mail/stummschalten/*"))
			.headers((h) -> h.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; "
							+ "frame-ancestors 'none'; form-action 'self' " + auth.issuerOrigin()
							+ "; base-uri 'self'"))
				// Sent on HTTPS requests only (behind the proxy: X-Forwarded-Proto).
				.httpStrictTransportSecurity((hsts) -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(true))
				// Addresses of threads stay inside the forum, also when a post links out.
				.referrerPolicy((r) -> r.policy(ReferrerPolicy.SAME_ORIGIN))
				.addHeaderWriter(PERMISSIONS_POLICY));
		return http.build();
	}

	@Bean
	ClientRegistrationRepository clientRegistrations(AuthProperties auth) {
		// Endpoints are set explicitly, so the application starts without asking the
		// provider.
		ClientRegistration keycloak = ClientRegistration.withRegistrationId(REGISTRATION)
			.clientName("Anmeldung")
			.clientId(auth.clientId())
			.clientSecret(auth.clientSecret())
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope("openid", "profile", "email")
			.authorizationUri(auth.endpoint("auth"))
			.tokenUri(auth.endpoint("token"))
			.jwkSetUri(auth.endpoint("certs"))
			.userInfoUri(auth.endpoint("userinfo"))
			.userNameAttributeName("sub")
			.issuerUri(auth.issuerUri())
			.providerConfigurationMetadata(Map.of("end_session_endpoint", auth.endpoint("logout")))
			.build();
		return new InMemoryClientRegistrationRepository(keycloak);
	}

	@Bean
	JwtDecoder jwtDecoder(AuthProperties auth, SignIns signIns) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(auth.endpoint("certs")).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer(auth.issuerUri()),
				(jwt) -> (jwt.getAudience() != null && jwt.getAudience().contains(auth.clientId()))
						? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(
								new OAuth2Error("invalid_token", "Token is not meant for " + auth.clientId(), null))));
		// A token's first use records the member as a login does (SignIns#token).
		return new CachingJwtDecoder(decoder, signIns::token);
	}

	/**
	 * The firewall's checks of header names and values without a regular expression: the
	 * default pattern walked every character of each header (a bearer token has more than
	 * a thousand) through a regex, a twentieth of the work per API request. Same rule:
	 * assigned characters that are not control characters.
	 */
	@Bean
	WebSecurityCustomizer firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(SecurityConfiguration::assignedAndNotControl);
		firewall.setAllowedHeaderValues(SecurityConfiguration::assignedAndNotControl);
		firewall.setAllowedParameterNames(SecurityConfiguration::assignedAndNotControl);
		return (web) -> web.httpFirewall(firewall);
	}

	static boolean assignedAndNotControl(String value) {
		for (int i = 0; i < value.length();) {
			int c = value.codePointAt(i);
			if (!Character.isDefined(c) || Character.isISOControl(c)) {
				return false;
			}
			i += Character.charCount(c);
		}
		return true;
	}

	@Bean
	WebMvcConfigurer actorArguments() {
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(
					List<org.springframework.web.method.support.HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new ActorArgumentResolver());
			}
		};
	}

}
