package de.kommunalpakt.forum.shared;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The forum's own background threads, as Spring's task executors: one daemon thread each,
 * named, stopped by their owner's lifecycle (Spring's graceful shutdown of the web server
 * runs first, then the owners stop their threads).
 */
public final class BackgroundThreads {

	private BackgroundThreads() {
	}

	/**
	 * One thread that runs tasks in order; {@code shutdown()} interrupts the task in
	 * hand.
	 */
	public static ThreadPoolTaskExecutor executor(String name) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
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
