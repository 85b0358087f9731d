package de.kommunalpakt.forum.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import de.kommunalpakt.forum.infra.EmbeddedMongo;

/**
 * The benches' MongoDB stand-in: by default a process of its own, started from the
 * launcher launcher jar, so the bench measures the forum the way it runs in production,
 * beside its database and not sharing a heap (and garbage collection pauses) with it;
 * {@code --mongo=in-process} runs it inside the bench as earlier figures were measured.
 */
final class BenchMongo implements AutoCloseable {

	/**
	 * The stand-in process's JVM, as for a database server: its own collector threads and
	 * a large young generation. Random thread pages turn the H2 page cache over within
	 * seconds, so every young collection copies the whole cache (its pages are all
	 * young). With the JVM's defaults for a 2 GB heap (SerialGC, 540 MB eden) that was a
	 * pause of 40 to 48 ms every 1.4 s, which every thread page waiting on the stand-in
	 * at that moment waited out: most of the thread page's p99 at 16 connections (GC log,
	 * 100,000 posts). Here: pauses of 20 to 35 ms every 3 to 4 s. Other options for a
	 * run: {@code --mongo-jvm="..."}.
	 */
	static final String SERVER_JVM = "-XX:+UseParallelGC -Xmx3g -Xmn1536m";

	/**
	 * Null for a stand-in inside the bench's own process ({@code --mongo=in-process}).
	 */
	private final Process process;

	private final EmbeddedMongo inProcess;

	private final String connectionString;

	private final String description;

	private BenchMongo(Process process, EmbeddedMongo inProcess, String connectionString, String description) {
		this.process = process;
		this.inProcess = inProcess;
		this.connectionString = connectionString;
		this.description = description;
	}

	/**
	 * Where the stand-in runs, for a results table: in the bench, or its own JVM's
	 * options.
	 */
	String description() {
		return this.description;
	}

	/**
	 * The stand-in for a bench: its own process unless {@code args} say
	 * {@code --mongo=in-process} (how earlier figures were measured).
	 */
	static BenchMongo start(String[] args, Path dataDir, Path log) throws IOException {
		if (java.util.Arrays.asList(args).contains("--mongo=in-process")) {
			EmbeddedMongo mongo = (dataDir != null) ? EmbeddedMongo.file(dataDir, 0) : EmbeddedMongo.inMemory(0);
			return new BenchMongo(null, mongo, mongo.connectionString(), "im Messprozess");
		}
		return startProcess(dataDir, log, BenchMain.stringArg(args, "mongo-jvm", SERVER_JVM));
	}

	/**
	 * Starts the stand-in process with its H2 store in {@code dataDir}, or in memory when
	 * it is null; its output goes to {@code log}.
	 */
	private static BenchMongo startProcess(Path dataDir, Path log, String jvmOptions) throws IOException {
		String jar = System.getProperty("forum.launcher.jar", "infra/launcher/target/forum-launcher.jar");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// Without a configuration Logback logs every command at DEBUG.
		Path logback = log.resolveSibling("mongo-logback.xml");
		Files.writeString(logback, """
				<configuration>
				  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
				    <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
				  </appender>
				  <root level="WARN"><appender-ref ref="out"/></root>
				</configuration>
				""");
		List<String> command = new ArrayList<>(
				List.of(java, "-Dlogback.configurationFile=" + logback.toAbsolutePath()));
		for (String option : jvmOptions.split(" ")) {
			if (!option.isBlank()) {
				command.add(option);
			}
		}
		command.addAll(List.of("-cp", jar, "-Dloader.main=" + EmbeddedMongo.class.getName(),
				"org.springframework.boot.loader.launch.PropertiesLauncher"));
		if (dataDir != null) {
			command.add("--data-dir=" + dataDir.toAbsolutePath());
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
		String line;
		while ((line = out.readLine()) != null && !line.startsWith("mongodb://")) {
			logFile.write(line + "\n");
		}
		if (line == null) {
			logFile.close();
			process.destroyForcibly();
			throw new IllegalStateException("MongoDB-Stand-in startet nicht, siehe " + log);
		}
		Thread drain = new Thread(() -> {
			try (logFile) {
				out.transferTo(logFile);
			}
			catch (IOException ex) {
				// The process ended.
			}
		}, "mongo-log");
		drain.setDaemon(true);
		drain.start();
		return new BenchMongo(process, null, line.trim(), "eigener Prozess: " + jvmOptions.trim());
	}

	String connectionString() {
		return this.connectionString;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		if (this.inProcess != null) {
			this.inProcess.close();
			return;
		}
		this.process.getOutputStream().close();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
