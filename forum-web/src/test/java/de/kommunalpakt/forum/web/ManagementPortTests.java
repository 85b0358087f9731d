package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.support.TestMongo;
import org.junit.jupiter.api.Test;

import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations as a data centre sees them: metrics for Prometheus (Boot's and the forum's
 * own) and the probes on a management port of their own, the metrics refused on the
 * forum's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class ManagementPortTests {

	@Value("${local.server.port}")
	int serverPort;

	@Value("${local.management.port}")
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	ThreadService threads;

	@Autowired
	SpaceRepository spaces;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "management-tests");
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", SharedTestServices::elasticsearchUrl);
		registry.add("forum.search.index", () -> "management-tests-threads");
	}

	@Test
	void prometheusMetricsOnTheManagementPort() throws Exception {
		// One request to the forum, so its timing is among the figures.
		get(this.serverPort, "/barrierefreiheit");
		HttpResponse<String> metrics = get(this.managementPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("http_server_requests_seconds_count")
			.contains("jvm_memory_used_bytes")
			.contains("uri=\"/barrierefreiheit\"");
	}

	@Test
	void theForumsOwnFiguresArePublished() throws Exception {
		this.spaces.save(new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1));
		Actor darmstadt = ActorMapper.fromClaims(Members.DARMSTADT.claims());
		PostId opening = this.threads.start(darmstadt, new ThreadCommands.StartThread("fragen", ThreadType.QUESTION,
				"Kennzahlen für den Betrieb", "Was zählt das Forum?", Set.of(), Set.of(), null));
		this.threads.reply(ActorMapper.fromClaims(Members.HESSEN.claims()),
				new ThreadCommands.Reply(opening.thread().value(), "Beiträge, Rückstand, Verbindungen.", null, null));
		String body = get(this.managementPort, "/actuator/prometheus").body();
		assertThat(body).containsPattern("forum_posts_written_total\\{[^}]*kind=\"reply\"[^}]*\\} 1\\.0")
			.containsPattern("forum_posts_written_total\\{[^}]*kind=\"thread\"[^}]*\\} 1\\.0")
			.containsPattern("forum_changes_total\\{[^}]*kind=\"reply_posted\"[^}]*\\} 1\\.0")
			.contains("forum_live_sessions")
			.contains("forum_search_seconds_bucket");
		// Both readers catch up: the backlog falls to zero.
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get(this.managementPort, "/actuator/prometheus").body())
				.containsPattern("forum_changes_backlog\\{[^}]*reader=\"search\"[^}]*\\} 0\\.0")
				.containsPattern("forum_changes_backlog\\{[^}]*reader=\"notifications\"[^}]*\\} 0\\.0"));
	}

	@Test
	void metricsAreRefusedOnTheForumsPort() throws Exception {
		HttpResponse<String> metrics = get(this.serverPort, "/actuator/prometheus");
		assertThat(metrics.statusCode()).isIn(401, 403, 404);
		assertThat(metrics.body()).doesNotContain("jvm_memory_used_bytes");
	}

	@Test
	void readinessIncludesMongoDbAndLivenessAnswers() throws Exception {
		HttpResponse<String> readiness = get(this.managementPort, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"status\":\"UP\"").contains("\"mongo\"");
		assertThat(get(this.managementPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
