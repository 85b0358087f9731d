package de.kommunalpakt.forum.web;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

	@Test
	void aStepWaitsForTheRequestInHandAndBeginsAfterItsAnswer() throws Exception {
		RequestActivity activity = new RequestActivity();
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		AtomicLong answeredAt = new AtomicLong();
		try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
			Future<?> request = threads.submit(() -> {
				activity.doFilter(new MockHttpServletRequest("POST", "/t/1/antworten"), new MockHttpServletResponse(),
						(req, res) -> {
							inside.countDown();
							try {
								answer.await();
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
							}
							answeredAt.set(System.nanoTime());
						});
				return null;
			});
			assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
			Future<Long> step = threads.submit(() -> activity.step(System::nanoTime));
			Thread.sleep(RequestActivity.MAX_WAIT.toMillis() / 4);
			assertThat(step.isDone()).as("a step while a request is in hand").isFalse();
			answer.countDown();
			request.get(5, TimeUnit.SECONDS);
			long began = step.get(5, TimeUnit.SECONDS);
			assertThat(began - answeredAt.get()).as("the step begins after the answer and its gap")
				.isGreaterThanOrEqualTo(RequestActivity.GAP.toNanos());
		}
	}

	@Test
	void aStepBeginsAfterTheLongestWaitWhileRequestsComeWithoutPause() throws Exception {
		RequestActivity activity = new RequestActivity();
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newFixedThreadPool(1)) {
			threads.submit(() -> {
				activity.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (req, res) -> {
					inside.countDown();
					try {
						answer.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				return null;
			});
			assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
			long asked = System.nanoTime();
			long began = activity.step(System::nanoTime);
			// The request is still in hand: bulk work moves on after the longest wait.
			assertThat(began - asked).isGreaterThanOrEqualTo(RequestActivity.MAX_WAIT.toNanos());
			answer.countDown();
		}
	}

	@Test
	void whilePeopleUseTheForumOneStepRunsAtATimeAndWhileNobodyDoesSeveral() throws Exception {
		RequestActivity activity = new RequestActivity();
		assertThat(mostStepsAtOnce(activity)).as("nobody uses the forum").isEqualTo(4);
		activity.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (req, res) -> {
		});
		assertThat(mostStepsAtOnce(activity)).as("a request answered just now").isEqualTo(1);
	}

	@Test
	void whilePeopleUseTheForumAStepRestsAsLongAsItTook() throws Exception {
		RequestActivity activity = new RequestActivity();
		long alone = timedStep(activity);
		assertThat(alone).as("nobody uses the forum").isLessThan(2 * STEP_NANOS);
		activity.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (req, res) -> {
		});
		assertThat(timedStep(activity)).as("a request answered just now")
			.isGreaterThanOrEqualTo(STEP_NANOS + STEP_NANOS * RequestActivity.REST);
	}

	@Test
	void aLongStepRestsNoLongerThanTheLongestRest() throws Exception {
		RequestActivity activity = new RequestActivity();
		activity.doFilter(new MockHttpServletRequest("GET", "/"), new MockHttpServletResponse(), (req, res) -> {
		});
		long step = RequestActivity.MAX_REST.toNanos() * 2;
		long took = timedStep(activity, step);
		assertThat(took).as("a step of %d ms with its rest", step / 1_000_000)
			.isGreaterThanOrEqualTo(step + RequestActivity.MAX_REST.toNanos())
			.isLessThan(step * 2);
	}

	private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

	/**
	 * How long a step of 40 ms and the next step (no work) take, the rest between
	 * included.
	 */
	private static long timedStep(RequestActivity activity) {
		return timedStep(activity, STEP_NANOS);
	}

	private static long timedStep(RequestActivity activity, long stepNanos) {
		long began = System.nanoTime();
		activity.step(() -> {
			long until = System.nanoTime() + stepNanos;
			while (System.nanoTime() < until) {
				java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
			}
		});
		activity.step(() -> {
		});
		return System.nanoTime() - began;
	}

	/** Four steps asked for at once, each 30 ms long: how many ran at the same time. */
	private static int mostStepsAtOnce(RequestActivity activity) {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		CountDownLatch ready = new CountDownLatch(4);
		try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
			CompletableFuture<?>[] steps = new CompletableFuture<?>[4];
			for (int i = 0; i < 4; i++) {
				steps[i] = CompletableFuture.runAsync(() -> {
					ready.countDown();
					try {
						ready.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					activity.step(() -> {
						most.accumulateAndGet(running.incrementAndGet(), Math::max);
						try {
							Thread.sleep(30);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						running.decrementAndGet();
					});
				}, threads);
			}
			CompletableFuture.allOf(steps).join();
		}
		return most.get();
	}

}
