package de.kommunalpakt.forum.live;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.websocket.server.ServerContainer;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP on {@code /ws}: the in-memory broker serves {@code /topic} and {@code /queue};
 * clients only subscribe, they never send (see {@link StompGuard}). Frames are limited to
 * 64 KiB and a client that floods is disconnected ({@link FloodGuard}). Only the forum's
 * own origin may open a connection from a browser (Spring's default). Messages reach each
 * client in the order the broker published them. The broker itself is set up by
 * {@link LiveBrokerConfiguration} (what {@code @EnableWebSocketMessageBroker} does, so
 * that a refusal's ERROR frame is not lost).
 */
@Configuration
class LiveConfiguration implements WebSocketMessageBrokerConfigurer {

	/** Largest STOMP frame a client may send. */
	static final int MAX_FRAME = 64 * 1024;

	/**
	 * What Tomcat buffers of a WebSocket message from a client: the largest that arrives
	 * in one piece (a longer one is refused with close code 1009). Clients only send
	 * CONNECT (with a bearer token of one to three KB), SUBSCRIBE and heartbeats.
	 */
	static final int MESSAGE_BUFFER = 8 * 1024;

	/**
	 * Tomcat's other buffers per connection (reading frames, writing and encoding
	 * messages), 8 KB each by default: with 5,000 open pages those three alone held 120
	 * MB of heap. Longer messages go out in several writes.
	 */
	static final int CONNECTION_BUFFER = 2 * 1024;

	static final String CONNECTION_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	private final StompGuard guard;

	LiveConfiguration(StompGuard guard) {
		this.guard = guard;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
	}

	/**
	 * Sizes the WebSocket buffers before Tomcat's WebSocket classes read them (when the
	 * server starts, after this runs); a value given on the command line stays.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> webSocketBuffers() {
		return (factory) -> {
			if (System.getProperty(CONNECTION_BUFFER_PROPERTY) == null) {
				System.setProperty(CONNECTION_BUFFER_PROPERTY, Integer.toString(CONNECTION_BUFFER));
			}
		};
	}

	/**
	 * Message buffers set here, not derived from the smaller connection buffers; on the
	 * container Tomcat put into the servlet context when it started (tests with a mock
	 * servlet environment have none).
	 */
	@Bean
	ServletContextAware webSocketMessageBuffers() {
		return (context) -> {
			if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
				container.setDefaultMaxTextMessageBufferSize(MESSAGE_BUFFER);
				container.setDefaultMaxBinaryMessageBufferSize(MESSAGE_BUFFER);
			}
		};
	}

	/**
	 * Hides a browser's offer of {@code permessage-deflate} from Tomcat, which would
	 * otherwise give every connection a compressor and a decompressor with their own
	 * native memory (zlib, a few hundred KB) for STOMP frames of a few hundred bytes.
	 * (Spring's handshake handler cannot refuse it: Tomcat reads an empty choice as
	 * "all".)
	 */
	@Bean
	FilterRegistrationBean<Filter> webSocketWithoutCompression() {
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> chain
			.doFilter(new WithoutExtensions((HttpServletRequest) request), response));
		registration.addUrlPatterns("/ws", "/ws/*");
		return registration;
	}

	/** The upgrade request without {@code Sec-WebSocket-Extensions}. */
	static final class WithoutExtensions extends HttpServletRequestWrapper {

		private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

		WithoutExtensions(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getHeader(String name) {
			return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			List<String> names = Collections.list(super.getHeaderNames());
			names.removeIf(EXTENSIONS::equalsIgnoreCase);
			return Collections.enumeration(names);
		}

	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
		heartbeats.setPoolSize(1);
		heartbeats.setThreadNamePrefix("stomp-heartbeat-");
		heartbeats.initialize();
		registry.enableSimpleBroker("/topic", "/queue")
			.setHeartbeatValue(new long[] { 20_000, 20_000 })
			.setTaskScheduler(heartbeats);
		registry.setApplicationDestinationPrefixes("/app");
		registry.setUserDestinationPrefix("/user");
		// The outbound channel runs on a pool: without this, two replies published one
		// after the other can reach a client swapped (seen in CI as 2, 3, 4, 6, 5).
		registry.setPreservePublishOrder(true);
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(MAX_FRAME)
			.setSendBufferSizeLimit(512 * 1024)
			.setSendTimeLimit(10_000)
			.setTimeToFirstMessage(30_000)
			.addDecoratorFactory(FloodGuard::new);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.guard);
	}

}
