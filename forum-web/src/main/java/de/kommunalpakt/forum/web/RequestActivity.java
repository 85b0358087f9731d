package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whether people use the forum right now: a request in hand, or one answered within a
 * moment. Bulk background work (a morning's digests) yields to them while they do and
 * runs at full speed while nobody does. The filter comes right after {@link RequestId},
 * before Spring Security's: a request is in hand from its first filter on, also while the
 * security chain loads its session and checks its token, and also when that chain answers
 * it (a refused form, a redirect to the login).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
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

	/** No request within this long: nobody uses the forum, bulk work need not yield. */
	public static final Duration QUIET = Duration.ofSeconds(1);

	/**
	 * Quiet after an answer before a step of bulk work begins: a client's next request
	 * (the page after a redirect, the next post) comes sooner.
	 */
	static final Duration GAP = Duration.ofMillis(3);

	/**
	 * The longest a step waits for a pause while requests come without one: bulk work
	 * still moves on a forum that is never quiet.
	 */
	static final Duration MAX_WAIT = Duration.ofSeconds(1);

	/** After a step while people use the forum, a rest this many times as long. */
	static final int REST = 1;

	/**
	 * The longest rest: a step that waited on the network (a relay's timeout) does not
	 * hold back the other steps as long again.
	 */
	static final Duration MAX_REST = Duration.ofMillis(250);

	/** While people use the forum: one step of bulk work at a time. */
	private final Semaphore steps = new Semaphore(1, true);

	/**
	 * {@link System#nanoTime} until which the last step's rest lasts; read and written
	 * only while holding {@link #steps}.
	 */
	private long restUntil = System.nanoTime();

	/**
	 * Runs one step of bulk work (a batch read or written, a digest built, a batch
	 * claimed, a mail sent; not the mark "sent", which goes at once). While nobody uses
	 * the forum, at once and beside other steps. While people do, one step at a time,
	 * each begun in a pause between requests (none in hand, the last answered
	 * {@link #GAP} ago) or after {@link #MAX_WAIT}, and followed by a rest as long as the
	 * step ({@link #REST}, at most {@link #MAX_REST}) before the next step begins: a
	 * request then finds at most one step running, not a batch of them on every core, and
	 * that at most half of the time.
	 */
	public <T> T step(Supplier<T> work) {
		if (!busy(QUIET)) {
			return work.get();
		}
		try {
			this.steps.acquire();
		}
		catch (InterruptedException ex) {
			// Stopping: the step runs, as a step does that began before.
			Thread.currentThread().interrupt();
			return work.get();
		}
		try {
			// The rest after the step before: its caller went on at once (a mail
			// the relay accepted is marked sent without waiting for it).
			rest(this.restUntil - System.nanoTime());
			long deadline = System.nanoTime() + MAX_WAIT.toNanos();
			while (busy(GAP) && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
				LockSupport.parkNanos(GAP.toNanos() / 3);
			}
			long began = System.nanoTime();
			try {
				return work.get();
			}
			finally {
				// As long again without bulk work: requests find a step running at most
				// half of the time.
				long ended = System.nanoTime();
				this.restUntil = ended + Math.min((ended - began) * REST, MAX_REST.toNanos());
			}
		}
		finally {
			this.steps.release();
		}
	}

	private static void rest(long nanos) {
		long until = System.nanoTime() + nanos;
		long left;
		while ((left = until - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
			LockSupport.parkNanos(left);
		}
	}

	/** {@link #step(Supplier)} for work without a result. */
	public void step(Runnable work) {
		step(() -> {
			work.run();
			return null;
		});
	}

	/** A request is in hand, or one was answered within {@code within}. */
	public boolean busy(Duration within) {
		return this.inHand.get() > 0 || System.nanoTime() - this.answered.get() < within.toNanos();
	}

}
