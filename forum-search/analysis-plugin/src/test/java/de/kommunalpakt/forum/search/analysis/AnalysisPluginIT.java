package de.kommunalpakt.forum.search.analysis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.infra.SharedTestServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as the build's real Elasticsearch node runs it ({@code ./forum test}
 * installs the zip this module packages): the same analysis as on Lucene, through
 * {@code _analyze}.
 */
class AnalysisPluginIT {

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final String INDEX = "analysis-plugin-it";

	@BeforeAll
	static void index() throws Exception {
		send("DELETE", "/" + INDEX, null);
		HttpResponse<String> created = send("PUT", "/" + INDEX, """
				{"settings":{"analysis":{"analyzer":{
				  "forum_de_index":{"type":"custom","tokenizer":"standard",
				    "filter":["lowercase","forum_decompound","forum_german_normalization","forum_german_stem"]},
				  "forum_de_query":{"type":"custom","tokenizer":"standard",
				    "filter":["lowercase","forum_german_normalization","forum_german_stem"]}}}}}""");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
	}

	@Test
	void compoundIsSplitIntoItsParts() throws Exception {
		assertThat(analyze("forum_de_index", "Nachnutzungsmodelle")).contains("nachnutzungsmodell", "nachnutzung",
				"modell");
	}

	@Test
	void umlautAndDigraphMeet() throws Exception {
		assertThat(analyze("forum_de_query", "Laender")).isEqualTo(analyze("forum_de_query", "Länder"));
	}

	@Test
	void municipalityFindsPilotMunicipality() throws Exception {
		assertThat(analyze("forum_de_index", "Pilotkommune")).containsAll(analyze("forum_de_query", "Kommunen"));
		assertThat(analyze("forum_de_index", "Kooperationsvereinbarung"))
			.containsAll(analyze("forum_de_query", "Vereinbarung"));
	}

	static List<String> analyze(String analyzer, String text) throws Exception {
		HttpResponse<String> response = send("POST", "/" + INDEX + "/_analyze",
				"{\"analyzer\":\"" + analyzer + "\",\"text\":\"" + text + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> tokens = new ArrayList<>();
		Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(response.body());
		while (m.find()) {
			tokens.add(m.group(1));
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
