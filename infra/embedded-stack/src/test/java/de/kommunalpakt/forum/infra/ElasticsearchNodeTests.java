package de.kommunalpakt.forum.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node from the Maven Central distribution: starts, answers, stops without
 * leftovers.
 */
class ElasticsearchNodeTests {

	@TempDir
	Path workDir;

	@Test
	void nodeAnswersHealthRunsUnprivilegedAtLowerPriorityAndLeavesNoProcessBehind() throws Exception {
		// TempDir lives under /tmp, which the unprivileged user can traverse.
		Files.setPosixFilePermissions(this.workDir,
				java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		ElasticsearchNode node = ElasticsearchNode.builder(this.workDir).heap("256m").niceness(10).build().start();
		try {
			assertThat(ChildProcess.httpStatus(node.httpUri() + "/_cluster/health", Duration.ofSeconds(5)))
				.isEqualTo(200);
			long serverProcesses = ProcessHandle.allProcesses()
				.filter((p) -> p.info().commandLine().orElse("").contains(this.workDir.toString()))
				.filter((p) -> p.info().commandLine().orElse("").contains("org.elasticsearch"))
				.peek((p) -> {
					if (ChildProcess.isRoot()) {
						assertThat(p.info().user()).as("Elasticsearch must not run as root").contains("nobody");
					}
					assertThat(niceness(p.pid())).as("CPU priority of the node").isEqualTo(10);
				})
				.count();
			assertThat(serverProcesses).isPositive();
		}
		finally {
			node.stop();
		}
		assertThat(node.isRunning()).isFalse();
		assertThat(ChildProcess.httpStatus(node.httpUri() + "/_cluster/health", Duration.ofSeconds(2))).isEqualTo(-1);
		assertThat(ProcessHandle.allProcesses()
			.filter((p) -> p.info().commandLine().orElse("").contains(this.workDir.toString()))
			.filter(ProcessHandle::isAlive)).isEmpty();
	}

	/** The nice value of a process: field 19 of /proc/PID/stat. */
	private static int niceness(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
