package de.kommunalpakt.forum.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.drill.ForumProcess;
import de.kommunalpakt.forum.infra.EmbeddedMongo;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.thread.ThreadId;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bench in the configuration users run: the bench corpus (100,000 posts in 2,000
 * threads) is written into a data folder, then {@code forum-launcher.jar} starts on it
 * exactly as {@code ./forum start} runs it (same JVM options, MongoDB stand-in inside the
 * forum's process, Keycloak and Elasticsearch as its children, demo content, search index
 * rebuilt from MongoDB). Measures thread pages at 16 connections and replies through the
 * form, the resident memory (RSS, now and peak) of every process of the stack, and the
 * time of a second start (after SIGTERM and after kill -9 of the whole stack).
 *
 * <p>
 * {@code ./forum bench-start [--threads=2000] [--posts-per-thread=50] [--seconds=30] [--warmup=20] [--jfr=FOLDER]}
 * (needs the ports of {@code ./forum start}: 8080, 8180, 9250, 27018)
 */
public final class StartBench {

	/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
	private static final int TICKS_PER_SECOND = 100;

	/** The JVM options of {@code ./forum start} (the script's {@code start} command). */
	static final List<String> START_JVM = ForumProcess.startJvm();

	private StartBench() {
	}

	public static void main(String[] args) throws Exception {
		try {
			run(args);
		}
		catch (Exception | Error ex) {
			ex.printStackTrace();
			// The seed's application and the stand-in leave threads that would keep the
			// JVM alive.
			System.exit(1);
		}
		System.exit(0);
	}

