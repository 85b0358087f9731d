package de.kommunalpakt.forum.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;

import de.kommunalpakt.forum.search.SearchProperties;
import org.springframework.stereotype.Component;

/**
 * The thread index: a concrete index {@code <alias>-v<time>} behind the alias the forum
 * reads. Documents carry the thread's version as external version, so replays and
 * concurrent indexers never put an older state over a newer one.
 */
@Component
public class ThreadIndex {

	private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
		.withZone(ZoneOffset.UTC);

	private final ElasticsearchClient client;

	private final SearchProperties properties;

	private final Clock clock;

	public ThreadIndex(ElasticsearchClient client, SearchProperties properties, Clock clock) {
		this.client = client;
		this.properties = properties;
		this.clock = clock;
	}

	public String alias() {
		return this.properties.index();
	}

	/**
	 * Creates the first concrete index and the alias if there is none; true when it did.
	 */
	public boolean ensureExists() throws IOException {
		if (this.client.indices().existsAlias((r) -> r.name(alias())).value()) {
			return false;
		}
		String index = createConcreteIndex();
		this.client.indices().updateAliases((r) -> r.actions((a) -> a.add((add) -> add.index(index).alias(alias()))));
		return true;
	}

	/** A new, empty concrete index with the project's settings and mappings. */
	public String createConcreteIndex() throws IOException {
		String index = alias() + "-v" + SUFFIX.format(this.clock.instant()) + "-" + System.nanoTime() % 1000;
		try (InputStream definition = ThreadIndex.class.getResourceAsStream("/search/thread-index.json")) {
			this.client.indices().create((r) -> r.index(index).withJson(definition));
		}
		return index;
	}

	/**
	 * Writes a thread unless the index already holds the same or a newer version of it.
	 */
	public void put(String index, String threadId, long version, ThreadDocument document) throws IOException {
		try {
			this.client.index((r) -> r.index(index)
				.id(threadId)
				.version(version)
				.versionType(VersionType.ExternalGte)
				.document(document));
		}
		catch (ElasticsearchException ex) {
			if (ex.status() != 409) {
				throw ex;
			}
			// A newer version is already indexed: nothing to do.
		}
	}

	public void delete(String index, String threadId) throws IOException {
		this.client.delete((r) -> r.index(index).id(threadId));
	}

	/** Points the alias at {@code index} alone, in one atomic step. */
	public void switchAlias(String index) throws IOException {
		var current = this.client.indices().getAlias((r) -> r.name(alias())).result().keySet();
		this.client.indices().updateAliases((r) -> {
			current.forEach((old) -> r.actions((a) -> a.remove((rm) -> rm.index(old).alias(alias()))));
			return r.actions((a) -> a.add((add) -> add.index(index).alias(alias())));
		});
		for (String old : current) {
			if (!old.equals(index)) {
				this.client.indices().delete((r) -> r.index(old));
			}
		}
	}

	public void refresh() {
		try {
			this.client.indices().refresh((r) -> r.index(alias()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
