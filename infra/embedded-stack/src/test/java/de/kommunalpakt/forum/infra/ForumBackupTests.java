package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.netty.channel.Channel;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./forum backup} and {@code ./forum restore}: the stand-in copied while writers
 * run, through the real driver; a restore that brings back what was saved and nothing
 * written later; Keycloak's H2 database copied while another connection holds it.
 */
class ForumBackupTests {

	private static final int WRITERS = 4;

	private static final int BACKUPS = 3;

	@TempDir
	Path dir;

	@Test
	void backupDuringWritesHoldsEveryAcknowledgedWriteAndAPrefixOfEachWriter() throws Exception {
		Path data = this.dir.resolve("data");
		AtomicLongArray acknowledged = new AtomicLongArray(WRITERS);
		for (int w = 0; w < WRITERS; w++) {
			acknowledged.set(w, -1);
		}
		// Several backups in one run: each is a chance to catch a copy that is not one
		// point in time.
		List<long[]> before = new ArrayList<>();
		List<Path> files = new ArrayList<>();
		long writtenInTotal = 0;
		try (HookedStandIn standIn = new HookedStandIn(data.resolve("mongo"));
				MongoClient client = MongoClients.create(standIn.connectionString())) {
			MongoDatabase forum = client.getDatabase("forum");
			AtomicBoolean stop = new AtomicBoolean();
			ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
			List<Future<?>> writers = new ArrayList<>();
			for (int w = 0; w < WRITERS; w++) {
				int writer = w;
				writers.add(pool.submit(() -> write(forum, writer, stop, acknowledged)));
			}
			for (int b = 0; b < BACKUPS; b++) {
				awaitWrites(acknowledged, (b + 1) * 50);
				long[] acked = new long[WRITERS];
				for (int w = 0; w < WRITERS; w++) {
					acked[w] = acknowledged.get(w);
				}
				before.add(acked);
				files.add(ForumBackup.backup(data, this.dir.resolve("backups/b" + b + ".zip"), standIn.port()).file());
			}
			Thread.sleep(300);
			stop.set(true);
			for (Future<?> writer : writers) {
				writer.get();
			}
			pool.shutdown();
			for (int w = 0; w < WRITERS; w++) {
				writtenInTotal += acknowledged.get(w) + 1;
			}
		}

		for (int b = 0; b < BACKUPS; b++) {
			Path restored = this.dir.resolve("restored-" + b);
			ForumBackup.restore(restored, files.get(b), List.of());
			long inBackup = 0;
			try (EmbeddedMongo mongo = EmbeddedMongo.file(restored.resolve("mongo"), 0);
					MongoClient client = MongoClients.create(mongo.connectionString())) {
				MongoDatabase forum = client.getDatabase("forum");
				for (int w = 0; w < WRITERS; w++) {
					TreeSet<Long> numbers = new TreeSet<>();
					for (Document post : forum.getCollection("posts").find(Filters.eq("writer", w))) {
						numbers.add(post.getLong("n"));
					}
					inBackup += numbers.size();
					assertThat(numbers).as("backup %d, writer %d: everything acknowledged before the backup", b, w)
						.isNotEmpty()
						.contains(before.get(b)[w]);
					assertThat(numbers.last() + 1).as("backup %d, writer %d: a prefix of its writes, no gap", b, w)
						.isEqualTo(numbers.size());
					// The counter follows each insert: it saw the last insert or the one
					// before, never one that is not there.
					long counter = forum.getCollection("counters")
						.find(Filters.eq("_id", "w" + w))
						.first()
						.getLong("n");
					assertThat(counter).as("backup %d, writer %d: counter", b, w)
						.isBetween(numbers.last() - 1, numbers.last());
				}
			}
			assertThat(writtenInTotal).as("writes went on after backup %d", b).isGreaterThan(inBackup);
		}
	}

