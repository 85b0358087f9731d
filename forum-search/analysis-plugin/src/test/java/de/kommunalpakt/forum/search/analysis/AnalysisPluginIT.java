package de.kommunalpakt.forum.search.analysis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import de.kommunalpakt.forum.infra.SharedTestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as the build's real Elasticsearch node runs it ({@code ./forum test}
 * installs the zip this module packages): an index created with
 * {@code index-analysis-settings.json} gives, through {@code _analyze}, exactly the
 * tokens that {@link GermanAnalysisTests} gets from Lucene.
 */
class AnalysisPluginIT {

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final String INDEX = "analysis-plugin-it";

	@BeforeAll
	static void index() throws Exception {
		send("DELETE", "/" + INDEX, null);
		HttpResponse<String> created = send("PUT", "/" + INDEX, "{\"settings\":" + IndexAnalysis.settingsJson() + "}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
	}

	static Stream<String[]> tokens() {
		return IndexAnalysis.fixture("/analysis-tokens.txt");
	}

	@Test
	void nodeRunsThePlugin() throws Exception {
		HttpResponse<String> plugins = send("GET", "/_cat/plugins?h=component", null);
		assertThat(plugins.body()).contains("forum-analysis");
	}

	@ParameterizedTest(name = "{0}: {1} -> {2}")
	@MethodSource("tokens")
	void nodeEmitsTheSameTokensAsLucene(String analyzer, String text, String expected) throws Exception {
		assertThat(analyze(analyzer, text)).containsExactly(expected.split(" "))
			.isEqualTo(IndexAnalysis.tokens(analyzer, text));
	}

	@Test
	void compoundIsFoundByItsPart() throws Exception {
		assertThat(analyze("forum_de_index", "Nachnutzungsmodelle")).containsAll(analyze("forum_de_query", "Modell"));
		assertThat(analyze("forum_de_index", "Bundeslaender")).containsAll(analyze("forum_de_query", "Länder"));
	}

	static List<String> analyze(String analyzer, String text) throws Exception {
		ObjectNode request = IndexAnalysis.JSON.createObjectNode().put("analyzer", analyzer).put("text", text);
		HttpResponse<String> response = send("POST", "/" + INDEX + "/_analyze", request.toString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> tokens = new ArrayList<>();
		for (JsonNode token : IndexAnalysis.JSON.readTree(response.body()).path("tokens")) {
			tokens.add(token.path("token").asString());
		}
		return tokens;
	}

	static HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SharedTestServices.elasticsearchUrl() + path))
			.header("Content-Type", "application/json");
		request.method(method,
				(json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
