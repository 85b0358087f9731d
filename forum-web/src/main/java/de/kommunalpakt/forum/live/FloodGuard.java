package de.kommunalpakt.forum.live;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Closes a connection that sends more than {@value #MAX_PER_SECOND} frames in a second: a
 * browser sends a handful in its whole life (CONNECT, a few SUBSCRIBE, heart-beats).
 * Other connections are not affected.
 */
class FloodGuard extends WebSocketHandlerDecorator {

	private static final Logger log = LoggerFactory.getLogger(FloodGuard.class);

	static final int MAX_PER_SECOND = 50;

	FloodGuard(WebSocketHandler delegate) {
		super(delegate);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		Window window = (Window) session.getAttributes().computeIfAbsent("flood", (k) -> new Window());
		if (!window.allow(System.nanoTime())) {
			log.warn("Live-Verbindung {} geschlossen: mehr als {} Nachrichten pro Sekunde", session.getId(),
					MAX_PER_SECOND);
			try {
				session.close(CloseStatus.POLICY_VIOLATION.withReason("Zu viele Nachrichten"));
			}
			catch (IOException ex) {
				// already gone
			}
			return;
		}
		super.handleMessage(session, message);
	}

	private static final class Window {

		private long start;

		private int count;

		synchronized boolean allow(long now) {
			if (now - this.start > 1_000_000_000L) {
				this.start = now;
				this.count = 0;
			}
			return ++this.count <= MAX_PER_SECOND;
		}

	}

}
