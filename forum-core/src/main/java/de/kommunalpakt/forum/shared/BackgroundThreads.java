package de.kommunalpakt.forum.shared;

import java.util.function.Supplier;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The forum's own background threads, as Spring's task executors: one daemon thread each,
 * named, stopped by their owner's lifecycle (Spring's graceful shutdown of the web server
 * runs first, then the owners stop their threads).
 */
public final class BackgroundThreads {

	/**
	 * The priority of bulk work that people do not wait for (a morning's digests, the
	 * outbox, composing mails): the lowest. With the JVM options of {@code ./forum start}
	 * ({@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}) Linux runs
	 * such threads at nice 19, so that a request that wants a core gets it at once
	 * instead of sharing it; without them the JVM leaves every thread at the same
	 * priority. The forum's own pauses ({@code RequestActivity}) still apply: the
	 * database work such a thread asks for runs in the database's threads.
	 */
	public static final int BULK_PRIORITY = Thread.MIN_PRIORITY;

	private BackgroundThreads() {
	}

	/**
	 * Runs {@code work} on the calling thread at {@link #BULK_PRIORITY}, then gives the
	 * thread its priority back.
	 */
	public static <T> T asBulk(Supplier<T> work) {
		Thread self = Thread.currentThread();
		int priority = self.getPriority();
		self.setPriority(BULK_PRIORITY);
		try {
			return work.get();
		}
		finally {
			self.setPriority(priority);
		}
	}

	/**
	 * One thread that runs tasks in order; {@code shutdown()} interrupts the task in
	 * hand.
	 */
	public static ThreadPoolTaskExecutor executor(String name) {
		return executor(name, Thread.NORM_PRIORITY);
	}

	/**
	 * One thread that runs tasks in order at this priority (see {@link #BULK_PRIORITY});
	 * {@code shutdown()} interrupts the task in hand.
	 */
	public static ThreadPoolTaskExecutor executor(String name, int priority) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadPriority(priority);
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setThreadNamePrefix(name + "-");
		executor.setDaemon(true);
		executor.setWaitForTasksToCompleteOnShutdown(false);
		executor.setBeanName(name);
		executor.initialize();
		return executor;
	}

	/** One thread for delayed tasks; {@code shutdown()} drops those not yet due. */
	public static ThreadPoolTaskScheduler scheduler(String name) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix(name + "-");
		scheduler.setDaemon(true);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setWaitForTasksToCompleteOnShutdown(false);
		scheduler.setBeanName(name);
		scheduler.initialize();
		return scheduler;
	}

}
