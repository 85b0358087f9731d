package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import de.kommunalpakt.forum.infra.ElasticsearchNode;
import de.kommunalpakt.forum.infra.ForumBackup;
import de.kommunalpakt.forum.infra.KeycloakServer;

/**
 * {@code ./forum drill}: starts the forum as {@code ./forum start} does (its own data
 * folder under {@code target/drill}), and runs each fault under four writers and two
 * readers over the API. After each fault it waits until the forum has recovered and
 * compares: acknowledged posts it cannot show (lost), search hits for text no post holds
 * (ghost hits), counters that disagree with the posts. One German table at the end, also
 * in {@code target/drill/results.md}.
 */
public final class FaultDrill {

	static final int HTTP_PORT = 8080;

	static final int MONGO_PORT = 27018;

	static final int KEYCLOAK_PORT = 8180;

	static final int ELASTICSEARCH_PORT = 9250;

	static final String ISSUER = "http://localhost:" + KEYCLOAK_PORT + "/realms/" + KeycloakServer.REALM;

	static final List<String> WRITERS = List.of("darmstadt", "koeln", "kreis-gi", "hessen");

	private final Path root;

	private final Path work;

	private final Path data;

	private final ForumProcess forum;

	private final ForumApi api;

	private final DiskLimit disk;

	/** Nodes the drill restarted itself after killing the forum's own. */
	private ElasticsearchNode restartedElasticsearch;

	private KeycloakServer restartedKeycloak;

	private FaultDrill(Path root, DiskLimit disk) {
		this.root = root;
		this.work = root.resolve("target/drill");
		this.data = this.work.resolve("data");
		this.disk = disk;
		this.forum = new ForumProcess(new ForumProcess.Settings(ForumProcess.defaultJar(), this.data, HTTP_PORT,
				MONGO_PORT, null, null, null, List.of("-XX:+UseSerialGC", "-Xss512k")));
		this.api = new ForumApi(this.forum.baseUrl(), ISSUER);
	}

	/** One row of the table. */
	record Row(String fault, int acknowledged, int lost, int ghostHits, int wrongCounters, Duration recovery,
			String note) {

		boolean failed() {
			return this.note.startsWith("ABGEBROCHEN");
		}

		String markdown() {
			return "| " + this.fault + " | " + this.acknowledged + " | " + this.lost + " | " + this.ghostHits + " | "
					+ this.wrongCounters + " | "
					+ ((this.recovery != null)
							? String.format(Locale.GERMAN, "%.1f s", this.recovery.toMillis() / 1000.0) : "–")
					+ " | " + this.note + " |";
		}

		static Row of(String fault, Consistency.Findings f, Duration recovery, String note) {
			return new Row(fault, f.acknowledged(), f.lost().size(), f.ghostHits().size(), f.wrongCounters().size(),
					recovery, note);
		}

	}

	public static void main(String[] args) throws Exception {
		Path root = ForumProcess.projectRoot();
		for (int port : new int[] { HTTP_PORT, MONGO_PORT, KEYCLOAK_PORT, ELASTICSEARCH_PORT }) {
			if (!free(port)) {
				System.err.println("Port " + port + " ist belegt. Läuft noch ./forum start? Bitte vorher beenden.");
				System.exit(2);
			}
		}
		Path work = root.resolve("target/drill");
		deleteTree(work);
		// The stand-in's folder is a link to a size-limited file system, so the disk-full
		// fault is real; the restore (last) puts a real folder in its place.
		Files.createDirectories(work.resolve("data"));
		Path disk256 = Files.createDirectories(work.resolve("mongo-disk"));
		Files.createSymbolicLink(work.resolve("data/mongo"), disk256);
		DiskLimit disk = DiskLimit.mount(disk256, 256);
		FaultDrill drill = new FaultDrill(root, disk);
		List<Row> rows = new ArrayList<>();
		try {
			System.out.println("==> Starte das Forum wie ./forum start (Daten unter " + drill.data + ") ...");
			Duration took = drill.forum.start(Duration.ofMinutes(6));
			System.out.printf("==> Forum bereit nach %d s%n", took.toSeconds());
			rows.add(attempt("Elasticsearch beendet (SIGKILL) und neu gestartet", drill::elasticsearchKilled));
			rows.add(attempt("Keycloak beendet (SIGKILL) und neu gestartet", drill::keycloakKilled));
			rows.add(attempt("ganzer Stack beendet (SIGKILL) und neu gestartet", drill::wholeStackKilled));
			rows.add(attempt("Datenträger des Datenordners voll", drill::diskFull));
			rows.add(attempt("Wiederherstellung aus der Sicherung", drill::restoredFromBackup));
		}
		finally {
			drill.forum.stop();
			if (drill.restartedElasticsearch != null) {
				drill.restartedElasticsearch.stop();
			}
			if (drill.restartedKeycloak != null) {
				drill.restartedKeycloak.stop();
			}
			disk.close();
		}
		print(rows, work.resolve("results.md"));
		boolean clean = rows.stream()
			.allMatch((r) -> r.lost() == 0 && r.ghostHits() == 0 && r.wrongCounters() == 0 && !r.failed());
		System.exit(clean ? 0 : 1);
	}

