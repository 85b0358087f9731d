package de.kommunalpakt.forum.shared;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PassWorkerTests {

	@Test
	void wakeUpsWhileAPassIsQueuedJoinIt() throws Exception {
		CountDownLatch inPass = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger passes = new AtomicInteger();
		PassWorker worker = new PassWorker("test-worker", () -> {
			if (passes.incrementAndGet() == 1) {
				inPass.countDown();
				waitFor(release);
			}
		});
		worker.start();
		assertThat(inPass.await(5, TimeUnit.SECONDS)).isTrue();
		// The first pass runs; these queue exactly one more.
		for (int i = 0; i < 50; i++) {
			worker.wake();
		}
		release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2);
		worker.runAndWait(() -> {
		}, Duration.ofSeconds(5));
		assertThat(passes).hasValue(2);
		worker.stop(Duration.ofSeconds(5));
	}

	@Test
	void stopLetsThePassFinishOrInterruptsItAfterTheTimeoutAndAStartMakesANewThread() throws Exception {
		CountDownLatch inPass = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicBoolean endless = new AtomicBoolean(true);
		AtomicInteger passes = new AtomicInteger();
		PassWorker worker = new PassWorker("test-worker", () -> {
			passes.incrementAndGet();
			if (endless.get()) {
				inPass.countDown();
				try {
					java.lang.Thread.sleep(60_000);
				}
				catch (InterruptedException ex) {
					interrupted.set(true);
				}
			}
		});
		worker.start();
		assertThat(inPass.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(worker.stop(Duration.ofMillis(200))).isFalse();
		await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
		assertThat(worker.isRunning()).isFalse();
		worker.wake();
		endless.set(false);
		worker.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2);
		assertThat(worker.stop(Duration.ofSeconds(5))).isTrue();
	}

	private static void waitFor(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
	}

}
