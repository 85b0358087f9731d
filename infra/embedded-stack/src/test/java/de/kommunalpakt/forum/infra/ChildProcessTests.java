package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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

	/**
	 * A SIGTERM while the forum waits for a child to become ready (Keycloak's first start
	 * takes over a minute) ends the JVM and the child at once: the child's shutdown hook
	 * does not wait for the lock its owner's start holds while it waits (it did, and the
	 * forum ended only once Keycloak was ready).
	 */
	@Test
	void aSigtermWhileWaitingForAChildEndsBothAtOnce(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
		Path output = dir.resolve("out.txt");
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), WaitsForAChild.class.getName(), dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!java.nio.file.Files.readString(output).contains("waiting") && jvm.isAlive()
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		Matcher child = Pattern.compile("child (\\d+)").matcher(java.nio.file.Files.readString(output));
		assertThat(child.find()).as(java.nio.file.Files.readString(output)).isTrue();
		Path pidFile = dir.resolve("sleep.pid");
		assertThat(pidFile).exists();
		long signalled = System.nanoTime();
		jvm.destroy();
		assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - signalled))
			.isLessThan(java.time.Duration.ofSeconds(25));
		Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(child.group(1)));
		assertThat(handle.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
		assertThat(pidFile).doesNotExist();
	}

	/**
	 * Starts {@code sleep 300} as a child that never becomes ready and waits for it, for
	 * four minutes, holding its lock as {@code KeycloakServer.start} does.
	 */
	public static final class WaitsForAChild {

		public static void main(String[] args) throws IOException {
			Path dir = Path.of(args[0]);
			synchronized (WaitsForAChild.class) {
				Process child = new ProcessBuilder("sleep", "300").start();
				Path pidFile = dir.resolve("sleep.pid");
				ChildProcess.writePid(pidFile, child);
				ChildProcess.stopOnExit(child, ChildProcess.stopper("sleep-stop", child, pidFile));
				System.out.println("child " + child.pid());
				System.out.println("waiting");
				try {
					ChildProcess.waitUntil("Schlaf", java.time.Duration.ofMinutes(4), child, dir.resolve("sleep.log"),
							() -> false);
				}
				catch (IllegalStateException ex) {
					System.out.println(ex.getMessage());
				}
			}
		}

	}

	/**
	 * A {@code kill -9} of the forum runs no shutdown hook: a child wrapped by
	 * {@link ChildProcess#endsWithParent} (Keycloak) must end anyway, with the children
	 * it started itself (Keycloak's script starts a JVM). Without the wrapper the child
	 * outlived the forum until the next start.
	 */
	@Test
	void aWrappedChildEndsWithItsChildrenWhenTheJvmIsKilled(@org.junit.jupiter.api.io.TempDir Path dir)
			throws Exception {
		Path output = dir.resolve("out.txt");
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StartsAWrappedChild.class.getName())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		List<ProcessHandle> tree = List.of();
		while (System.nanoTime() < deadline && jvm.isAlive()) {
			tree = jvm.descendants().toList();
			if (java.nio.file.Files.readString(output).contains("started") && tree.stream()
				.filter((p) -> p.info().commandLine().orElse("").contains("sleep 300"))
				.count() >= 2) {
				break;
			}
			Thread.sleep(50);
		}
		assertThat(tree).as("the wrapper, its watcher and the child's two sleeps")
			.filteredOn((p) -> p.info().commandLine().orElse("").contains("sleep 300"))
			.hasSizeGreaterThanOrEqualTo(2);

		jvm.destroyForcibly();
		assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
		long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < gone) {
			Thread.sleep(50);
		}
		List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).toList();
		left.forEach(ProcessHandle::destroyForcibly);
		assertThat(left).as("processes left after kill -9 of their JVM").isEmpty();
	}

	/** The wrapper ends with the child and passes its exit status on. */
	@Test
	void aWrappedChildThatEndsIsSeenToEnd() throws Exception {
		Process wrapped = new ProcessBuilder(ChildProcess.endsWithParent(List.of("sh", "-c", "exit 3"))).start();
		try {
			assertThat(wrapped.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(wrapped.exitValue()).isEqualTo(3);
		}
		finally {
			wrapped.getOutputStream().close();
			wrapped.descendants().forEach(ProcessHandle::destroy);
		}
	}

	/**
	 * Starts a wrapped child that starts two children of its own and passes SIGTERM on to
	 * them, then waits.
	 */
	public static final class StartsAWrappedChild {

		public static void main(String[] args) throws Exception {
			// Like Keycloak's script: passes SIGTERM on to what it started.
			Process child = new ProcessBuilder(ChildProcess.endsWithParent(
					List.of("sh", "-c", "sleep 300 & a=$!; sleep 300 & b=$!; trap 'kill $a $b; exit 143' TERM; wait")))
				.start();
			System.out.println("started " + child.pid());
			child.waitFor();
		}

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
