package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

/**
 * {@code ./forum backup} and {@code ./forum restore FILE}: one zip file with a consistent
 * copy of the embedded stack's databases, and its way back.
 * <ul>
 * <li>MongoDB stand-in ({@code data/mongo/forum.mv}): while the forum runs, the stand-in
 * itself writes the copy ({@link StandInBackup}, asked over the wire protocol with the
 * real driver); when it does not run, the file is copied under its lock.</li>
 * <li>Keycloak ({@code data/keycloak/keycloak-<version>/data/h2}): H2's own online
 * {@code BACKUP TO}, through the connection H2 offers other processes when Keycloak opens
 * its database with {@code AUTO_SERVER=TRUE} (see {@link KeycloakServer}), or directly
 * when Keycloak does not run.</li>
 * <li>Elasticsearch is not saved: it is derived. A restore removes its data and the
 * indexer's checkpoint, so the next start rebuilds the index from MongoDB.</li>
 * </ul>
 * Each copy is opened once before it counts as written (backup) or is put in place
 * (restore).
 */
public final class ForumBackup {

	/** The stand-in's port under {@code ./forum start}. */
	static final int MONGO_PORT = 27018;

	/** Ports of {@code ./forum start}: application, stand-in, Keycloak, Elasticsearch. */
	static final List<Integer> FORUM_PORTS = List.of(8080, MONGO_PORT, 8180, 9250);

	static final String MANIFEST = "backup.properties";

	static final String MONGO_ENTRY = "mongo/" + StandInBackup.STORE_ENTRY;

	static final String KEYCLOAK_DB = "keycloakdb";

	static final String KEYCLOAK_ENTRY = "keycloak/" + KEYCLOAK_DB + ".mv.db";

	static final String KEYCLOAK_MARKER_ENTRY = "keycloak/imported";

	/**
	 * The collection of the search indexer's checkpoint before it moved to
	 * {@link #CHECKPOINTS} (forum-search SearchIndexer takes it over from there).
	 */
	static final String SEARCH_STATE = "search_state";

	/**
	 * The change log readers' checkpoints; the search indexer's are
	 * {@code search:<alias>}, the notification reader's stays (notifications cannot be
	 * rebuilt).
	 */
	static final String CHECKPOINTS = "change_checkpoints";

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss");

	private ForumBackup() {
	}

	/**
	 * <pre>
	 * java … ForumBackup backup [--data-dir=data] [--out=FILE.zip|FOLDER]
	 * java … ForumBackup restore FILE.zip [--data-dir=data]
	 * </pre>
	 */
	public static void main(String[] args) {
		// H2's server for other processes (AUTO_SERVER) stays on this machine.
		System.setProperty("h2.bindAddress", "127.0.0.1");
		Path dataDir = Path.of("data");
		Path out = null;
		List<String> positional = new ArrayList<>();
		for (String arg : args) {
			if (arg.startsWith("--data-dir=")) {
				dataDir = Path.of(arg.substring("--data-dir=".length()));
			}
			else if (arg.startsWith("--out=")) {
				out = Path.of(arg.substring("--out=".length()));
			}
			else if (arg.startsWith("--")) {
				fail("Unbekannte Option: " + arg, 1);
			}
			else {
				positional.add(arg);
			}
		}
		String command = positional.isEmpty() ? "" : positional.get(0);
		try {
			switch (command) {
				case "backup" -> {
					Summary summary = backup(dataDir, (out != null) ? out : Path.of("backups"), MONGO_PORT);
					System.out.printf("Sicherung geschrieben: %s (%s, %d s)%n  %s%n", summary.file(),
							megabytes(Files.size(summary.file())), summary.took().toSeconds(), summary.describe());
				}
				case "restore" -> {
					if (positional.size() != 2) {
						fail("Verwendung: ./forum restore DATEI.zip", 1);
					}
					Summary summary = restore(dataDir, Path.of(positional.get(1)), FORUM_PORTS);
					System.out.printf("""
							Wiederhergestellt aus %s (gesichert am %s, %d s):
							  %s
							  Der Suchindex wird beim nächsten Start aus MongoDB neu aufgebaut.
							  %s
							  Weiter mit: ./forum start
							""", summary.file(), summary.created(), summary.took().toSeconds(), summary.describe(),
							(summary.previous() != null) ? "Die bisherigen Daten liegen in " + summary.previous()
									+ " (löschen, wenn alles passt)." : "Bisherige Daten gab es keine.");
				}
				default -> fail("Verwendung: ./forum backup [DATEI.zip|ORDNER]  oder  ./forum restore DATEI.zip", 1);
			}
		}
		catch (Refused ex) {
			fail(ex.getMessage(), 2);
		}
		catch (RuntimeException | IOException ex) {
			fail(ex.getMessage(), 1);
		}
	}

