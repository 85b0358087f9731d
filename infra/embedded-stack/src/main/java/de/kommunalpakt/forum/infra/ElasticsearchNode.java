package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A real Elasticsearch node from the {@code integ-test-zip} distribution on Maven
 * Central, started as a child process on a loopback port. Elasticsearch refuses to run as
 * root, so under root (CI) it runs as {@code nobody}.
 */
public final class ElasticsearchNode implements AutoCloseable {

	public static final String VERSION = "8.19.21";

	private static final String PROCESS_MARKER = "org.elasticsearch";

	private final Path workDir;

	private int requestedPort;

	private final List<Path> plugins;

	/**
	 * Options for Elasticsearch's own launcher JVM, which stays beside the node only to
	 * wait for it: no optimising compiler, a small code cache, 32 MB heap instead of the
	 * 64 MB it brings (13 MB are live after the start), and the stack's lean options.
	 */
	static final String CLI_JAVA_OPTS = "-Xmx32m -Xmn4m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -Xss256k "
			+ String.join(" ", ChildProcess.LEAN_JVM);

	private final String heap;

	private final String clusterName;

	private final int niceness;

	private Process process;

	private int port;

	private Thread shutdownHook;

	private ElasticsearchNode(Builder builder) {
		this.workDir = builder.workDir.toAbsolutePath();
		this.requestedPort = builder.port;
		this.plugins = List.copyOf(builder.plugins);
		this.heap = builder.heap;
		this.clusterName = builder.clusterName;
		this.niceness = builder.niceness;
	}

	public static Builder builder(Path workDir) {
		return new Builder(workDir);
	}