	private static void run(String[] args) throws Exception {
		int threads = BenchMain.intArg(args, "threads", 2000);
		int postsPerThread = BenchMain.intArg(args, "posts-per-thread", 50);
		int seconds = BenchMain.intArg(args, "seconds", 30);
		BenchMain.warmup = BenchMain.intArg(args, "warmup", BenchMain.warmup);
		BenchCorpus corpus = BenchCorpus.fromArgs(args);
		Path work = TestServices.projectRoot().resolve("target/bench-start");
		BenchMain.ChildProcessCleanup.deleteQuietly(work);
		Path data = work.resolve("data");
		Files.createDirectories(data);
		List<String> results = new ArrayList<>();

		System.out.println("==> Schreibe den Bench-Korpus in " + data + " ...");
		List<ThreadId> ids = seed(data, corpus, threads, postsPerThread, results);

		Path jar = Path.of(System.getProperty("forum.launcher.jar", "infra/launcher/target/forum-launcher.jar"));
		List<String> jvm = new ArrayList<>(START_JVM);
		String jfr = BenchMain.stringArg(args, "jfr", null);
		if (jfr != null) {
			// A profile of each forum process (one file per start) over its run, for
			// finding where the
			// time goes (JDK Flight Recorder, settings "profile").
			jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath()
					+ "/forum-%p.jfr");
		}
		String extra = BenchMain.stringArg(args, "forum-jvm", null);
		if (extra != null) {
			// For example an -agentpath: for a wall-clock profile of the forum.
			jvm.addAll(List.of(extra.trim().split("\\s+")));
		}
		ForumProcess forum = new ForumProcess(new ForumProcess.Settings(jar, data, 8080, 27018, null, null, null, jvm));
		// "JIT quiet" is the forum's JIT, not this process's: asked here before, the
		// first measurement (wrk) ran while C2 still compiled in the forum, about a core
		// for two minutes (jstat), and came out at half the Java client's rate.
		BenchMain.serverCompileMillis = () -> compileMillis(forum.pid());
		System.out.println("==> Starte das Forum wie ./forum start (" + String.join(" ", START_JVM) + ") ...");
		Duration started = forum.start(Duration.ofMinutes(10));
		results.add(String.format(
				"| Start bis „ist bereit“ (Keycloak und Elasticsearch mit frischem Datenordner) | – | – | – | – | %d s |",
				started.toSeconds()));
		Duration indexed = awaitSearchIndex(forum, Duration.ofMinutes(10));
		results.add(String.format("| Suchindex aus MongoDB aufgebaut (nach dem Start) | – | – | – | – | %d s |",
				indexed.toSeconds()));
		try {
			String base = forum.baseUrl();
			HttpClient client = BenchMain.browserClient();
			BenchMain.login(client, base, "darmstadt");
			// The seed writes through the repositories without change entries: the
			// first start's thread check adds them (one per thread), and the search
			// indexer and the notifications then work through them. The pages are
			// measured once they have, as a forum runs after its first start.
			results.add(String.format(
					"| Änderungen der Start-Prüfung verarbeitet (Suchindex, Benachrichtigungen) | – | – | – | – | %d s |",
					awaitCaughtUp(client, base, Duration.ofMinutes(10)).toSeconds()));
			List<String> cpu = new ArrayList<>();
			if (WrkLoad.available()) {
				results.add(cpu(forum, "Themenseite, wrk", cpu,
						() -> WrkLoad.threadPages(client, base, ids, postsPerThread, 16, seconds, work)));
			}
			results.add(cpu(forum, "Themenseite, Java-Client", cpu,
					() -> BenchMain.threadPages(client, base, ids, postsPerThread, 16, seconds)));
			results.add(cpu(forum, "Beitrag anlegen, 1 Verbindung", cpu,
					() -> BenchMain.createPosts(client, base, ids, 1, Math.max(5, seconds / 3))));
			results.add(cpu(forum, "Beitrag anlegen, 4 Verbindungen", cpu,
					() -> BenchMain.createPosts(client, base, ids, 4, Math.max(5, seconds / 3))));
			results.addAll(cpu);
			results.addAll(memory(forum));
			// A normal restart must stay cheap: the checks of counters and search index
			// on start (ThreadCheck, IndexCheck) run over all threads before "bereit".
			forum.stop();
			results.add(String.format(
					"| Zweiter Start nach SIGTERM (Prüfung der Zähler und des Suchindex) | – | – | – | – | %d s |",
					forum.start(Duration.ofMinutes(5)).toSeconds()));
			forum.kill(true);
			results.add(String.format("| Start nach kill -9 des ganzen Stacks | – | – | – | – | %d s |",
					forum.start(Duration.ofMinutes(5)).toSeconds()));
			String table = table(results, corpus, threads, postsPerThread);
			System.out.println(table);
			Files.writeString(work.resolve("results.md"), table);
		}
		finally {
			forum.stop();
		}
	}

	/**
	 * Writes the corpus through the repositories, with the stand-in on the data folder
	 * the launcher opens next ({@code data/mongo}, database {@code forum}).
	 */
	private static List<ThreadId> seed(Path data, BenchCorpus corpus, int threads, int postsPerThread,
			List<String> results) throws IOException {
		Map<String, String> properties = Map.of("forum.core.database", "forum", "forum.auth.issuer-uri",
				"http://localhost:9/realms/kommunalpakt", "server.port", "0", "logging.level.root", "warn",
				"spring.profiles.active", "bench", "forum.search.enabled", "false", "management.server.port", "0");
		try (EmbeddedMongo mongo = EmbeddedMongo.file(data.resolve("mongo"), 0)) {
			properties.forEach(System::setProperty);
			System.setProperty("spring.mongodb.uri", mongo.connectionString());
			try (ConfigurableApplicationContext app = new SpringApplication(ForumApplication.class).run()) {
				return BenchMain.seed(app, corpus, threads, postsPerThread, results);
			}
		}
		finally {
			properties.keySet().forEach(System::clearProperty);
			System.clearProperty("spring.mongodb.uri");
		}
	}

	/**
	 * The forum rebuilds the empty index from MongoDB after its start; the measurement
	 * begins when that is done (its log says so).
	 */
	/**
	 * Milliseconds the JIT compilers of process {@code pid} have spent so far, from its
	 * performance counters ({@code jcmd PID PerfCounter.print}: {@code java.ci.totalTime}
	 * in ticks of {@code sun.os.hrt.frequency}).
	 */
	static long compileMillis(long pid) {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(pid), "PerfCounter.print")
				.redirectErrorStream(true)
				.start();
			String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			jcmd.waitFor();
			long ticks = counter(out, "java.ci.totalTime");
			long frequency = counter(out, "sun.os.hrt.frequency");
			return ticks * 1000 / frequency;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long counter(String perfCounters, String name) {
		java.util.regex.Matcher m = java.util.regex.Pattern
			.compile("^" + java.util.regex.Pattern.quote(name) + "=(\\d+)$", java.util.regex.Pattern.MULTILINE)
			.matcher(perfCounters);
		if (!m.find()) {
			throw new IllegalStateException("Zähler " + name + " fehlt in jcmd PerfCounter.print");
		}
		return Long.parseLong(m.group(1));
	}

	private static Duration awaitSearchIndex(ForumProcess forum, Duration timeout) throws Exception {
		long began = System.nanoTime();
		long deadline = began + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String log = Files.readString(forum.log());
			if (log.contains("Alias umgeschaltet") || log.contains("Start-Prüfung des Suchindex:")) {
				return Duration.ofNanos(System.nanoTime() - began);
			}
			java.lang.Thread.sleep(1000);
		}
		throw new IllegalStateException("Der Suchindex wurde nicht in " + timeout + " aufgebaut");
	}

	/**
	 * Waits until the forum reports no unprocessed changes for any reader (its
	 * {@code forum_changes_backlog} gauges, on the forum's port here), twice in a row.
	 */
	private static Duration awaitCaughtUp(HttpClient client, String base, Duration timeout) throws Exception {
		long began = System.nanoTime();
		java.util.regex.Pattern gauge = java.util.regex.Pattern
			.compile("(?m)^forum_changes_backlog\\{[^}]*\\}\\s+([0-9.eE+]+)");
		int quiet = 0;
		while (System.nanoTime() - began < timeout.toNanos()) {
			var response = client.send(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/actuator/prometheus")).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("/actuator/prometheus antwortet " + response.statusCode());
			}
			java.util.regex.Matcher m = gauge.matcher(response.body());
			int readers = 0;
			double backlog = 0;
			while (m.find()) {
				readers++;
				backlog += Double.parseDouble(m.group(1));
			}
			quiet = (readers > 0 && backlog == 0) ? quiet + 1 : 0;
			if (quiet == 2) {
				return Duration.ofNanos(System.nanoTime() - began);
			}
			java.lang.Thread.sleep(1000);
		}
		throw new IllegalStateException("Die Änderungen wurden nicht in " + timeout + " verarbeitet");
	}

	/**
	 * Runs one measurement (warm-up included) and notes how many cores each process of
	 * the stack used meanwhile on average: where the two cores went (the forum,
	 * Elasticsearch still merging after the rebuild, Keycloak, the load generator).
	 */
	private static String cpu(ForumProcess forum, String what, List<String> rows, Callable<String> measurement)
			throws Exception {
		Map<String, Long> before = cpuTicks(forum);
		long began = System.nanoTime();
		String row = measurement.call();
		double seconds = (System.nanoTime() - began) / 1e9;
		Map<String, Long> after = cpuTicks(forum);
		StringBuilder shares = new StringBuilder();
		after.forEach((process, ticks) -> {
			double cores = (ticks - before.getOrDefault(process, 0L)) / (double) TICKS_PER_SECOND / seconds;
			shares.append(shares.isEmpty() ? "" : ", ").append(String.format("%s %.2f", process, cores));
		});
		rows.add(String.format("| Kerne belegt während „%s“ (%.0f s mit Aufwärmen) | – | – | – | – | %s |", what,
				seconds, shares));
		return row;
	}

	/**
	 * CPU time in clock ticks of the forum, each service, and this process with the load
	 * tools it started and waited for (wrk).
	 */
	private static Map<String, Long> cpuTicks(ForumProcess forum) {
		Map<String, Long> ticks = new java.util.LinkedHashMap<>();
		ProcessHandle root = ProcessHandle.of(forum.pid()).orElseThrow();
		ticks.put("Forum", cpuTicks(root.pid(), false));
		for (ProcessHandle process : root.descendants().toList()) {
			String command = process.info().commandLine().orElse("");
			String what = command.contains("keycloak") ? "Keycloak" : command.contains("elasticsearch")
					? "Elasticsearch" : command.contains("MailServer") ? "Mailserver" : "Hilfsprozesse";
			ticks.merge(what, cpuTicks(process.pid(), false), Long::sum);
		}
		ticks.put("Messprozess mit wrk", cpuTicks(ProcessHandle.current().pid(), true));
		return ticks;
	}

	/** utime + stime (and with {@code children} cutime + cstime) of a process, or 0. */
	private static long cpuTicks(long pid, boolean children) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// After the command in parentheses: fields 3 onwards; utime is field 14.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			if (children) {
				ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
			}
			return ticks;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/** RSS now and at its peak of the forum's process and each of its children. */
	private static List<String> memory(ForumProcess forum) throws IOException {
		List<String> rows = new ArrayList<>();
		long totalNow = 0;
		long totalPeak = 0;
		ProcessHandle root = ProcessHandle.of(forum.pid()).orElseThrow();
		for (ProcessHandle process : Stream.concat(Stream.of(root), root.descendants()).toList()) {
			long[] rss = rssKb(process.pid());
			if (rss[0] < 0) {
				continue;
			}
			String command = process.info().commandLine().orElse("");
			String what = (process == root)
					? "Forum mit MongoDB-Stand-in ("
							+ START_JVM.stream().filter((o) -> o.startsWith("-Xmx")).findFirst().orElse("") + ")"
					: command.contains("keycloak") ? "Keycloak" : command.contains("elasticsearch") ? "Elasticsearch"
							: command.contains("MailServer") ? "Mailserver" : "Hilfsprozess";
			if (rss[0] < 10 * 1024 && process != root) {
				// Shell wrappers of the services.
				continue;
			}
			totalNow += rss[0];
			totalPeak += rss[1];
			rows.add(String.format("| RSS %s (PID %d) | – | – | – | – | jetzt %.0f MB, Spitze %.0f MB |", what,
					process.pid(), rss[0] / 1024.0, rss[1] / 1024.0));
		}
		rows.add(String.format("| RSS ganzer Stack | – | – | – | – | jetzt %.0f MB, Summe der Spitzen %.0f MB |",
				totalNow / 1024.0, totalPeak / 1024.0));
		return rows;
	}

	/** VmRSS and VmHWM (peak) in KB, or -1 for a process that is gone. */
	static long[] rssKb(long pid) {
		long[] rss = { -1, -1 };
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					rss[0] = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
				else if (line.startsWith("VmHWM:")) {
					rss[1] = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException ex) {
			// The process ended.
		}
		return rss;
	}

	private static String table(List<String> rows, BenchCorpus corpus, int threads, int postsPerThread) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(
				"%n`./forum bench-start`: %,d Beiträge in %,d Themen (%s), Forum wie `./forum start` (%s, Stand-in im Prozess, Keycloak und Elasticsearch als Kindprozesse), %d Kerne%n%n",
				threads * postsPerThread, threads, corpus.description(), String.join(" ", START_JVM),
				Runtime.getRuntime().availableProcessors()));
		out.append("| Messung | Anfragen | p50 ms | p90 ms | p99 ms | Durchsatz / Wert |\n");
		out.append("|---|---|---|---|---|---|\n");
		rows.forEach((row) -> out.append(row).append('\n'));
		return out.toString();
	}

}
