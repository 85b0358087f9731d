package de.kommunalpakt.forum.search.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code named_components.json} is written by hand (letting the installer scan the jars
 * runs out of heap), so this test keeps it equal to the annotated classes.
 */
class NamedComponentsTests {

	@Test
	void namedComponentsFileListsExactlyTheAnnotatedFilterFactories() throws Exception {
		Map<String, String> declared = new TreeMap<>();
		IndexAnalysis.namedComponents()
			.properties()
			.forEach((entry) -> declared.put(entry.getKey(), entry.getValue().asString()));
		assertThat(declared).isEqualTo(annotatedFactories());
		assertThat(declared.keySet()).allMatch((name) -> name.startsWith("forum_"));
	}

	private static Map<String, String> annotatedFactories()
			throws IOException, ClassNotFoundException, java.net.URISyntaxException {
		String pkg = NamedComponentsTests.class.getPackageName();
		Path classes = Path
			.of(GermanStemFilterFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.resolve(pkg.replace('.', '/'));
		Map<String, String> found = new TreeMap<>();
		try (Stream<Path> files = Files.list(classes)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".class")).toList()) {
				String name = file.getFileName().toString().replace(".class", "");
				Class<?> type = Class.forName(pkg + "." + name);
				NamedComponent named = type.getAnnotation(NamedComponent.class);
				if (named != null) {
					assertThat(type).isAssignableTo(TokenFilterFactory.class);
					found.put(named.value(), type.getName());
				}
			}
		}
		return found;
	}

}
