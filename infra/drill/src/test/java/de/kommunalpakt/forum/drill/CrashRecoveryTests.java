package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import de.kommunalpakt.forum.infra.SharedTestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged forum as a child process, four writers posting into one thread over the
 * API, SIGKILL of the forum's process (which also runs the MongoDB stand-in) 2.5 s in,
 * and a start on the same data folder: every acknowledged post is there, the counters
 * agree with the posts, and search finds no text the forum cannot show.
 */
class CrashRecoveryTests {

	private ForumProcess forum;

	@AfterEach
	void stop() {
		if (this.forum != null) {
			this.forum.stop();
		}
	}

	@Test
	void acknowledgedRepliesSurviveSigkillOfTheForumAndSearchHasNoGhosts() throws Exception {
		Path data = Files.createTempDirectory(Path.of("target"), "crash-").resolve("data");
		this.forum = new ForumProcess(new ForumProcess.Settings(ForumProcess.defaultJar(), data, freePort(), freePort(),
				SharedTestServices.elasticsearchUrl(), SharedTestServices.keycloakIssuer(),
				"crash-" + data.getParent().getFileName().toString().toLowerCase(java.util.Locale.ROOT),
				List.of("-Xmx768m", "-XX:+UseSerialGC", "-Xss512k")));
		this.forum.start(Duration.ofMinutes(4));
		ForumApi api = new ForumApi(this.forum.baseUrl(), SharedTestServices.keycloakIssuer());
		List<String> tokens = List.of(api.token("darmstadt"), api.token("koeln"), api.token("kreis-gi"),
				api.token("hessen"));
		String thread = api.startThread(tokens.get(0), "nachnutzung-fragen", "Absturzprobe: Antworten unter Last",
				"Vier Schreiber antworten hier gleichzeitig, dann endet der Prozess hart.");

		WriteLoad load = new WriteLoad(api, thread, tokens, 1);
		Thread.sleep(2500);
		this.forum.kill(true);
		load.close();
		assertThat(load.acknowledged()).as("acknowledged before the kill").hasSizeGreaterThan(20);

		this.forum.start(Duration.ofMinutes(3));
		String reader = api.token("darmstadt");
		AtomicReference<Consistency.Findings> last = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
			last.set(Consistency.check(api, reader, thread, load.acknowledged(), load.attempted()));
			return last.get().notFound().isEmpty();
		});
		Consistency.Findings findings = last.get();
		assertThat(findings.lost()).as("acknowledged but lost: %s", findings).isEmpty();
		assertThat(findings.ghostHits()).as("search hits for text no post holds: %s", findings).isEmpty();
		assertThat(findings.wrongCounters()).as("counters: %s", findings).isEmpty();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
