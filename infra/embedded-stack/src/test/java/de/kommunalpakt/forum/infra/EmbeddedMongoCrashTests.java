package de.kommunalpakt.forum.infra;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in as a process of its own, killed with SIGKILL while four writers insert and
 * increment through the real driver: everything it acknowledged is there when the same
 * data folder opens again.
 */
class EmbeddedMongoCrashTests {

	private static final int WRITERS = 4;

	/**
	 * Longer than MVStore's own background commit interval (1 s), so that writes
	 * acknowledged after its last commit exist when the process dies.
	 */
	private static final long WRITE_MILLIS = 1_600;

	/** Inserts acknowledged before the kill, at least. */
	private static final int MIN_INSERTS = 60;

	@TempDir
	Path dataDir;

	@ParameterizedTest
	@EnumSource(EmbeddedMongo.Durability.class)
	void everyAcknowledgedWriteSurvivesAKill(EmbeddedMongo.Durability durability) throws Exception {
		killWhileWriting(durability, false);
	}

	/**
	 * Inserts with write concern {@code j: false} are answered before their commit; the
	 * acknowledged update each writer makes next waits for a commit that covers its
	 * insert too, so every insert followed by an acknowledged write is there after the
	 * kill.
	 */
	@ParameterizedTest
	@EnumSource(EmbeddedMongo.Durability.class)
	void unjournaledWritesFollowedByAnAcknowledgedOneSurviveAKill(EmbeddedMongo.Durability durability)
			throws Exception {
		killWhileWriting(durability, true);
	}

