package de.kommunalpakt.forum.mail;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One background thread that runs a pass when woken; wake-ups while a pass is queued add
 * nothing. Made anew at each start, because a stop ends it and a stopped context may be
 * started again (Spring pauses cached test contexts that way).
 */
final class Worker {

	private final String name;

	private final Runnable pass;

	private final AtomicBoolean queued = new AtomicBoolean();

	private volatile ExecutorService executor;

	private volatile boolean running;

	Worker(String name, Runnable pass) {
		this.name = name;
		this.pass = pass;
		this.executor = newExecutor();
	}

	/** Queues a pass unless one is queued already or the worker is stopped. */
	void wake() {
		if (this.running && this.queued.compareAndSet(false, true)) {
			try {
				this.executor.execute(() -> {
					this.queued.set(false);
					this.pass.run();
				});
			}
			catch (RejectedExecutionException ex) {
				this.queued.set(false);
			}
		}
	}

	/** Runs one pass on the worker's thread and waits for it (tests, tools). */
	void runAndWait(Duration timeout) throws Exception {
		this.executor.submit(this.pass).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	void start() {
		if (this.executor.isShutdown()) {
			this.executor = newExecutor();
			this.queued.set(false);
		}
		this.running = true;
		wake();
	}

	/** Finishes the pass in hand (at most {@code timeout}) and stops. */
	void stop(Duration timeout) {
		this.running = false;
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
	}

	boolean isRunning() {
		return this.running;
	}

	private ExecutorService newExecutor() {
		return Executors.newSingleThreadExecutor((r) -> {
			java.lang.Thread t = new java.lang.Thread(r, this.name);
			t.setDaemon(true);
			return t;
		});
	}

}