	/**
	 * Unpacks (once), installs the plugins (when they changed), starts and waits for
	 * health.
	 */
	public synchronized ElasticsearchNode start() {
		if (isRunning()) {
			return this;
		}
		long started = System.nanoTime();
		try {
			Files.createDirectories(this.workDir);
			Path home = this.workDir.resolve("elasticsearch-" + VERSION);
			ChildProcess.killStale(this.workDir.resolve("elasticsearch.pid"), PROCESS_MARKER);
			ChildProcess.unpackOnce(ChildProcess.mavenArtifact("org.elasticsearch.distribution.integ-test-zip",
					"elasticsearch", VERSION, "zip"), home);
			installPlugins(home);
			Path data = Files.createDirectories(this.workDir.resolve("es-data"));
			Path logs = Files.createDirectories(this.workDir.resolve("es-logs"));
			Path tmp = Files.createDirectories(this.workDir.resolve("es-tmp"));
			Path log = this.workDir.resolve("elasticsearch.log");
			if (ChildProcess.isRoot()) {
				ChildProcess.chown(this.workDir, "nobody:nogroup");
			}
			this.port = (this.requestedPort > 0) ? this.requestedPort : ChildProcess.freePort();
			List<String> command = new ArrayList<>();
			command.addAll(ChildProcess.nice(this.niceness));
			if (ChildProcess.isRoot()) {
				command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
			}
			command.addAll(List.of(home.resolve("bin/elasticsearch").toString(), "-Ehttp.port=" + this.port,
					"-Etransport.port=0", "-Enetwork.host=127.0.0.1", "-Ediscovery.type=single-node",
					"-Ecluster.name=" + this.clusterName, "-Epath.data=" + data, "-Epath.logs=" + logs,
					"-Ecluster.routing.allocation.disk.threshold_enabled=false",
					"-Eaction.destructive_requires_name=false", "-Expack.security.enabled=false",
					"-Expack.ml.enabled=false"));
			ProcessBuilder pb = new ProcessBuilder(ChildProcess.endsWithParent(command)).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(home.toFile());
			Map<String, String> env = pb.environment();
			env.put("ES_JAVA_HOME", System.getProperty("java.home"));
			// Freed native memory back to the system every 5 s instead of staying with
			// glibc.
			env.put("ES_JAVA_OPTS", "-Xms" + this.heap + " -Xmx" + this.heap + " -XX:TrimNativeHeapInterval=5000");
			env.put("ES_TMPDIR", tmp.toString());
			env.put("CLI_JAVA_OPTS", CLI_JAVA_OPTS);
			env.remove("JAVA_TOOL_OPTIONS");
			this.process = pb.start();
			ChildProcess.writePid(this.workDir.resolve("elasticsearch.pid"), this.process);
			this.shutdownHook = ChildProcess.stopper("elasticsearch-stop", this.process,
					this.workDir.resolve("elasticsearch.pid"));
			ChildProcess.stopOnExit(this.process, this.shutdownHook);
			ChildProcess.waitUntil("Elasticsearch", Duration.ofMinutes(3), this.process, log,
					() -> ChildProcess.httpStatus(httpUri() + "/_cluster/health?wait_for_status=yellow&timeout=1s",
							Duration.ofSeconds(3)) == 200);
			System.out.printf("Elasticsearch %s bereit auf %s (%d s)%n", VERSION, httpUri(),
					Duration.ofNanos(System.nanoTime() - started).toSeconds());
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void installPlugins(Path home) throws IOException {
		String wanted = checksum(this.plugins);
		Path marker = home.resolve(".plugins");
		if (Files.exists(marker) && Files.readString(marker).equals(wanted)) {
			return;
		}
		ChildProcess.deleteTree(home.resolve("plugins"));
		Files.createDirectories(home.resolve("plugins"));
		for (Path plugin : this.plugins) {
			ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/elasticsearch-plugin").toString(), "install",
					"--batch", plugin.toAbsolutePath().toUri().toString())
				.redirectErrorStream(true);
			pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
			pb.environment().remove("JAVA_TOOL_OPTIONS");
			try {
				Process install = pb.start();
				String out = new String(install.getInputStream().readAllBytes());
				if (install.waitFor() != 0) {
					throw new IllegalStateException("Plugin install of " + plugin + " failed:\n" + out);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		Files.writeString(marker, wanted);
	}

	private static String checksum(List<Path> files) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Path file : files) {
				digest.update(Files.readAllBytes(file));
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String httpUri() {
		return "http://127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** Stops the node and everything it started; safe to call twice. */
	public synchronized void stop() {
		if (this.process != null) {
			ChildProcess.stop(this.process, Duration.ofSeconds(20));
			this.process = null;
			try {
				Files.deleteIfExists(this.workDir.resolve("elasticsearch.pid"));
				if (this.shutdownHook != null && !Thread.currentThread().getName().equals("elasticsearch-stop")) {
					Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// Shutting down anyway.
			}
		}
	}

	/** Starts again on the same port and data (used to test that nothing is lost). */
	public synchronized ElasticsearchNode restart() {
		int keep = this.port;
		stop();
		this.requestedPort = keep;
		return start();
	}

	@Override
	public void close() {
		stop();
	}

	/** Options of a node. */
	public static final class Builder {

		private final Path workDir;

		private int port;

		private final List<Path> plugins = new ArrayList<>();

		private String heap = "512m";

		private String clusterName = "forum-kommunalpakt";

		private int niceness;

		private Builder(Path workDir) {
			this.workDir = workDir;
		}

		/** HTTP port; 0 picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder plugin(Path zip) {
			this.plugins.add(zip);
			return this;
		}

		public Builder plugins(List<Path> zips) {
			this.plugins.addAll(zips);
			return this;
		}

		public Builder heap(String heap) {
			this.heap = heap;
			return this;
		}

		public Builder clusterName(String clusterName) {
			this.clusterName = clusterName;
			return this;
		}

		/**
		 * Runs the node at a lower CPU priority ({@code nice}, 1–19), for a node that
		 * shares the machine with the application it serves: indexing then waits for
		 * requests rather than the other way round.
		 */
		public Builder niceness(int niceness) {
			this.niceness = niceness;
			return this;
		}

		public ElasticsearchNode build() {
			return new ElasticsearchNode(this);
		}

	}

}
