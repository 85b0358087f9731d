package de.kommunalpakt.forum.search.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.infra.ElasticsearchNode;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.TestMongo;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thread acknowledged while Elasticsearch is down becomes searchable once the node is
 * back, with no manual step. Uses a node of its own, because it stops it.
 */
@SpringBootTest
class IndexingOutageTests {

	static final ElasticsearchNode NODE = startNode();

	@Autowired
	ThreadService threads;

	@Autowired
	SpaceRepository spaces;

	@Autowired
	ThreadSearch search;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "outage-tests");
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", NODE::httpUri);
		registry.add("forum.search.index", () -> "outage-threads");
		registry.add("forum.search.timeout", () -> "2s");
	}

	@AfterAll
	static void stopNode() {
		NODE.stop();
	}

	@Test
	void threadWrittenWhileElasticsearchIsDownIsFoundAfterItReturns() {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		start("Vorher geschriebenes Thema zum Wohngeldbescheid");
		awaitFound("Wohngeldbescheid");

		NODE.stop();
		start("Während des Ausfalls geschriebenes Thema zur Hundesteuerbefreiung");
		NODE.restart();

		awaitFound("Hundesteuerbefreiung");
		awaitFound("Wohngeldbescheid");
	}

	private void start(String title) {
		this.threads.start(ActorsForTests.land(), new ThreadCommands.StartThread("fragen", ThreadType.QUESTION, title,
				"Text zu " + title, Set.of(), Set.of(), null));
	}

	private void awaitFound(String word) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(this.search
				.search(new SearchRequest(word, Set.of("fragen"), null, null, null, null, null, false, 0, 10))
				.total()).isEqualTo(1));
	}

	private static ElasticsearchNode startNode() {
		Path root = TestServices.projectRoot();
		List<Path> plugins = new ArrayList<>();
		try (var dirs = Files.newDirectoryStream(root.resolve("forum-search/analysis-plugin"), "target*")) {
			for (Path dir : dirs) {
				try (var zips = Files.newDirectoryStream(dir, "forum-search-analysis-plugin-*.zip")) {
					zips.forEach(plugins::add);
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("The analysis plugin must be built first", ex);
		}
		plugins.sort(java.util.Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed());
		return ElasticsearchNode.builder(root.resolve("target/outage-node-" + ProcessHandle.current().pid()))
			.plugins(plugins.subList(0, Math.min(1, plugins.size())))
			.heap("256m")
			.build()
			.start();
	}

	/** The Land member of the tests, as the login maps it. */
	static final class ActorsForTests {

		private ActorsForTests() {
		}

		static de.kommunalpakt.forum.member.Actor land() {
			return de.kommunalpakt.forum.security.ActorMapper.fromClaims(Members.HESSEN.claims());
		}

	}

}
