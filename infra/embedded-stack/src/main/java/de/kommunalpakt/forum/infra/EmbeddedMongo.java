package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The in-process MongoDB wire-protocol server of the embedded stack: H2 file backend for
 * a run (data kept between runs), memory backend for tests. Its oplog is on and kept in
 * memory ({@link RecentOplog}), so change streams work. Clients use the real MongoDB
 * driver against it.
 */
public final class EmbeddedMongo implements AutoCloseable {

	private final MongoServer server;

	private final InetSocketAddress address;

	private EmbeddedMongo(MongoBackend backend, int port) {
		this.server = new MongoServer(backend);
		this.server.enableOplog();
		this.server.bind("127.0.0.1", port);
		this.address = this.server.getLocalAddress();
	}

	/**
	 * Runs the stand-in as a process of its own, as MongoDB runs beside the forum in
	 * production (the benches use it so the stand-in's work and garbage stay out of the
	 * forum's heap). Prints its address as a line of its own ({@code mongodb://…}, after
	 * any log lines) and stops when its standard input closes.
	 *
	 * <pre>
	 * java -cp … de.kommunalpakt.forum.infra.EmbeddedMongo [--data-dir=DIR] [--port=N] [--durability=fsync|commit]
	 * </pre>
	 */
	public static void main(String[] args) throws IOException {
		Path dataDir = null;
		int port = 0;
		Durability durability = Durability.configured();
		for (String arg : args) {
			if (arg.startsWith("--data-dir=")) {
				dataDir = Path.of(arg.substring("--data-dir=".length()));
			}
			else if (arg.startsWith("--durability=")) {
				durability = Durability.parse(arg.substring("--durability=".length()));
			}
			else if (arg.startsWith("--port=")) {
				port = Integer.parseInt(arg.substring("--port=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown argument: " + arg);
			}
		}
		try (EmbeddedMongo mongo = (dataDir != null) ? file(dataDir, port, durability) : inMemory(port)) {
			System.out.println(mongo.connectionString());
			System.out.flush();
			while (System.in.read() != -1) {
				// Input is ignored; its end stops the server.
			}
		}
	}

	/**
	 * Keeps its data in an H2 file under {@code dataDir}, durable as the system property
	 * {@value Durability#PROPERTY} says (default {@code commit}).
	 */
	public static EmbeddedMongo file(Path dataDir, int port) {
		return file(dataDir, port, Durability.configured());
	}

	/** Keeps its data in an H2 file under {@code dataDir}. */
	public static EmbeddedMongo file(Path dataDir, int port, Durability durability) {
		try {
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new EmbeddedMongo(
				StandInH2Backend.open(dataDir.resolve("forum.mv").toAbsolutePath().toString(), durability), port);
	}

	/** Keeps its data in memory (tests); port 0 picks a free one. */
	public static EmbeddedMongo inMemory(int port) {
		return new EmbeddedMongo(new MemoryBackend() {

			@Override
			protected Oplog createOplog() {
				return new RecentOplog(this, getCursorRegistry());
			}

		}, port);
	}

	/**
	 * What the acknowledgement of a write promises. In both modes a write command is
	 * answered only after H2 has committed it, i.e. written it to the file: a crash of
	 * the process (even {@code kill -9}) loses nothing acknowledged.
	 */
	public enum Durability {

		/**
		 * The default: the answer does not wait for the disk; the file is forced to disk
		 * ({@code fsync}) every 10 ms if anything was written: a power cut may lose the
		 * writes of those last milliseconds. Waiting for the fsync doubled to quadrupled
		 * the time of a reply's six writes here (see README).
		 */
		COMMIT,

		/**
		 * The answer also waits until the write is forced to disk, one fsync shared by
		 * the writes that wait at the same time: a power cut loses nothing acknowledged
		 * either (as far as the disk keeps what it reports as flushed).
		 */
		FSYNC;

		/**
		 * The system property for the in-process stand-in (e.g. {@code ./forum start}).
		 */
		public static final String PROPERTY = "forum.embedded.mongo.durability";

		/**
		 * The mode the system property {@value #PROPERTY} names, else {@link #COMMIT}.
		 */
		public static Durability configured() {
			String option = System.getProperty(PROPERTY);
			return (option == null || option.isBlank()) ? COMMIT : parse(option.trim());
		}

		public String option() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		public static Durability parse(String option) {
			for (Durability d : values()) {
				if (d.option().equals(option)) {
					return d;
				}
			}
			throw new IllegalArgumentException("Unbekannte Dauerhaftigkeit: " + option + " (fsync oder commit)");
		}

	}

	public String connectionString() {
		return "mongodb://127.0.0.1:" + this.address.getPort();
	}

	public int port() {
		return this.address.getPort();
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
