package de.kommunalpakt.forum.live;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The race behind refusals that reached a client without their reason: an ERROR frame
 * queued while another thread is still sending, then the close.
 */
class ErrorFrameBeforeCloseTests {

	private final List<String> wire = new CopyOnWriteArrayList<>();

	private final CountDownLatch sending = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	@Test
	void theErrorFrameQueuedBehindAnotherSendIsDeliveredBeforeTheConnectionCloses() throws Exception {
		WebSocketSession connection = connection();
		assertThat(refuseWhileAnotherThreadSends(
				new LiveBrokerConfiguration.ErrorFrameBeforeClose(connection, 10_000, 512 * 1024)))
			.containsExactly("CONNECTED", "ERROR", "close 1002");
	}

	@Test
	void springsOwnDecoratorDropsIt() throws Exception {
		WebSocketSession connection = connection();
		assertThat(
				refuseWhileAnotherThreadSends(new ConcurrentWebSocketSessionDecorator(connection, 10_000, 512 * 1024)))
			.containsExactly("CONNECTED", "close 1002");
	}

	/**
	 * One thread is sending CONNECTED (slowly); meanwhile a refusal sends ERROR and
	 * closes.
	 */
	private List<String> refuseWhileAnotherThreadSends(ConcurrentWebSocketSessionDecorator session) throws Exception {
		java.lang.Thread outbound = java.lang.Thread.ofVirtual().start(() -> send(session, "CONNECTED"));
		assertThat(this.sending.await(5, TimeUnit.SECONDS)).isTrue();
		send(session, "ERROR");
		java.lang.Thread refusal = java.lang.Thread.ofVirtual().start(() -> {
			try {
				session.close(CloseStatus.PROTOCOL_ERROR);
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		java.lang.Thread.sleep(50);
		this.release.countDown();
		outbound.join(5_000);
		refusal.join(5_000);
		return this.wire;
	}

	private static void send(WebSocketSession session, String text) {
		try {
			session.sendMessage(new TextMessage(text));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A connection whose first send takes until {@link #release}. */
	private WebSocketSession connection() throws Exception {
		WebSocketSession connection = mock(WebSocketSession.class);
		when(connection.getId()).thenReturn("s1");
		when(connection.isOpen()).thenReturn(true);
		doAnswer((call) -> {
			this.wire.add(((WebSocketMessage<?>) call.getArgument(0)).getPayload().toString());
			if (this.sending.getCount() > 0) {
				this.sending.countDown();
				this.release.await(5, TimeUnit.SECONDS);
			}
			return null;
		}).when(connection).sendMessage(any());
		doAnswer((call) -> {
			this.wire.add("close " + ((CloseStatus) call.getArgument(0)).getCode());
			return null;
		}).when(connection).close(any());
		return connection;
	}

}
