package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.support.TestMongo;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations as a data centre sees them: metrics for Prometheus and the probes on a
 * management port of their own, the metrics refused on the forum's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0" })
class ManagementPortTests {

	@Value("${local.server.port}")
	int serverPort;

	@Value("${local.management.port}")
	int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

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
