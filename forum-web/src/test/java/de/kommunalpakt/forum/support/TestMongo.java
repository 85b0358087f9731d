package de.kommunalpakt.forum.support;

import de.kommunalpakt.forum.infra.EmbeddedMongo;

/**
 * One in-memory MongoDB wire-protocol server per test JVM, reached through the real
 * driver.
 */
public final class TestMongo {

	private static EmbeddedMongo mongo;

	private TestMongo() {
	}

	public static synchronized String uri() {
		if (mongo == null) {
			mongo = EmbeddedMongo.inMemory(0);
			Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
		}
		return mongo.connectionString();
	}

}
