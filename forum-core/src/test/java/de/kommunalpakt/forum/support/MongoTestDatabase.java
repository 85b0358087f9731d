package de.kommunalpakt.forum.support;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server in memory, reached through the real sync driver: the
 * repositories are tested through the same protocol they use in production.
 */
public final class MongoTestDatabase implements AutoCloseable {

	private final MongoServer server;

	private final MongoClient client;

	public MongoTestDatabase() {
		this(false);
	}

	/**
	 * A server whose oplog is on when asked: change streams need it.
	 * @param oplog whether change streams work
	 */
	public MongoTestDatabase(boolean oplog) {
		this(oplog, null);
	}

	/**
	 * A server reached through a client that reports every command to the listener.
	 * @param oplog whether change streams work
	 * @param listener sees the commands as the driver sends them, or {@code null}
	 */
	public MongoTestDatabase(boolean oplog, CommandListener listener) {
		this.server = new MongoServer(new MemoryBackend());
		if (oplog) {
			this.server.enableOplog();
		}
		this.server.bind("127.0.0.1", 0);
		MongoClientSettings.Builder settings = MongoClientSettings.builder()
			.applyConnectionString(
					new ConnectionString("mongodb://127.0.0.1:" + this.server.getLocalAddress().getPort()));
		if (listener != null) {
			settings.addCommandListener(listener);
		}
		this.client = MongoClients.create(settings.build());
	}

	public MongoDatabase database(String name) {
		return this.client.getDatabase(name);
	}

	public MongoClient client() {
		return this.client;
	}

	@Override
	public void close() {
		this.client.close();
		this.server.shutdown();
	}

}