	private void killWhileWriting(EmbeddedMongo.Durability durability, boolean deferInserts) throws Exception {
		Process process = startStandIn(durability);
		AtomicIntegerArray inserted = new AtomicIntegerArray(WRITERS);
		AtomicIntegerArray increments = new AtomicIntegerArray(WRITERS);
		AtomicInteger sharedIncrements = new AtomicInteger();
		try {
			String address = awaitAddress(process);
			try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
				.applyConnectionString(new ConnectionString(address))
				// After the kill a write fails within 2 s instead of being retried for 30
				// s.
				.retryWrites(false)
				.applyToClusterSettings((c) -> c.serverSelectionTimeout(2, TimeUnit.SECONDS))
				.applyToSocketSettings((s) -> s.connectTimeout(2, TimeUnit.SECONDS))
				.build())) {
				var posts = client.getDatabase("forum").getCollection("posts");
				var counters = client.getDatabase("forum").getCollection("counters");
				var unjournaled = posts.withWriteConcern(com.mongodb.WriteConcern.W1.withJournal(false));
				posts.createIndex(new Document("writer", 1).append("n", 1),
						new com.mongodb.client.model.IndexOptions().unique(true));
				CountDownLatch started = new CountDownLatch(WRITERS);
				List<java.lang.Thread> writers = new ArrayList<>();
				for (int w = 0; w < WRITERS; w++) {
					int writer = w;
					java.lang.Thread thread = new java.lang.Thread(() -> {
						started.countDown();
						try {
							for (int n = 0;; n++) {
								(deferInserts ? unjournaled : posts)
									.insertOne(new Document("_id", "w" + writer + "-" + n).append("writer", writer)
										.append("n", n)
										.append("text", "Antwort " + n + " ".repeat(400)));
								if (!deferInserts) {
									inserted.set(writer, n + 1);
								}
								counters.updateOne(Filters.eq("_id", "writer-" + writer), Updates.inc("count", 1),
										new UpdateOptions().upsert(true));
								if (deferInserts) {
									inserted.set(writer, n + 1);
								}
								increments.incrementAndGet(writer);
								counters.findOneAndUpdate(Filters.eq("_id", "shared"), Updates.inc("count", 1),
										new FindOneAndUpdateOptions().upsert(true)
											.returnDocument(ReturnDocument.AFTER));
								sharedIncrements.incrementAndGet();
							}
						}
						catch (RuntimeException ex) {
							// The process was killed: the write in flight is not
							// acknowledged.
						}
					}, "writer-" + writer);
					writers.add(thread);
					thread.start();
				}
				started.await();
				long start = System.nanoTime();
				// On a busy machine the cold stand-in may write slowly: kill it once it
				// has
				// acknowledged enough, but not before MVStore would have committed on its
				// own.
				while (System.nanoTime() - start < WRITE_MILLIS * 1_000_000L
						|| (total(inserted) < MIN_INSERTS && System.nanoTime() - start < 15_000_000_000L)) {
					java.lang.Thread.sleep(20);
				}
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
				for (java.lang.Thread writer : writers) {
					writer.join(10_000);
				}
			}
		}
		finally {
			process.destroyForcibly();
		}
		assertThat(total(inserted)).as("inserts acknowledged before the kill").isGreaterThanOrEqualTo(MIN_INSERTS);

		try (EmbeddedMongo mongo = EmbeddedMongo.file(this.dataDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			var posts = client.getDatabase("forum").getCollection("posts");
			var counters = client.getDatabase("forum").getCollection("counters");
			for (int w = 0; w < WRITERS; w++) {
				List<String> missing = new ArrayList<>();
				for (int n = 0; n < inserted.get(w); n++) {
					if (posts.find(Filters.eq("_id", "w" + w + "-" + n)).first() == null) {
						missing.add("w" + w + "-" + n);
					}
				}
				assertThat(missing)
					.as("acknowledged inserts of writer %d (of %d) missing after the kill", w, inserted.get(w))
					.isEmpty();
				Document counter = counters.find(Filters.eq("_id", "writer-" + w)).first();
				int count = (counter != null) ? counter.getInteger("count") : 0;
				// The increment in flight may or may not have been applied.
				assertThat(count).as("counter of writer %d", w).isBetween(increments.get(w), increments.get(w) + 1);
				// The insert in flight is there whole or not at all: its document with
				// the
				// keys of both unique indexes, or none of them.
				String next = "w" + w + "-" + inserted.get(w);
				if (posts.find(Filters.eq("_id", next)).first() == null) {
					posts.insertOne(new Document("_id", next).append("writer", w).append("n", inserted.get(w)));
				}
			}
			Document shared = counters.find(Filters.eq("_id", "shared")).first();
			assertThat((shared != null) ? shared.getInteger("count") : 0).as("shared counter")
				.isBetween(sharedIncrements.get(), sharedIncrements.get() + WRITERS);
		}
	}

	private static int total(AtomicIntegerArray counts) {
		int sum = 0;
		for (int i = 0; i < counts.length(); i++) {
			sum += counts.get(i);
		}
		return sum;
	}

	private Process startStandIn(EmbeddedMongo.Durability durability) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// The test class path without the distributions (zips) the launchers unpack.
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith(".zip"))
			.collect(Collectors.joining(File.pathSeparator));
		return new ProcessBuilder(java, "-cp", classPath, EmbeddedMongo.class.getName(),
				"--data-dir=" + this.dataDir.toAbsolutePath(), "--durability=" + durability.option())
			.redirectErrorStream(true)
			.start();
	}

	/** Reads the process's output up to its address line, then drains the rest. */
	private static String awaitAddress(Process process) throws IOException {
		BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder log = new StringBuilder();
		String line;
		while ((line = out.readLine()) != null && !line.startsWith("mongodb://")) {
			log.append(line).append('\n');
		}
		assertThat(line).as("address line of the stand-in, after:%n%s", log).isNotNull();
		java.lang.Thread drain = new java.lang.Thread(() -> {
			try {
				out.transferTo(java.io.Writer.nullWriter());
			}
			catch (IOException ex) {
				// The process ended.
			}
		}, "stand-in-output");
		drain.setDaemon(true);
		drain.start();
		return line.trim();
	}

}