	private static void fail(String message, int status) {
		System.err.println(message);
		System.exit(status);
	}

	/** A dated file in {@code out} if it is a folder (or has no {@code .zip} name). */
	static Path target(Path out) {
		if (out.getFileName().toString().endsWith(".zip") && !Files.isDirectory(out)) {
			return out;
		}
		return out.resolve("forum-backup-" + LocalDateTime.now().format(FILE_TIME) + ".zip");
	}

	/**
	 * Writes a backup of {@code dataDir} to {@code out} (a {@code .zip} file, or a folder
	 * for a dated file in it); {@code mongoPort} is where a running forum's stand-in
	 * answers.
	 */
	public static Summary backup(Path dataDir, Path out, int mongoPort) throws IOException {
		long started = System.nanoTime();
		Path target = target(out).toAbsolutePath();
		if (Files.exists(target)) {
			throw new IllegalStateException("Die Datei gibt es schon: " + target);
		}
		Files.createDirectories(target.getParent());
		Layout data = new Layout(dataDir.toAbsolutePath());
		Path work = Files.createTempDirectory(target.getParent(), ".forum-backup-");
		try {
			Properties manifest = new Properties();
			manifest.setProperty("format", "1");
			manifest.setProperty("created", LocalDateTime.now().withNano(0).toString());

			Path mongoZip = work.resolve("mongo.zip");
			if (portOpen(mongoPort)) {
				System.out.printf("==> Sichere den MongoDB-Stand-in im laufenden Forum (Port %d) ...%n", mongoPort);
				askStandIn(mongoPort, mongoZip);
				manifest.setProperty("mongo.source", "online");
			}
			else if (Files.isRegularFile(data.store())) {
				System.out.println("==> Sichere den MongoDB-Stand-in (Forum läuft nicht) ...");
				copyLocked(data.store(), mongoZip, StandInBackup.STORE_ENTRY);
				manifest.setProperty("mongo.source", "offline");
			}
			else {
				throw new IllegalStateException("Keine Daten zum Sichern: " + data.store() + " fehlt.");
			}
			Path verifyMongo = work.resolve("verify/mongo");
			unzipEntry(mongoZip, StandInBackup.STORE_ENTRY, verifyMongo.resolve(StandInBackup.STORE_ENTRY));
			MongoCounts counts = openStandIn(verifyMongo, false);
			manifest.setProperty("mongo.threads", Long.toString(counts.threads()));
			manifest.setProperty("mongo.documents", Long.toString(counts.documents()));

			Path keycloakZip = work.resolve("keycloak.zip");
			long keycloakUsers = -1;
			if (Files.isRegularFile(data.keycloakDbFile())) {
				System.out.println("==> Sichere die Keycloak-Datenbank ...");
				keycloakBackup(data.keycloakDb(), keycloakZip);
				Path verifyKeycloak = work.resolve("verify/keycloak");
				unzipEntry(keycloakZip, KEYCLOAK_DB + ".mv.db", verifyKeycloak.resolve(KEYCLOAK_DB + ".mv.db"));
				keycloakUsers = keycloakUsers(verifyKeycloak.resolve(KEYCLOAK_DB));
				manifest.setProperty("keycloak.version", KeycloakServer.VERSION);
				manifest.setProperty("keycloak.users", Long.toString(keycloakUsers));
			}

			Path partial = work.resolve("backup.zip");
			try (OutputStream file = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(file)) {
				zip.putNextEntry(new ZipEntry(MANIFEST));
				manifest.store(zip, "Forum Kommunalpakt: Sicherung (./forum restore DATEI)");
				zip.closeEntry();
				copyEntry(mongoZip, StandInBackup.STORE_ENTRY, zip, MONGO_ENTRY);
				if (keycloakUsers >= 0) {
					copyEntry(keycloakZip, KEYCLOAK_DB + ".mv.db", zip, KEYCLOAK_ENTRY);
					if (Files.isRegularFile(data.keycloakMarker())) {
						zip.putNextEntry(new ZipEntry(KEYCLOAK_MARKER_ENTRY));
						zip.write(Files.readAllBytes(data.keycloakMarker()));
						zip.closeEntry();
					}
				}
			}
			// Whole or not at all under its final name.
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
			return new Summary(target, manifest.getProperty("created"), counts, keycloakUsers, null,
					Duration.ofNanos(System.nanoTime() - started));
		}
		finally {
			ChildProcess.deleteTree(work);
		}
	}