	/** A fault whose run itself broke down shows as such in the table. */
	interface Fault {

		Row run() throws Exception;

	}

	private static Row attempt(String fault, Fault run) {
		try {
			return run.run();
		}
		catch (Exception ex) {
			ex.printStackTrace();
			return new Row(fault, 0, 0, 0, 0, null, "ABGEBROCHEN: " + ex.getMessage());
		}
	}

	private List<String> tokens() throws IOException {
		List<String> tokens = new ArrayList<>();
		for (String user : WRITERS) {
			tokens.add(this.api.token(user));
		}
		return tokens;
	}

	private String thread(String token, String fault) throws IOException {
		return this.api.startThread(token, "nachnutzung-fragen", "Übung: " + fault,
				"Vier Schreiber antworten hier, während die Übung einen Fehler auslöst: " + fault + ".");
	}

	/** Waits until search finds everything the forum holds, then checks once more. */
	private Consistency.Findings recovered(String thread, Map<String, String> acknowledged,
			java.util.Set<String> attempted, Duration timeout) throws IOException {
		String token = this.api.token("darmstadt");
		long deadline = System.nanoTime() + timeout.toNanos();
		Consistency.Findings findings = null;
		while (System.nanoTime() < deadline) {
			try {
				findings = Consistency.check(this.api, token, thread, acknowledged, attempted);
				if (findings.notFound().isEmpty()) {
					return findings;
				}
			}
			catch (IOException ex) {
				// Not answering yet.
			}
			ForumProcess.sleep(1000);
		}
		if (findings == null) {
			throw new IOException("Das Forum hat sich nicht erholt: " + thread);
		}
		return findings;
	}

