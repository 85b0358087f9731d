package de.kommunalpakt.forum.live;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * What {@code @EnableWebSocketMessageBroker} sets up (settings in
 * {@link LiveConfiguration}), with one change: a refusal's ERROR frame reaches the client
 * before the connection closes ({@link ErrorFrameBeforeClose}).
 */
@Configuration
class LiveBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

	@Bean
	@Override
	public WebSocketHandler subProtocolWebSocketHandler(
			@Qualifier("clientInboundChannel") AbstractSubscribableChannel clientInboundChannel,
			@Qualifier("clientOutboundChannel") AbstractSubscribableChannel clientOutboundChannel) {
		SubProtocolWebSocketHandler handler = new SubProtocolWebSocketHandler(clientInboundChannel,
				clientOutboundChannel) {

			@Override
			protected WebSocketSession decorateSession(WebSocketSession session) {
				return new ErrorFrameBeforeClose(session, getSendTimeLimit(), getSendBufferSizeLimit());
			}

		};
		handler.setPhase(getPhase());
		return handler;
	}

	/**
	 * Spring's session decorator, but closing after a STOMP ERROR waits until what is
	 * queued has been sent.
	 * <p>
	 * Spring sends a refusal's ERROR frame and closes the connection at once (code 1002).
	 * If another thread is still sending to the same connection at that moment (typically
	 * the CONNECTED frame, when a client subscribes the instant it is connected), the
	 * ERROR frame waits in the decorator's buffer, and closing drops everything buffered:
	 * the client saw the connection end without the German reason (CI, about one run in
	 * six). Here the close waits, at most a second, until the buffer is empty and no send
	 * is in progress; the thread that is sending delivers the frame.
	 */
	static class ErrorFrameBeforeClose extends ConcurrentWebSocketSessionDecorator {

		private static final long MAX_WAIT = TimeUnit.SECONDS.toNanos(1);

		ErrorFrameBeforeClose(WebSocketSession session, int sendTimeLimit, int bufferSizeLimit) {
			super(session, sendTimeLimit, bufferSizeLimit);
		}

		@Override
		public void close(CloseStatus status) throws IOException {
			if (CloseStatus.PROTOCOL_ERROR.equalsCode(status)) {
				long deadline = System.nanoTime() + MAX_WAIT;
				// Twice idle in a row: between taking a message from the buffer and
				// starting to send it, the decorator briefly shows neither.
				int idle = 0;
				while (idle < 2 && System.nanoTime() < deadline) {
					idle = (getBufferSize() == 0 && getTimeSinceSendStarted() == 0) ? idle + 1 : 0;
					try {
						java.lang.Thread.sleep(1);
					}
					catch (InterruptedException ex) {
						java.lang.Thread.currentThread().interrupt();
						break;
					}
				}
			}
			super.close(status);
		}

	}

}
