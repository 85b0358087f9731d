package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The in-process MongoDB wire-protocol server of the embedded stack: H2 file backend for
 * a run (data kept between runs), memory backend for tests. Its oplog is on, so change
 * streams work. Clients use the real MongoDB driver against it.
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

	/** Keeps its data in an H2 file under {@code dataDir}. */
	public static EmbeddedMongo file(Path dataDir, int port) {
		try {
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new EmbeddedMongo(new H2Backend(dataDir.resolve("forum.mv").toAbsolutePath().toString()), port);
	}

	/** Keeps its data in memory (tests); port 0 picks a free one. */
	public static EmbeddedMongo inMemory(int port) {
		return new EmbeddedMongo(new MemoryBackend(), port);
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