	@Test
	void restoreBringsBackWhatWasSavedAndNotWhatCameLaterAndDropsTheSearchIndex() throws Exception {
		Path data = this.dir.resolve("data");
		Path file;
		try (HookedStandIn standIn = new HookedStandIn(data.resolve("mongo"));
				MongoClient client = MongoClients.create(standIn.connectionString())) {
			MongoDatabase forum = client.getDatabase("forum");
			post(forum, "t1", "Wohngeld digital: Wer hat schon angeschlossen?");
			post(forum, "t2", "Kosten der Nachnutzung");
			forum.getCollection("search_state").insertOne(new Document("_id", "forum-threads").append("change", "c2"));
			forum.getCollection("change_checkpoints")
				.insertOne(new Document("_id", "search:forum-threads").append("change", "c2"));
			forum.getCollection("change_checkpoints")
				.insertOne(new Document("_id", "notifications").append("change", "c2"));

			file = ForumBackup.backup(data, this.dir.resolve("backups"), standIn.port()).file();
			assertThat(file.getFileName().toString())
				.matches("forum-backup-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.zip");

			post(forum, "t3", "Nach der Sicherung geschrieben");
			forum.getCollection("search_state")
				.replaceOne(Filters.eq("_id", "forum-threads"),
						new Document("_id", "forum-threads").append("change", "c3"));
		}
		Path index = Files.createDirectories(data.resolve("elasticsearch/es-data/nodes"));

		ForumBackup.Summary summary = ForumBackup.restore(data, file, List.of());

		assertThat(summary.mongo().threads()).isEqualTo(2);
		try (EmbeddedMongo mongo = EmbeddedMongo.file(data.resolve("mongo"), 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoDatabase forum = client.getDatabase("forum");
			assertThat(ids(forum.getCollection("threads"))).containsExactly("t1", "t2");
			assertThat(forum.getCollection("search_state").countDocuments())
				.as("the indexer's checkpoint is gone, so the next start rebuilds the index")
				.isZero();
			assertThat(ids(forum.getCollection("change_checkpoints")))
				.as("the search checkpoint is gone, the notification reader's stays")
				.containsExactly("notifications");
		}
		assertThat(index).as("the old search index").doesNotExist();
		try (EmbeddedMongo mongo = EmbeddedMongo.file(summary.previous().resolve("mongo"), 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertThat(ids(client.getDatabase("forum").getCollection("threads"))).as("the replaced data is kept aside")
				.containsExactly("t1", "t2", "t3");
		}
	}

	@Test
	void restoreRefusesWhileTheForumRuns() throws Exception {
		Path data = this.dir.resolve("data");
		Path file;
		try (HookedStandIn standIn = new HookedStandIn(data.resolve("mongo"));
				MongoClient client = MongoClients.create(standIn.connectionString())) {
			post(client.getDatabase("forum"), "t1", "Erstes Thema");
			file = ForumBackup.backup(data, this.dir.resolve("b.zip"), standIn.port()).file();
			post(client.getDatabase("forum"), "t2", "Zweites Thema");
			int port = standIn.port();
			assertThatThrownBy(() -> ForumBackup.restore(data, file, List.of(port)))
				.isInstanceOf(ForumBackup.Refused.class)
				.hasMessageContaining("Das Forum läuft noch (Port " + port + " ist belegt)");
			assertThat(ids(client.getDatabase("forum").getCollection("threads"))).containsExactly("t1", "t2");
		}
	}

	@Test
	void keycloakDatabaseIsCopiedWhileAnotherConnectionHoldsItAndComesBack() throws Exception {
		Path data = this.dir.resolve("data");
		ForumBackup.Layout layout = new ForumBackup.Layout(data.toAbsolutePath());
		try (EmbeddedMongo mongo = EmbeddedMongo.file(layout.mongo(), 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			post(client.getDatabase("forum"), "t1", "Erstes Thema");
		}
		// Keycloak's distribution is unpacked and its database open, as under ./forum
		// start.
		Files.createDirectories(layout.keycloakH2());
		Files.writeString(layout.keycloakHome().resolve(".unpacked"), "");
		Files.writeString(layout.keycloakMarker(), "checksum-1");
		Path file;
		try (Connection keycloak = DriverManager.getConnection(ForumBackup.keycloakUrl(layout.keycloakDb()), "", "")) {
			sql(keycloak, "CREATE TABLE USER_ENTITY(ID VARCHAR(36) PRIMARY KEY, USERNAME VARCHAR(255))");
			sql(keycloak, "INSERT INTO USER_ENTITY VALUES ('u1', 'hessen'), ('u2', 'darmstadt')");

			// The forum does not run: the stand-in's file is copied under its lock.
			ForumBackup.Summary backup = ForumBackup.backup(data, this.dir.resolve("b.zip"), freePort());
			file = backup.file();
			assertThat(backup.keycloakUsers()).isEqualTo(2);
			assertThat(backup.mongo().threads()).isEqualTo(1);

			sql(keycloak, "INSERT INTO USER_ENTITY VALUES ('u3', 'später')");
		}

		ForumBackup.Summary restored = ForumBackup.restore(data, file, List.of());

		assertThat(restored.keycloakUsers()).isEqualTo(2);
		assertThat(Files.readString(layout.keycloakMarker())).isEqualTo("checksum-1");
		try (Connection keycloak = DriverManager.getConnection("jdbc:h2:file:" + layout.keycloakDb(), "", "");
				Statement statement = keycloak.createStatement();
				var rows = statement.executeQuery("SELECT USERNAME FROM USER_ENTITY ORDER BY ID")) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			assertThat(names).containsExactly("hessen", "darmstadt");
		}
	}

	@Test
	void theEmbeddedStandInOfForumStartAnswersTheBackupCommand() throws Exception {
		// Needs the hook in StandInH2Backend (handleCommand through StandInBackup).
		Path data = this.dir.resolve("data");
		try (EmbeddedMongo mongo = EmbeddedMongo.file(data.resolve("mongo"), 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			post(client.getDatabase("forum"), "t1", "Erstes Thema");
			ForumBackup.Summary backup = ForumBackup.backup(data, this.dir.resolve("b.zip"), mongo.port());
			assertThat(backup.mongo().threads()).isEqualTo(1);
		}
	}

	@Test
	void backupRefusesToOverwriteAFile() throws Exception {
		Path existing = Files.writeString(this.dir.resolve("b.zip"), "keep me");
		assertThatThrownBy(() -> ForumBackup.backup(this.dir.resolve("data"), existing, freePort()))
			.hasMessageContaining("gibt es schon");
		assertThat(Files.readString(existing)).isEqualTo("keep me");
	}

	private static void write(MongoDatabase forum, int writer, AtomicBoolean stop, AtomicLongArray acknowledged) {
		MongoCollection<Document> posts = forum.getCollection("posts");
		MongoCollection<Document> counters = forum.getCollection("counters");
		for (long n = 0; !stop.get(); n++) {
			posts.insertOne(new Document("_id", "w" + writer + "-" + n).append("writer", writer)
				.append("n", n)
				.append("text", "Beitrag " + n + " von Schreiber " + writer));
			acknowledged.set(writer, n);
			counters.updateOne(Filters.eq("_id", "w" + writer), Updates.set("n", n), new UpdateOptions().upsert(true));
		}
	}

	/** Waits until every writer has had at least {@code count} writes acknowledged. */
	private static void awaitWrites(AtomicLongArray acknowledged, long count) throws InterruptedException {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
		for (int w = 0; w < WRITERS; w++) {
			while (acknowledged.get(w) + 1 < count) {
				assertThat(System.nanoTime()).as("writer %d reaches %d writes", w, count).isLessThan(deadline);
				Thread.sleep(10);
			}
		}
	}

	private static void post(MongoDatabase forum, String id, String title) {
		forum.getCollection("threads").insertOne(new Document("_id", id).append("title", title));
	}

	private static List<String> ids(MongoCollection<Document> collection) {
		List<String> ids = new ArrayList<>();
		collection.find().forEach((doc) -> ids.add(doc.getString("_id")));
		ids.sort(null);
		return ids;
	}

	private static void sql(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
	}

	/**
	 * The stand-in's H2 file backend with the hook that {@code StandInH2Backend} carries
	 * for {@code ./forum start}: the backup command answered by {@link StandInBackup}.
	 */
	static final class HookedStandIn implements AutoCloseable {

		private final MongoServer server;

		HookedStandIn(Path mongoDir) throws IOException {
			Files.createDirectories(mongoDir);
			MVStore store = MVStore.open(mongoDir.resolve(StandInBackup.STORE_ENTRY).toString());
			StandInBackup backup = new StandInBackup();
			this.server = new MongoServer(new H2Backend(store) {

				@Override
				public de.bwaldvogel.mongo.bson.Document handleCommand(Channel channel, String database, String command,
						de.bwaldvogel.mongo.bson.Document query) {
					return backup.handleCommand(getMvStore(), command, query,
							() -> super.handleCommand(channel, database, command, query));
				}

			});
			this.server.bind("127.0.0.1", 0);
		}

		int port() {
			return this.server.getLocalAddress().getPort();
		}

		String connectionString() {
			return "mongodb://127.0.0.1:" + port();
		}

		@Override
		public void close() {
			this.server.shutdownNow();
		}

	}

}