	Row elasticsearchKilled() throws Exception {
		String fault = "Elasticsearch beendet (SIGKILL) und neu gestartet";
		System.out.println("==> " + fault);
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), fault);
		Consistency.Findings findings;
		Duration recovery;
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2)) {
			ForumProcess.sleep(3000);
			killAll("org.elasticsearch");
			ForumProcess.sleep(5000);
			this.restartedElasticsearch = ElasticsearchNode.builder(this.data.resolve("elasticsearch"))
				.port(ELASTICSEARCH_PORT)
				.plugins(analysisPlugins())
				.build()
				.start();
			ForumProcess.sleep(2000);
			load.close();
			long back = System.nanoTime();
			findings = recovered(thread, load.acknowledged(), load.attempted(), Duration.ofMinutes(2));
			recovery = Duration.ofNanos(System.nanoTime() - back);
		}
		System.out.println("    " + findings);
		return Row.of(fault, findings, recovery, "Schreiben lief weiter; Suche danach vollständig");
	}

	Row keycloakKilled() throws Exception {
		String fault = "Keycloak beendet (SIGKILL) und neu gestartet";
		System.out.println("==> " + fault);
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), fault);
		BrowserSession person = new BrowserSession(this.forum.baseUrl());
		if (person.login("koeln") != null) {
			throw new IOException("Anmeldung vor der Übung misslang");
		}
		List<String> notes = new ArrayList<>();
		Consistency.Findings findings;
		Duration recovery;
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2)) {
			ForumProcess.sleep(3000);
			long killed = System.nanoTime();
			killAll("keycloak");
			ForumProcess.sleep(3000);
			int acknowledgedBefore = load.acknowledged().size();
			HttpResponse<String> page = person.get("/t/" + thread);
			notes.add("angemeldete Sitzung: " + describe(page));
			HttpResponse<String> refused = new BrowserSession(this.forum.baseUrl()).login("darmstadt");
			notes.add("neue Anmeldung: " + ((refused != null)
					? refused.statusCode() + (refused.body().contains("Anmeldung gerade nicht möglich")
							? " mit deutscher Seite" : " ohne Erklärung")
					: "gelang (unerwartet)"));
			ForumProcess.sleep(2000);
			notes.add("API mit Token: " + (load.acknowledged().size() - acknowledgedBefore) + " Antworten in 2 s");
			this.restartedKeycloak = KeycloakServer.builder(this.data.resolve("keycloak"))
				.port(KEYCLOAK_PORT)
				.importFiles(KeycloakServer.projectImportFiles(this.root, true))
				.baseUrl(this.forum.baseUrl())
				.passwordGrant(true)
				.build()
				.start();
			HttpResponse<String> again = new BrowserSession(this.forum.baseUrl()).login("darmstadt");
			recovery = Duration.ofNanos(System.nanoTime() - killed);
			notes.add("danach Anmeldung "
					+ ((again == null) ? "wieder möglich" : "weiter gestört: " + again.statusCode()));
			load.close();
			findings = recovered(thread, load.acknowledged(), load.attempted(), Duration.ofMinutes(2));
		}
		System.out.println("    " + findings + "; " + notes);
		return Row.of(fault, findings, recovery, String.join("; ", notes));
	}

	Row wholeStackKilled() throws Exception {
		String fault = "ganzer Stack beendet (SIGKILL) und neu gestartet";
		System.out.println("==> " + fault);
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), fault);
		Consistency.Findings findings;
		Duration recovery;
		long killed;
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2)) {
			ForumProcess.sleep(2500);
			killed = System.nanoTime();
			this.forum.kill(true);
			// Nodes the drill restarted itself belong to the stack too.
			killBelowDrill("org.elasticsearch");
			killBelowDrill("keycloak");
			load.close();
			this.forum.start(Duration.ofMinutes(4));
			findings = recovered(thread, load.acknowledged(), load.attempted(), Duration.ofMinutes(2));
			recovery = Duration.ofNanos(System.nanoTime() - killed);
		}
		System.out.println("    " + findings);
		return Row.of(fault, findings, recovery, "Erholung: Neustart bis Suche vollständig");
	}

	Row diskFull() throws Exception {
		String fault = "Datenträger des Datenordners voll";
		System.out.println("==> " + fault);
		if (!this.disk.limited()) {
			return new Row(fault, 0, 0, 0, 0, null, "nicht geprüft: " + this.disk.reason());
		}
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), fault);
		Consistency.Findings findings;
		Duration recovery = null;
		List<String> notes = new ArrayList<>();
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2)) {
			ForumProcess.sleep(2000);
			this.disk.fill();
			ForumProcess.sleep(1000);
			int before = load.acknowledged().size();
			Map<Integer, Integer> refusalsBefore = load.refusals();
			ForumProcess.sleep(4000);
			int during = load.acknowledged().size() - before;
			int refused503 = load.refusals().getOrDefault(503, 0) - refusalsBefore.getOrDefault(503, 0);
			notes.add("bei vollem Datenträger " + refused503 + "× 503, " + during + " bestätigt");
			Optional<String> problem = this.disk.sampleRefusal(this.api, tokens.get(1), thread);
			problem.ifPresent((text) -> notes.add("Meldung: „" + text + "“"));
			long freed = System.nanoTime();
			this.disk.free();
			int after = load.acknowledged().size();
			while (load.acknowledged().size() == after
					&& System.nanoTime() - freed < Duration.ofSeconds(60).toNanos()) {
				ForumProcess.sleep(50);
			}
			if (load.acknowledged().size() > after) {
				recovery = Duration.ofNanos(System.nanoTime() - freed);
			}
			ForumProcess.sleep(2000);
			load.close();
			findings = recovered(thread, load.acknowledged(), load.attempted(), Duration.ofMinutes(2));
		}
		System.out.println("    " + findings + "; " + notes);
		return Row.of(fault, findings, recovery, String.join("; ", notes));
	}

	Row restoredFromBackup() throws Exception {
		String fault = "Wiederherstellung aus der Sicherung (im Betrieb gesichert)";
		System.out.println("==> " + fault);
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), fault);
		Path file = this.work.resolve("drill-sicherung.zip");
		Map<String, String> beforeBackup;
		Duration recovery;
		Consistency.Findings findings;
		int afterBackup;
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2)) {
			ForumProcess.sleep(3000);
			beforeBackup = load.acknowledged();
			ForumBackup.backup(this.data, file, MONGO_PORT);
			ForumProcess.sleep(2000);
			load.close();
			afterBackup = load.acknowledged().size() - beforeBackup.size();
			this.forum.stop();
			long began = System.nanoTime();
			ForumBackup.restore(this.data, file, List.of(HTTP_PORT, MONGO_PORT, KEYCLOAK_PORT, ELASTICSEARCH_PORT));
			this.forum.start(Duration.ofMinutes(4));
			// Everything acknowledged before the backup began must be back; what came
			// later is gone on purpose, and search must not find it either.
			findings = recovered(thread, beforeBackup, load.attempted(), Duration.ofMinutes(3));
			recovery = Duration.ofNanos(System.nanoTime() - began);
		}
		System.out.println("    " + findings);
		return Row.of(fault, findings, recovery, "gezählt: vor Beginn der Sicherung bestätigt; " + afterBackup
				+ " danach bestätigte Antworten gehören nicht zur Sicherung; Erholung: Wiederherstellen, Start, Suchindex neu");
	}

	private static String describe(HttpResponse<String> page) {
		return (page.statusCode() == 200) ? "arbeitet weiter (200)" : "gestört (" + page.statusCode() + ")";
	}

	private List<Path> analysisPlugins() throws IOException {
		Path target = this.root.resolve("forum-search/analysis-plugin/target");
		try (var zips = Files.newDirectoryStream(target, "forum-search-analysis-plugin-*.zip")) {
			List<Path> plugins = new ArrayList<>();
			zips.forEach(plugins::add);
			return plugins;
		}
	}

	/**
	 * SIGKILL for every process of the forum's tree whose command line has the marker.
	 */
	private void killAll(String marker) {
		List<ProcessHandle> victims = ProcessHandle.allProcesses()
			.filter((p) -> p.info().commandLine().orElse("").contains(marker))
			.filter((p) -> p.pid() != ProcessHandle.current().pid())
			.filter((p) -> p.parent().isPresent())
			.filter((p) -> isBelow(p, this.forum.pid()) || isBelow(p, ProcessHandle.current().pid()))
			.toList();
		if (victims.isEmpty()) {
			throw new IllegalStateException("Kein Prozess mit " + marker + " gefunden");
		}
		victims.forEach(ProcessHandle::destroyForcibly);
		victims.forEach((p) -> p.onExit().join());
	}

	private static void killBelowDrill(String marker) {
		List<ProcessHandle> victims = ProcessHandle.current()
			.descendants()
			.filter((p) -> p.info().commandLine().orElse("").contains(marker))
			.toList();
		victims.forEach(ProcessHandle::destroyForcibly);
		victims.forEach((p) -> p.onExit().join());
	}

	private static boolean isBelow(ProcessHandle process, long ancestor) {
		Optional<ProcessHandle> p = process.parent();
		while (p.isPresent()) {
			if (p.get().pid() == ancestor) {
				return true;
			}
			p = p.get().parent();
		}
		return false;
	}

	private static void print(List<Row> rows, Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("Fehlerübung vom " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"))
				+ ", vier Schreiber und zwei Leser über die API");
		lines.add("");
		lines.add(
				"| Fehler | Schreibvorgänge bestätigt | verloren | Geistertreffer | falsche Zähler | Erholung | Bemerkung |");
		lines.add("|---|---|---|---|---|---|---|");
		rows.forEach((r) -> lines.add(r.markdown()));
		Files.write(file, lines);
		System.out.println();
		lines.forEach(System.out::println);
	}

	static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		DiskLimit.unmountAll(path);
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

}
