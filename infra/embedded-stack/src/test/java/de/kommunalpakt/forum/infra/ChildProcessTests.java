package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTests {

	/**
	 * A SIGTERM while the forum starts a child (Elasticsearch, Keycloak) ends the JVM
	 * before the child's shutdown hook is added: the child must not outlive it. A JVM
	 * that starts a child from its own shutdown hook is in exactly that state.
	 */
	@Test
	void aChildStartedWhileTheJvmEndsIsStoppedAtOnce() throws Exception {
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StartsWhileEnding.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		Matcher child = Pattern.compile("child (\\d+)").matcher(out);
		assertThat(child.find()).as(out).isTrue();
		assertThat(out).contains("sleep-stop: nicht gestartet, der Prozess endet gerade");
		Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(child.group(1)));
		if (handle.isPresent()) {
			handle.get().onExit().get(10, TimeUnit.SECONDS);
		}
		assertThat(handle.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
	}

	/** Starts {@code sleep 300} in its shutdown hook, then ends. */
	public static final class StartsWhileEnding {

		public static void main(String[] args) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					Process child = new ProcessBuilder("sleep", "300").start();
					System.out.println("child " + child.pid());
					ChildProcess.stopOnExit(child, new Thread(() -> {
					}, "sleep-stop"));
				}
				catch (IOException | IllegalStateException ex) {
					System.out.println(ex.getMessage());
				}
			}));
			System.exit(0);
		}

	}

}
