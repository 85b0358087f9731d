package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.infra.EmbeddedMongo;
import de.kommunalpakt.forum.infra.SharedTestServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged forum as a child process, SIGKILL of the forum's process (which also runs
 * the MongoDB stand-in), and a start on the same data folder.
 * <ul>
 * <li>Four writers posting into one thread over the API, the kill 2.5 s in: every
 * acknowledged post is there, the counters agree with the posts, and search finds no text
 * the forum cannot show.</li>
 * <li>The kill during a first start, while it loads the demo content (a few threads
 * written, the rest not): the half-written demo is discarded and the demo loads in full,
 * once; search finds no thread of the first attempt.</li>
 * </ul>
 */
class CrashRecoveryTests {

	private ForumProcess forum;

	private ForumApi api;

	private String thread;

	@AfterEach
	void stop() {
		if (this.forum != null) {
			this.forum.stop();
		}
	}

	@Test
	void acknowledgedRepliesSurviveSigkillOfTheForumAndSearchHasNoGhosts() throws Exception {
		WriteLoad load = writing("crash-", "Absturzprobe: Antworten unter Last",
				"Vier Schreiber antworten hier gleichzeitig, dann endet der Prozess hart.");
		this.forum.kill(true);
		load.close();
		assertThat(load.acknowledged()).as("acknowledged before the kill").hasSizeGreaterThan(20);

		Consistency.Findings findings = restarted(load);
		assertThat(findings.lost()).as("acknowledged but lost: %s", findings).isEmpty();
		assertThat(findings.ghostHits()).as("search hits for text no post holds: %s", findings).isEmpty();
		assertThat(findings.wrongCounters()).as("counters: %s", findings).isEmpty();
	}

	@Test
	void aFirstStartKilledWhileLoadingTheDemoLoadsItInFullAtTheNextStart() throws Exception {
		Path data = Files.createTempDirectory(Path.of("target"), "demo-crash-").resolve("data");
		int mongoPort = freePort();
		this.forum = new ForumProcess(settings(data, mongoPort));
		this.forum.launch();
		try (MongoClient client = MongoClients
			.create("mongodb://127.0.0.1:" + mongoPort + "/?serverSelectionTimeoutMS=500&connectTimeoutMS=500")) {
			MongoDatabase database = client.getDatabase("forum");
			// The demo starts some 30 threads in under a second: three stand, the rest
			// not.
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(5))
				.ignoreExceptions()
				.until(() -> database.getCollection("threads").countDocuments() >= 3);
			this.forum.kill(true);
		}

		long partial;
		try (EmbeddedMongo file = EmbeddedMongo.file(data.resolve("mongo"), 0);
				MongoClient client = MongoClients.create(file.connectionString())) {
			MongoDatabase database = client.getDatabase("forum");
			assertThat(mark(database)).as("the file after the kill").isEqualTo("begun");
			partial = database.getCollection("threads").countDocuments();
			assertThat(partial).as("threads written before the kill").isPositive();
		}

