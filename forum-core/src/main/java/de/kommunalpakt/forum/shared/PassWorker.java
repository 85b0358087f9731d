package de.kommunalpakt.forum.shared;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * One background thread that runs a pass when woken (a reader of the change log: the
 * notifications, the mail composer and dispatcher); wake-ups while a pass is queued add
 * nothing. The thread is Spring's {@link ThreadPoolTaskExecutor} with one thread and a
 * graceful stop: {@link #stop} lets the pass in hand finish, up to a timeout, then
 * interrupts it. A stopped worker may be started again (Spring pauses cached test
 * contexts that way, and a lifecycle restart does the same): the executor is made anew.
 */
public final class PassWorker {

	private final String name;

	private final Runnable settle;

	private final Runnable pass;

	private final AtomicBoolean queued = new AtomicBoolean();

	private volatile ThreadPoolTaskExecutor executor;

	private volatile boolean running;

	/**
	 * @param name the thread's name
	 * @param pass what a wake-up runs; the queued flag is cleared just before it starts,
	 * so a wake-up during a pass queues the next one
	 */
	public PassWorker(String name, Runnable pass) {
		this(name, () -> {
		}, pass);
	}

	/**
	 * @param name the thread's name
	 * @param settle runs first, while wake-ups still join the queued pass (to space
	 * passes out)
	 * @param pass what a wake-up runs after that
	 */
	public PassWorker(String name, Runnable settle, Runnable pass) {
		this.name = name;
		this.settle = settle;
		this.pass = pass;
		this.executor = newExecutor();
	}

	/** Queues a pass unless one is queued already or the worker is stopped. */
	public void wake() {
		if (this.running && this.queued.compareAndSet(false, true)) {
			try {
				this.executor.execute(() -> {
					this.settle.run();
					this.queued.set(false);
					this.pass.run();
				});
			}
			catch (TaskRejectedException ex) {
				this.queued.set(false);
			}
		}
	}

	/** Runs a task on the worker's thread and waits for it (tests, tools). */
	public void runAndWait(Runnable task, Duration timeout) throws Exception {
		Future<?> done = this.executor.submit(task);
		done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Runs one pass on the worker's thread and waits for it (tests, tools). */
	public void runAndWait(Duration timeout) throws Exception {
		runAndWait(this.pass, timeout);
	}

	public void start() {
		if (this.executor.getThreadPoolExecutor().isShutdown()) {
			this.executor = newExecutor();
			this.queued.set(false);
		}
		this.running = true;
		wake();
	}

	/**
	 * Finishes the pass in hand (at most {@code timeout}, then interrupts it) and stops.
	 * @return whether the pass in hand finished within the timeout
	 */
	public boolean stop(Duration timeout) {
		this.running = false;
		ThreadPoolTaskExecutor current = this.executor;
		current.getThreadPoolExecutor().shutdown();
		try {
			if (current.getThreadPoolExecutor().awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
		current.shutdown();
		return false;
	}

	public boolean isRunning() {
		return this.running;
	}

	private ThreadPoolTaskExecutor newExecutor() {
		return BackgroundThreads.executor(this.name);
	}

}
