package de.kommunalpakt.forum.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How much the threads of this process (the forum and its stand-in) and of the mail
 * server computed in a window, and how long they waited for a core while runnable, from
 * the kernel's per-thread scheduler statistics ({@code /proc/<pid>/task/<tid>/schedstat}:
 * time on a core, time runnable but not yet on one, in nanoseconds). A thread that ends
 * in the window is missing from it. Also the heap this process allocated (the JVM's count
 * of every thread's allocations, the bench's posting client included) and its GC pauses
 * (G1: young and mixed collections, remark and cleanup; the beans' counts and times).
 */
final class SchedStats {

	/** Kinds of threads, by the kernel's thread name (15 characters of the Java name). */
	static final List<String> KINDS = List.of("Anfragen", "Stand-in", "GC", "JIT", "übrige", "Mailserver");

	/** Per thread ("pid/tid"): its kind, time on a core, time waiting for one. */
	private final Map<String, Task> tasks;

	private final long nanos;

	/** {@link BenchMain#REPLIES} then. */
	private final long posts;

	/** Bytes this process allocated until then. */
	private final long allocated;

	/** GC pauses until then: count and milliseconds. */
	private final long[] pauses;

	private record Task(String kind, long onCore, long waiting) {
	}

	private SchedStats(Map<String, Task> tasks, long nanos, long posts, long allocated, long[] pauses) {
		this.tasks = tasks;
		this.nanos = nanos;
		this.posts = posts;
		this.allocated = allocated;
		this.pauses = pauses;
	}

	/** Now, for this process and the mail server process ({@code mailPid} 0: none). */
	static SchedStats take(long mailPid) {
		Map<String, Task> tasks = new LinkedHashMap<>();
		add(tasks, ProcessHandle.current().pid(), null);
		if (mailPid > 0) {
			add(tasks, mailPid, "Mailserver");
		}
		long[] pauses = new long[2];
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			pauses[0] += Math.max(0, gc.getCollectionCount());
			pauses[1] += Math.max(0, gc.getCollectionTime());
		}
		long allocated = ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
			.getTotalThreadAllocatedBytes();
		return new SchedStats(tasks, System.nanoTime(), BenchMain.REPLIES.get(), allocated, pauses);
	}

	private static void add(Map<String, Task> tasks, long pid, String kind) {
		try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
			for (Path task : all) {
				try {
					String[] stat = Files.readString(task.resolve("schedstat")).strip().split(" ");
					tasks.put(pid + "/" + task.getFileName(),
							new Task((kind != null) ? kind : kindOf(Files.readString(task.resolve("comm")).strip()),
									Long.parseLong(stat[0]), Long.parseLong(stat[1])));
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		catch (IOException ex) {
			// The process ended (or no /proc): nothing of it.
		}
	}

	private static String kindOf(String comm) {
		if (comm.startsWith("http-nio")) {
			return "Anfragen";
		}
		if (comm.startsWith("mongo-server")) {
			return "Stand-in";
		}
		if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
			return "GC";
		}
		if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
			return "JIT";
		}
		return "übrige";
	}

	/**
	 * Processor time in the window from {@code this} to {@code later}, in seconds: per
	 * kind and all together.
	 */
	String totals(SchedStats later) {
		Map<String, long[]> byKind = byKind(later);
		return KINDS.stream()
			.map((k) -> String.format(Locale.GERMAN, "%s %.1f", k, byKind.get(k)[0] / 1e9))
			.collect(Collectors.joining("; "))
				+ String.format(Locale.GERMAN, "; zusammen %.1f s in %.1f s",
						byKind.values().stream().mapToLong((sum) -> sum[0]).sum() / 1e9,
						(later.nanos - this.nanos) / 1e9);
	}

	/**
	 * Per kind, in the window from {@code this} to {@code later}: nanoseconds on a core
	 * and runnable but waiting for one.
	 */
	private Map<String, long[]> byKind(SchedStats later) {
		Map<String, long[]> byKind = new LinkedHashMap<>();
		KINDS.forEach((k) -> byKind.put(k, new long[2]));
		later.tasks.forEach((id, b) -> {
			Task a = this.tasks.getOrDefault(id, new Task(b.kind(), 0, 0));
			long[] sum = byKind.get(b.kind());
			sum[0] += b.onCore() - a.onCore();
			sum[1] += b.waiting() - a.waiting();
		});
		return byKind;
	}

	/**
	 * Per second of the window from {@code this} to {@code later}, for each kind: cores
	 * used, and milliseconds spent runnable but waiting for a core; for the request
	 * threads also the wait per post the bench sent in the window.
	 */
	String perSecond(SchedStats later) {
		double seconds = (later.nanos - this.nanos) / 1e9;
		Map<String, long[]> byKind = byKind(later);
		long posts = Math.max(1, later.posts - this.posts);
		return String.format(Locale.GERMAN,
				"%,d Beiträge in %.0f s, Anfragen je Beitrag %.2f ms; Heap belegt %.0f MB/s, GC-Pausen %.2f/s (%.0f ms/s); ",
				posts, seconds, byKind.get("Anfragen")[1] / 1e6 / posts,
				(later.allocated - this.allocated) / 1e6 / seconds, (later.pauses[0] - this.pauses[0]) / seconds,
				(later.pauses[1] - this.pauses[1]) / seconds)
				+ KINDS.stream()
					.map((k) -> String.format(Locale.GERMAN, "%s %.2f / %.0f", k, byKind.get(k)[0] / 1e9 / seconds,
							byKind.get(k)[1] / 1e6 / seconds))
					.collect(Collectors.joining("; "));
	}

}