	/**
	 * Puts the backup {@code file} in place of the databases in {@code dataDir}, keeping
	 * the ones it replaces in a folder beside them. Refuses while one of
	 * {@code forumPorts} answers. The search index and its checkpoint are removed, so the
	 * next start rebuilds the index from the restored database.
	 */
	public static Summary restore(Path dataDir, Path file, List<Integer> forumPorts) throws IOException {
		long started = System.nanoTime();
		for (int port : forumPorts) {
			if (portOpen(port)) {
				throw new Refused("Das Forum läuft noch (Port " + port + " ist belegt). Bitte zuerst beenden "
						+ "(Strg-C im Fenster von ./forum start), dann erneut ./forum restore aufrufen.");
			}
		}
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("Sicherung nicht gefunden: " + file);
		}
		Layout data = new Layout(dataDir.toAbsolutePath());
		Properties manifest = new Properties();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			ZipEntry entry = zip.getEntry(MANIFEST);
			if (entry == null || zip.getEntry(MONGO_ENTRY) == null) {
				throw new IllegalStateException("Keine Sicherung von ./forum backup: " + file);
			}
			try (InputStream in = zip.getInputStream(entry)) {
				manifest.load(in);
			}
			if (!"1".equals(manifest.getProperty("format"))) {
				throw new IllegalStateException("Unbekanntes Format der Sicherung: " + manifest.getProperty("format"));
			}
			boolean withKeycloak = zip.getEntry(KEYCLOAK_ENTRY) != null;
			if (withKeycloak && !KeycloakServer.VERSION.equals(manifest.getProperty("keycloak.version"))) {
				throw new IllegalStateException("Die Sicherung stammt von Keycloak "
						+ manifest.getProperty("keycloak.version") + ", hier läuft " + KeycloakServer.VERSION + ".");
			}

