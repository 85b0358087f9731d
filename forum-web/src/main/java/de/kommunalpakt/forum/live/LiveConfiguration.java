package de.kommunalpakt.forum.live;

import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
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

	private final StompGuard guard;

	LiveConfiguration(StompGuard guard) {
		this.guard = guard;
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
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
