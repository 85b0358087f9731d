package de.kommunalpakt.forum.search.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The recommended index settings ({@code index-analysis-settings.json}) as Lucene
 * analyzers, built the way Elasticsearch builds them: the plugin's filters are looked up
 * in {@code named_components.json}, so the tests also prove that file.
 */
final class IndexAnalysis {

	static final String SETTINGS = "/index-analysis-settings.json";

	static final Path NAMED_COMPONENTS = Path.of("src/plugin/named_components.json");

	static final JsonMapper JSON = JsonMapper.builder().build();

	private IndexAnalysis() {
	}

	/** The settings file as text, for {@code PUT /index {"settings": ...}}. */
	static String settingsJson() {
		return resource(SETTINGS);
	}

	/** Filter name to factory class name, as the plugin declares them. */
	static JsonNode namedComponents() {
		return JSON.readTree(NAMED_COMPONENTS.toFile()).get(TokenFilterFactory.class.getName());
	}

	static List<String> tokens(String analyzerName, String text) {
		try (Analyzer analyzer = analyzer(analyzerName); TokenStream stream = analyzer.tokenStream("text", text)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			List<String> tokens = new ArrayList<>();
			stream.reset();
			while (stream.incrementToken()) {
				tokens.add(term.toString());
			}
			stream.end();
			return tokens;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Analyzer analyzer(String name) {
		JsonNode definition = JSON.readTree(settingsJson()).path("analysis").path("analyzer").path(name);
		if (!"custom".equals(definition.path("type").asString())
				|| !"standard".equals(definition.path("tokenizer").asString())) {
			throw new IllegalArgumentException("Expected a custom analyzer with the standard tokenizer: " + name);
		}
		List<UnaryOperator<TokenStream>> filters = new ArrayList<>();
		for (JsonNode filter : definition.path("filter")) {
			filters.add(filter(filter.asString()));
		}
		return new Analyzer() {
			@Override
			protected TokenStreamComponents createComponents(String fieldName) {
				Tokenizer tokenizer = new StandardTokenizer();
				TokenStream stream = tokenizer;
				for (UnaryOperator<TokenStream> filter : filters) {
					stream = filter.apply(stream);
				}
				return new TokenStreamComponents(tokenizer, stream);
			}
		};
	}

	private static UnaryOperator<TokenStream> filter(String name) {
		if ("lowercase".equals(name)) {
			return LowerCaseFilter::new;
		}
		JsonNode className = namedComponents().get(name);
		if (className == null) {
			throw new IllegalArgumentException("Neither built in nor in named_components.json: " + name);
		}
		try {
			TokenFilterFactory factory = (TokenFilterFactory) Class.forName(className.asString())
				.getConstructor()
				.newInstance();
			return factory::create;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create " + className, ex);
		}
	}

	/** Lines of a fixture file split at "|", without blank lines and # comments. */
	static Stream<String[]> fixture(String resource) {
		return resource(resource).lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> Stream.of(line.split("\\|")).map(String::strip).toArray(String[]::new))
			.toList()
			.stream();
	}

	private static String resource(String name) {
		try (InputStream in = IndexAnalysis.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing test resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
