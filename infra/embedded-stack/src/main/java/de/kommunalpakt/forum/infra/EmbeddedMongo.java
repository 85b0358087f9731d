package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.bson.BsonTimestamp;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * The in-process MongoDB wire-protocol server of the embedded stack: H2 file backend for
 * a run (data kept between runs), memory backend for tests. Its oplog is on, so change
 * streams work. Clients use the real MongoDB driver against it.
 */
public final class EmbeddedMongo implements AutoCloseable {

	private final MongoServer server;

	private final InetSocketAddress address;

	/**
	 * How long oplog entries are kept. The stand-in answers every change stream poll by
	 * scanning and sorting its whole oplog, and nothing caps it (a real replica set's
	 * oplog is capped), so without trimming each poll gets slower with every write ever
	 * made. Change streams only need the recent past.
	 */
	static final java.time.Duration OPLOG_KEEP = java.time.Duration.ofSeconds(30);

	private final java.util.concurrent.ScheduledExecutorService trimmer = java.util.concurrent.Executors
		.newSingleThreadScheduledExecutor((r) -> {
			Thread t = new Thread(r, "mongo-oplog-trim");
			t.setDaemon(true);
			return t;
		});

	private MongoClient trimClient;

	private EmbeddedMongo(MongoBackend backend, int port) {
		this.server = new MongoServer(backend);
		this.server.enableOplog();
		this.server.bind("127.0.0.1", port);
		this.address = this.server.getLocalAddress();
		this.trimmer.scheduleWithFixedDelay(() -> trimOplog(OPLOG_KEEP), 10, 10, java.util.concurrent.TimeUnit.SECONDS);
	}

	/** Deletes oplog entries older than {@code keep}; returns how many. */
	public synchronized long trimOplog(java.time.Duration keep) {
		try {
			if (this.trimClient == null) {
				this.trimClient = MongoClients.create(connectionString());
			}
			int before = (int) (System.currentTimeMillis() / 1000 - keep.toSeconds());
			return this.trimClient.getDatabase("local")
				.getCollection("oplog.rs")
				.deleteMany(Filters.lt("ts", new BsonTimestamp(before, 0)))
				.getDeletedCount();
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	/** Keeps its data in an H2 file under {@code dataDir}. */
	public static EmbeddedMongo file(Path dataDir, int port) {
		try {
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new EmbeddedMongo(StandInH2Backend.open(dataDir.resolve("forum.mv").toAbsolutePath().toString()), port);
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
		this.trimmer.shutdownNow();
		synchronized (this) {
			if (this.trimClient != null) {
				this.trimClient.close();
			}
		}
		this.server.shutdownNow();
	}

}