		this.forum.start(Duration.ofMinutes(3));
		assertThat(Files.readString(this.forum.log())).contains("Die halb geladenen Daten sind verworfen");
		String token = new ForumApi(this.forum.baseUrl(), SharedTestServices.keycloakIssuer()).token("darmstadt");
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort)) {
			MongoDatabase database = client.getDatabase("forum");
			assertThat(mark(database)).isEqualTo("finished");
			assertThat(database.getCollection("spaces").countDocuments()).isEqualTo(7);
			assertThat(database.getCollection("reuse_models").countDocuments()).as("the 14 models of the demo")
				.isEqualTo(14);
			assertThat(
					database.getCollection("report_rounds").find(Filters.eq("_id", "kommunalpakt-fortschritt")).first())
				.as("the last piece the demo writes")
				.isNotNull();
			List<String> titles = new ArrayList<>();
			Set<String> ids = new HashSet<>();
			for (Document thread : database.getCollection("threads").find()) {
				titles.add(thread.getString("title"));
				ids.add(thread.getString("_id"));
			}
			assertThat(titles).as("each demo thread once").doesNotHaveDuplicates().hasSizeGreaterThan((int) partial);
			assertThat(titles).as("the first and the last thread of DemoContent")
				.contains("Willkommen im Forum Kommunalpakt – bitte zuerst lesen",
						"Können wir das Design der EfA-Leistung an unser Stadtportal anpassen?");

			ForumApi api = new ForumApi(this.forum.baseUrl(), SharedTestServices.keycloakIssuer());
			List<String> found = new ArrayList<>();
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				found.clear();
				api.search(token, "Rahmenvertrag").ifPresent(found::addAll);
				return !found.isEmpty();
			});
			assertThat(found).as("search hits are threads of this load, none of the first attempt")
				.allSatisfy((id) -> assertThat(ids).contains(id));
		}
	}

	private static String mark(MongoDatabase database) {
		Document mark = database.getCollection("setup_marks").find(Filters.eq("_id", "demo-content")).first();
		return (mark != null) ? mark.getString("state") : null;
	}

	/**
	 * A SIGTERM (Strg-C) while four writers post: the forum stops gracefully, so a write
	 * it accepted is answered, not broken off with an error because the stand-in closed
	 * under it; and every acknowledged post is there after the next start.
	 */
	@Test
	void aSigtermUnderWritersAnswersAcceptedWritesAndLosesNone() throws Exception {
		WriteLoad load = writing("stop-", "Stoppprobe: Antworten beim Beenden",
				"Vier Schreiber antworten hier, während das Forum beendet wird.");
		this.forum.stop();
		load.close();
		assertThat(load.acknowledged()).as("acknowledged before the stop").hasSizeGreaterThan(20);
		assertThat(load.refusals().keySet()).as("answers other than 201 while stopping: %s", load.refusals())
			.allSatisfy((status) -> assertThat(status).isLessThan(500));

		Consistency.Findings findings = restarted(load);
		assertThat(findings.lost()).as("acknowledged but lost: %s", findings).isEmpty();
		assertThat(Files.readString(this.forum.log())).as("the forum's log")
			.doesNotContain("MongoSocketReadException", "MongoSocketOpenException");
	}

	/**
	 * Starts the forum on a data folder of its own and four writers posting into a new
	 * thread, for 2.5 s.
	 */
	private WriteLoad writing(String folder, String title, String text) throws Exception {
		Path data = Files.createTempDirectory(Path.of("target"), folder).resolve("data");
		this.forum = new ForumProcess(settings(data, freePort()));
		this.forum.start(Duration.ofMinutes(4));
		this.api = new ForumApi(this.forum.baseUrl(), SharedTestServices.keycloakIssuer());
		List<String> tokens = List.of(this.api.token("darmstadt"), this.api.token("koeln"), this.api.token("kreis-gi"),
				this.api.token("hessen"));
		this.thread = this.api.startThread(tokens.get(0), "nachnutzung-fragen", title, text);
		WriteLoad load = new WriteLoad(this.api, this.thread, tokens, 1);
		Thread.sleep(2500);
		return load;
	}

	/** Starts the forum again and compares it with what the writers were told. */
	private Consistency.Findings restarted(WriteLoad load) throws Exception {
		this.forum.start(Duration.ofMinutes(3));
		String reader = this.api.token("darmstadt");
		AtomicReference<Consistency.Findings> last = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
			last.set(Consistency.check(this.api, reader, this.thread, load.acknowledged(), load.attempted()));
			return last.get().notFound().isEmpty();
		});
		return last.get();
	}

	/**
	 * The packaged forum on {@code data} with the shared test services, a search index of
	 * its own (named after the data folder's parent) and the stand-in on
	 * {@code mongoPort}.
	 */
	static ForumProcess.Settings settings(Path data, int mongoPort) throws IOException {
		return new ForumProcess.Settings(ForumProcess.defaultJar(), data, freePort(), mongoPort,
				SharedTestServices.elasticsearchUrl(), SharedTestServices.keycloakIssuer(),
				data.getParent().getFileName().toString().toLowerCase(java.util.Locale.ROOT),
				List.of("-Xmx768m", "-XX:+UseSerialGC", "-Xss512k"));
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
