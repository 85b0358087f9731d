package de.kommunalpakt.forum.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a data centre runs, forum-web.jar, holds the forum and nothing of the development
 * stack: no MongoDB stand-in, no H2, no launchers for Elasticsearch and Keycloak, no test
 * services, no benches, no backup tool of the stand-in (all in forum-launcher.jar).
 */
class ProductionJarTests {

	private static final List<String> DEVELOPMENT_LIBRARIES = List.of("mongo-java-server", "h2-",
			"forum-embedded-stack", "forum-launcher", "forum-benches", "forum-drill", "greenmail");

	private static final List<String> DEVELOPMENT_CLASSES = List.of("de/kommunalpakt/forum/embedded/",
			"de/kommunalpakt/forum/bench/", "de/kommunalpakt/forum/infra/", "de/kommunalpakt/forum/drill/");

	@Test
	void productionJarHoldsNoDevelopmentParts() throws IOException {
		List<String> entries = entries(productionJar());
		assertThat(entries).as("the forum itself is in the jar")
			.contains("BOOT-INF/classes/de/kommunalpakt/forum/ForumApplication.class");
		List<String> development = new ArrayList<>();
		for (String entry : entries) {
			String name = entry.startsWith("BOOT-INF/lib/") ? entry.substring("BOOT-INF/lib/".length()) : null;
			if (name != null && DEVELOPMENT_LIBRARIES.stream().anyMatch(name::startsWith)) {
				development.add(entry);
			}
			if (entry.startsWith("BOOT-INF/classes/")
					&& DEVELOPMENT_CLASSES.stream().anyMatch(entry.substring(17)::startsWith)) {
				development.add(entry);
			}
		}
		assertThat(development).as("development parts in forum-web.jar").isEmpty();
		assertThat(entries).noneMatch((e) -> e.contains("TestServices") || e.contains("BenchMain"));
	}

	@Test
	void productionJarStartsTheForumItself() throws IOException {
		try (JarFile jar = new JarFile(productionJar().toFile())) {
			Manifest manifest = jar.getManifest();
			assertThat(manifest.getMainAttributes().getValue("Start-Class"))
				.isEqualTo("de.kommunalpakt.forum.ForumApplication");
		}
	}

	private static Path productionJar() {
		Path jar = Path.of(System.getProperty("forum.web.jar", "../../forum-web/target/forum-web.jar"));
		assertThat(jar).as("forum-web.jar is built before this module").exists();
		return jar;
	}

	private static List<String> entries(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			return file.stream().map(java.util.zip.ZipEntry::getName).toList();
		}
	}

}
