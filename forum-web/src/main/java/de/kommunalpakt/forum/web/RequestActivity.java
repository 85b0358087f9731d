package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whether people use the forum right now: a request in hand, or one answered within a
 * moment. Bulk background work (a morning's digests) yields to them while they do and
 * runs at full speed while nobody does.
 */
@Component
public class RequestActivity extends OncePerRequestFilter {

	private final AtomicInteger inHand = new AtomicInteger();

	/** {@link System#nanoTime} of the last answer. */
	private final AtomicLong answered = new AtomicLong(System.nanoTime() - Duration.ofDays(1).toNanos());

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		this.inHand.incrementAndGet();
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.inHand.decrementAndGet();
			this.answered.set(System.nanoTime());
		}
	}

	/**
	 * While people use the forum, bulk work pauses this many times as long as its last
	 * batch took. With 1 (half of the time), posting at one connection while digests were
	 * built took p50 25.5 / p99 87.4 ms instead of 10.0 / 31.8 ms (bench-mail).
	 */
	public static final int YIELD = 3;

	/** No request within this long: nobody uses the forum, bulk work need not yield. */
	public static final Duration QUIET = Duration.ofSeconds(1);

	/**
	 * After a batch of bulk work (digests, a morning's mails) that took
	 * {@code batchNanos}: while people use the forum, a pause {@link #YIELD} times as
	 * long; otherwise none.
	 */
	public void yieldAfter(long batchNanos) {
		if (busy(QUIET)) {
			try {
				Thread.sleep(Duration.ofNanos(batchNanos * YIELD));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A request is in hand, or one was answered within {@code within}. */
	public boolean busy(Duration within) {
		return this.inHand.get() > 0 || System.nanoTime() - this.answered.get() < within.toNanos();
	}

}
