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
	void nodeAnswersHealthRunsUnprivilegedAndLeavesNoProcessBehind() throws Exception {
		// TempDir lives under /tmp, which the unprivileged user can traverse.
		Files.setPosixFilePermissions(this.workDir,
				java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		ElasticsearchNode node = ElasticsearchNode.builder(this.workDir).heap("256m").build().start();
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

}