			Files.createDirectories(data.root());
			Path staging = Files.createTempDirectory(data.root(), ".restore-");
			try {
				// Everything is unpacked and opened before anything in place changes.
				extract(zip, MONGO_ENTRY, staging.resolve("mongo").resolve(StandInBackup.STORE_ENTRY));
				MongoCounts counts = openStandIn(staging.resolve("mongo"), true);
				long keycloakUsers = -1;
				if (withKeycloak) {
					Path db = staging.resolve("keycloak-h2");
					extract(zip, KEYCLOAK_ENTRY, db.resolve(KEYCLOAK_DB + ".mv.db"));
					keycloakUsers = keycloakUsers(db.resolve(KEYCLOAK_DB));
					// Keycloak's start unpacks its distribution into a fresh folder,
					// which would delete a database put there before.
					ChildProcess.unpackOnce(ChildProcess.mavenArtifact("org.keycloak", "keycloak-quarkus-dist",
							KeycloakServer.VERSION, "zip"), data.keycloakHome());
				}

				Path previous = data.root().resolve("vor-wiederherstellung-" + LocalDateTime.now().format(FILE_TIME));
				Files.createDirectories(previous);
				moveIfExists(data.mongo(), previous.resolve("mongo"));
				Files.move(staging.resolve("mongo"), data.mongo());
				if (withKeycloak) {
					moveIfExists(data.keycloakH2(), previous.resolve("keycloak-h2"));
					if (Files.exists(data.keycloakMarker())) {
						Files.copy(data.keycloakMarker(), previous.resolve("keycloak-imported"));
					}
					Files.move(staging.resolve("keycloak-h2"), data.keycloakH2());
					ZipEntry marker = zip.getEntry(KEYCLOAK_MARKER_ENTRY);
					if (marker != null) {
						try (InputStream in = zip.getInputStream(marker)) {
							Files.copy(in, data.keycloakMarker(), StandardCopyOption.REPLACE_EXISTING);
						}
					}
				}
				// Derived data: rebuilt from MongoDB at the next start.
				ChildProcess.deleteTree(data.elasticsearchData());
				try (var left = Files.list(previous)) {
					if (left.findAny().isEmpty()) {
						Files.delete(previous);
						previous = null;
					}
				}
				return new Summary(file, manifest.getProperty("created"), counts, keycloakUsers, previous,
						Duration.ofNanos(System.nanoTime() - started));
			}
			finally {
				ChildProcess.deleteTree(staging);
			}
		}
	}

	/** Asks the running stand-in for its online backup (see {@link StandInBackup}). */
	private static void askStandIn(int port, Path zip) {
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port + "/?directConnection=true")) {
			client.getDatabase("admin").runCommand(new Document(StandInBackup.COMMAND, zip.toString()));
		}
		catch (MongoCommandException ex) {
			if (ex.getErrorCode() == 59) {
				throw new IllegalStateException("Der laufende MongoDB-Stand-in kennt den Sicherungsbefehl nicht "
						+ "(Forum mit älterem Stand gestartet). Forum neu starten oder bei beendetem Forum sichern.");
			}
			throw new IllegalStateException("Der MongoDB-Stand-in konnte nicht sichern: " + ex.getErrorMessage());
		}
	}

	/**
	 * Copies a file nobody writes: its lock proves it (the stand-in holds it while open).
	 */
	private static void copyLocked(Path source, Path zipFile, String entryName) throws IOException {
		try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock()) {
			if (lock == null) {
				throw new IllegalStateException("Die Datei " + source + " ist in Gebrauch, aber auf Port " + MONGO_PORT
						+ " antwortet kein Forum. Läuft ein anderer Prozess auf diesen Daten?");
			}
			try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
				zip.putNextEntry(new ZipEntry(entryName));
				Files.copy(source, zip);
				zip.closeEntry();
			}
		}
	}

	/**
	 * H2's online backup of Keycloak's database, through Keycloak's process if it runs.
	 */
	private static void keycloakBackup(Path db, Path zip) {
		try (Connection connection = DriverManager.getConnection(keycloakUrl(db), "", "");
				Statement statement = connection.createStatement()) {
			statement.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
		}
		catch (SQLException ex) {
			if (ex.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
				throw new IllegalStateException("Keycloak hält seine Datenbank, ohne anderen Prozessen Zugang zu geben "
						+ "(mit älterem Stand gestartet). Forum neu starten oder bei beendetem Forum sichern.");
			}
			throw new IllegalStateException("Die Keycloak-Datenbank konnte nicht gesichert werden: " + ex.getMessage());
		}
	}

	/** Opens a copy of Keycloak's database and counts its users (all realms). */
	private static long keycloakUsers(Path db) {
		try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + db, "", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM USER_ENTITY")) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(
					"Die Kopie der Keycloak-Datenbank lässt sich nicht öffnen: " + ex.getMessage());
		}
	}

	/**
	 * The URL Keycloak's database is reachable by from another process while Keycloak
	 * runs; H2's credentials of Keycloak's development database are empty.
	 */
	static String keycloakUrl(Path db) {
		return "jdbc:h2:file:" + db + ";AUTO_SERVER=TRUE";
	}

	/**
	 * Opens a copy of the stand-in's store as the forum would, counts what it holds and,
	 * for a restore, removes the search indexer's checkpoint in every database.
	 */
	static MongoCounts openStandIn(Path mongoDir, boolean dropSearchState) {
		try (EmbeddedMongo mongo = EmbeddedMongo.file(mongoDir, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			long threads = 0;
			long documents = 0;
			for (String name : client.listDatabaseNames()) {
				if (name.equals("admin") || name.equals("local") || name.equals("config")) {
					continue;
				}
				MongoDatabase database = client.getDatabase(name);
				if (dropSearchState) {
					database.getCollection(SEARCH_STATE).drop();
					database.getCollection(CHECKPOINTS).deleteMany(Filters.regex("_id", "^search:"));
				}
				for (String collection : database.listCollectionNames()) {
					long count = database.getCollection(collection).countDocuments();
					documents += count;
					if (collection.equals("threads")) {
						threads += count;
					}
				}
			}
			return new MongoCounts(threads, documents);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Die Kopie des MongoDB-Stand-ins lässt sich nicht öffnen: " + ex, ex);
		}
	}

	static boolean portOpen(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void unzipEntry(Path zipFile, String name, Path target) throws IOException {
		try (ZipFile zip = new ZipFile(zipFile.toFile())) {
			extract(zip, name, target);
		}
	}

	private static void extract(ZipFile zip, String name, Path target) throws IOException {
		ZipEntry entry = zip.getEntry(name);
		if (entry == null) {
			throw new IllegalStateException("In der Sicherung fehlt " + name);
		}
		Files.createDirectories(target.getParent());
		try (InputStream in = zip.getInputStream(entry)) {
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static void copyEntry(Path zipFile, String name, ZipOutputStream out, String as) throws IOException {
		try (ZipFile zip = new ZipFile(zipFile.toFile())) {
			ZipEntry entry = zip.getEntry(name);
			if (entry == null) {
				throw new IllegalStateException("In der Teilsicherung fehlt " + name);
			}
			out.putNextEntry(new ZipEntry(as));
			try (InputStream in = zip.getInputStream(entry)) {
				in.transferTo(out);
			}
			out.closeEntry();
		}
	}

	private static void moveIfExists(Path source, Path target) throws IOException {
		if (Files.exists(source)) {
			Files.createDirectories(target.getParent());
			Files.move(source, target);
		}
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.GERMANY, "%.1f MB", bytes / 1e6);
	}

	/** Where the embedded stack keeps its data (EmbeddedStack, KeycloakServer). */
	record Layout(Path root) {

		Path mongo() {
			return this.root.resolve("mongo");
		}

		Path store() {
			return mongo().resolve(StandInBackup.STORE_ENTRY);
		}

		Path keycloakHome() {
			return this.root.resolve("keycloak/keycloak-" + KeycloakServer.VERSION);
		}

		Path keycloakH2() {
			return keycloakHome().resolve("data/h2");
		}

		Path keycloakDb() {
			return keycloakH2().resolve(KEYCLOAK_DB);
		}

		Path keycloakDbFile() {
			return keycloakH2().resolve(KEYCLOAK_DB + ".mv.db");
		}

		Path keycloakMarker() {
			return keycloakHome().resolve("data/.imported");
		}

		Path elasticsearchData() {
			return this.root.resolve("elasticsearch/es-data");
		}

	}

	/** What the stand-in's copy holds. */
	public record MongoCounts(long threads, long documents) {
	}

	/** What a backup or restore did; {@code keycloakUsers} is -1 without Keycloak. */
	public record Summary(Path file, String created, MongoCounts mongo, long keycloakUsers, Path previous,
			Duration took) {

		String describe() {
			return String.format(Locale.GERMANY, "MongoDB: %,d Themen, %,d Dokumente; Keycloak: %s",
					this.mongo.threads(), this.mongo.documents(),
					(this.keycloakUsers >= 0) ? String.format(Locale.GERMANY, "%,d Benutzer", this.keycloakUsers)
							: "nicht gesichert (noch nie gestartet)");
		}

	}

	/** A refusal the user can resolve (the forum still runs). */
	static final class Refused extends IllegalStateException {

		Refused(String message) {
			super(message);
		}

	}

}
