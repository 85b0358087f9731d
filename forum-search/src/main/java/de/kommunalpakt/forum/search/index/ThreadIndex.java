package de.kommunalpakt.forum.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.ScrollResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;

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

	/**
	 * Takes a thread out of the index at its version (a thread the moderation hid): an
	 * older version written later by a slow indexer is refused like any older write, a
	 * newer one (the thread shown again) is taken.
	 */
	public void withdraw(String index, String threadId, long version) throws IOException {
		try {
			this.client
				.delete((r) -> r.index(index).id(threadId).version(version).versionType(VersionType.ExternalGte));
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

	/** Whether the alias exists (an indexer built the index once). */
	public boolean exists() throws IOException {
		return this.client.indices().existsAlias((r) -> r.name(alias())).value();
	}

	/**
	 * Id and external version of every document behind the alias, in one scroll of 1,000
	 * hits a page without their sources.
	 */
	public Map<String, Long> versions() throws IOException {
		Map<String, Long> versions = new HashMap<>();
		SearchResponse<JsonData> first = this.client.search((r) -> r.index(alias())
			.scroll((t) -> t.time("1m"))
			.size(1000)
			.source((src) -> src.fetch(false))
			.version(true)
			.sort((o) -> o.doc((d) -> d)), JsonData.class);
		String scrollId = first.scrollId();
		first.hits().hits().forEach((hit) -> put(versions, hit));
		try {
			int page = first.hits().hits().size();
			while (page > 0 && scrollId != null) {
				String id = scrollId;
				ScrollResponse<JsonData> next = this.client.scroll((r) -> r.scrollId(id).scroll((t) -> t.time("1m")),
						JsonData.class);
				next.hits().hits().forEach((hit) -> put(versions, hit));
				page = next.hits().hits().size();
				scrollId = next.scrollId();
			}
		}
		finally {
			if (scrollId != null) {
				String id = scrollId;
				this.client.clearScroll((r) -> r.scrollId(id));
			}
		}
		return versions;
	}

	private static void put(Map<String, Long> versions, Hit<JsonData> hit) {
		versions.put(hit.id(), (hit.version() != null) ? hit.version() : 0L);
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
