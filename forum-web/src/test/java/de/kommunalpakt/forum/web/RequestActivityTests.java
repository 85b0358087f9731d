package de.kommunalpakt.forum.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background work yields while people use the forum: a request in hand or just answered.
 */
class RequestActivityTests {

	@Test
	void busyWhileARequestIsInHandAndShortlyAfter() throws Exception {
		RequestActivity activity = new RequestActivity();
		assertThat(activity.busy(Duration.ofSeconds(1))).isFalse();
		AtomicBoolean busyInside = new AtomicBoolean();
		activity.doFilter(new MockHttpServletRequest("POST", "/t/1/antworten"), new MockHttpServletResponse(),
				(request, response) -> busyInside.set(activity.busy(Duration.ZERO)));
		assertThat(busyInside).isTrue();
		assertThat(activity.busy(Duration.ofSeconds(1))).isTrue();
		Thread.sleep(20);
		assertThat(activity.busy(Duration.ofMillis(10))).isFalse();
	}

}
