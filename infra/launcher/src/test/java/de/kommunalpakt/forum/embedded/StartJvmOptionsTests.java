package de.kommunalpakt.forum.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import de.kommunalpakt.forum.shared.BackgroundThreads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options of {@code ./forum start} (infra/launcher/start-jvm.options) in a JVM of
 * their own: a thread at {@link BackgroundThreads#BULK_PRIORITY} runs at nice 19, every
 * other thread stays at nice 0, the highest Java priority too (as root the JVM's own
 * mapping would raise it).
 */
class StartJvmOptionsTests {

	@Test
	@EnabledOnOs(OS.LINUX)
	void bulkWorkRunsAtNiceNineteenAndEverythingElseAtZero() throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(startOptions());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(Probe.class.getName());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(output).as(output).contains("bulk=19 normal=0 highest=0");
		assertThat(process.exitValue()).isZero();
	}

	private static List<String> startOptions() throws IOException {
		return Files.readAllLines(Path.of("start-jvm.options"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
	}

	/** Prints the nice value of a thread at each of three Java priorities. */
	public static final class Probe {

		private Probe() {
		}

		public static void main(String[] args) throws Exception {
			System.out.println("bulk=" + niceAt(BackgroundThreads.BULK_PRIORITY) + " normal="
					+ niceAt(Thread.NORM_PRIORITY) + " highest=" + niceAt(Thread.MAX_PRIORITY));
		}

		private static String niceAt(int priority) throws InterruptedException {
			String[] nice = new String[1];
			Thread thread = new Thread(() -> {
				try {
					String stat = Files.readString(Path.of("/proc/thread-self/stat"));
					// The fields after the name: state is the first, nice the
					// seventeenth.
					nice[0] = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
				}
				catch (IOException ex) {
					nice[0] = ex.toString();
				}
			});
			thread.setPriority(priority);
			thread.start();
			thread.join();
			return nice[0];
		}

	}

}
