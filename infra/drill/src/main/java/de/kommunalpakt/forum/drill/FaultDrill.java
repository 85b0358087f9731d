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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import de.kommunalpakt.forum.infra.ElasticsearchNode;
import de.kommunalpakt.forum.infra.ForumBackup;
import de.kommunalpakt.forum.infra.KeycloakServer;
import de.kommunalpakt.forum.infra.MailServer;

/**
 * {@code ./forum drill}: starts the forum as {@code ./forum start} does (its own data
 * folder under {@code target/drill}), and runs each fault under four writers and two
 * readers over the API. After each fault it waits until the forum has recovered and
 * compares: acknowledged posts it cannot show (lost), search hits for text no post holds
 * (ghost hits), counters that disagree with the posts. One German table at the end, also
 * in {@code target/drill/results.md}.
 *
 * <p>
 * The mail server runs in the drill's process (GreenMail; {@code ./forum start} runs it
 * as a process of its own), and the forum uses it as an external relay, so the drill can
 * stop it and start it again on the same ports while the forum keeps running.
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

	private final MailServer mail;

	/** Nodes the drill restarted itself after killing the forum's own. */
	private ElasticsearchNode restartedElasticsearch;

	private KeycloakServer restartedKeycloak;

	private FaultDrill(Path root, DiskLimit disk) {
		this.root = root;
		this.work = root.resolve("target/drill");
		this.data = this.work.resolve("data");
		this.disk = disk;
		this.mail = MailServer.start(0, 0);
		this.forum = new ForumProcess(
				new ForumProcess.Settings(ForumProcess.defaultJar(), this.data, HTTP_PORT, MONGO_PORT, null, null, null,
						// The heap and GC of ./forum start (the script's start command).
						startJvm(this.mail, this.work)));
		this.api = new ForumApi(this.forum.baseUrl(), ISSUER);
	}

	/** One row of the table. */
	record Row(String fault, int acknowledged, int lost, int ghostHits, int wrongCounters, Duration recovery,
			String note) {

		/** The run broke down, or a check of its own (mail) failed. */
		boolean failed() {
			return this.note.startsWith("ABGEBROCHEN") || this.note.startsWith("FEHLER");
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
			// Arguments choose rows by name (e.g. "mail"); none: all.
			List<String> only = List.of(args);
			Map<String, Map.Entry<String, Fault>> faults = new java.util.LinkedHashMap<>();
			faults.put("elasticsearch",
					Map.entry("Elasticsearch beendet (SIGKILL) und neu gestartet", drill::elasticsearchKilled));
			faults.put("keycloak", Map.entry("Keycloak beendet (SIGKILL) und neu gestartet", drill::keycloakKilled));
			faults.put("mail", Map.entry(MAIL_FAULT, drill::mailServerDown));
			faults.put("stack", Map.entry("ganzer Stack beendet (SIGKILL) und neu gestartet", drill::wholeStackKilled));
			faults.put("disk", Map.entry("Datenträger des Datenordners voll", drill::diskFull));
			faults.put("restore", Map.entry("Wiederherstellung aus der Sicherung", drill::restoredFromBackup));
			faults.forEach((name, fault) -> {
				if (only.isEmpty() || only.contains(name)) {
					rows.add(attempt(fault.getKey(), fault.getValue()));
				}
			});
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
			drill.mail.stop();
		}
		print(rows, work.resolve("results.md"));
		boolean clean = rows.stream()
			.allMatch((r) -> r.lost() == 0 && r.ghostHits() == 0 && r.wrongCounters() == 0 && !r.failed());
		System.exit(clean ? 0 : 1);
	}

	/**
	 * The JVM options of {@code ./forum start} (the script's start command), with the
	 * drill's mail server instead of one inside the forum; a heap dump if the heap runs
	 * out (in {@code target/drill}).
	 */
	private static List<String> startJvm(MailServer mail, Path work) {
		List<String> options = new ArrayList<>(ForumProcess.startJvm());
		options.addAll(List.of("-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + work,
				"-Dforum.embedded.external-mail=true", "-Dforum.embedded.smtp-port=" + mail.smtpPort(),
				"-Dforum.embedded.imap-port=" + mail.imapPort()));
		return options;
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
	private Consistency.Findings recovered(String thread, Map<String, String> acknowledged, Set<String> attempted,
			Duration timeout) throws IOException {
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

	static final String MAIL_FAULT = "Mailserver beendet und neu gestartet";

	/**
	 * Darmstadt's address in the demo realm: it gets a mail for every reply by another.
	 */
	static final String DARMSTADT_MAIL = "darmstadt@demo.forum-kommunalpakt.example";

	/**
	 * The mail server stops for 15 s while four writers reply in Darmstadt's thread.
	 * Posting must go on at the same speed (reply times before and during the outage),
	 * and after the restart every reply by the three others from the stop on must reach
	 * Darmstadt's mailbox exactly once. Mails delivered before the stop went with the
	 * stopped server's mailboxes (GreenMail keeps them in memory) and are not counted.
	 */
	Row mailServerDown() throws Exception {
		System.out.println("==> " + MAIL_FAULT);
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), MAIL_FAULT);
		// The forum learns a member's address at the browser login.
		if (new BrowserSession(this.forum.baseUrl()).login("darmstadt") != null) {
			throw new IOException("Anmeldung vor der Übung misslang");
		}
		Consistency.Findings findings;
		List<WriteLoad.Ack> acks;
		long stopped;
		long started;
		MailWait mailWait;
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2)) {
			ForumProcess.sleep(8000);
			stopped = System.nanoTime();
			this.mail.stop();
			ForumProcess.sleep(15_000);
			started = System.nanoTime();
			this.mail.start();
			ForumProcess.sleep(5000);
			load.close();
			acks = load.acks();
			mailWait = awaitMails(acks, stopped, started);
			findings = recovered(thread, load.acknowledged(), load.attempted(), Duration.ofMinutes(2));
		}
		// The consistency check took its time: a second copy on its way would be in by
		// now.
		Set<String> expected = mailWait.expected();
		Set<String> others = mailWait.others();
		Duration recovery = mailWait.recovery();
		Map<String, Integer> inbox = markersIn(this.mail.mailbox(DARMSTADT_MAIL));
		int missing = (int) expected.stream().filter((m) -> !inbox.containsKey(m)).count();
		int twice = (int) inbox.values().stream().filter((n) -> n > 1).count();
		int strangers = (int) inbox.keySet().stream().filter((m) -> !others.contains(m)).count();
		String note = String.format(Locale.GERMAN,
				"Antwortzeit p50/p99 vorher %s, während des Ausfalls %s; %d Mails ab dem Ausfall erwartet, "
						+ "%d fehlen, %d doppelt, %d ohne bestätigte Antwort (Postfach beim Mailserver nach dem Neustart)",
				percentiles(acks, Long.MIN_VALUE, stopped), percentiles(acks, stopped, started), expected.size(),
				missing, twice, strangers);
		System.out.println("    " + findings + "; " + note);
		return new Row(MAIL_FAULT, findings.acknowledged(), findings.lost().size(), findings.ghostHits().size(),
				findings.wrongCounters().size(), recovery,
				((missing > 0 || twice > 0 || strangers > 0) ? "FEHLER: " : "") + note);
	}

	/** The replies whose mails must arrive, and how long they took after the restart. */
	record MailWait(Set<String> expected, Set<String> others, Duration recovery) {
	}

	/**
	 * Waits (at most 4 minutes) until every reply by the three others acknowledged from
	 * the stop on has its mail in Darmstadt's inbox.
	 */
	private MailWait awaitMails(List<WriteLoad.Ack> acks, long stopped, long started) throws Exception {
		Set<String> expected = new HashSet<>();
		Set<String> others = new HashSet<>();
		for (WriteLoad.Ack ack : acks) {
			if (ack.writer() != 0) {
				others.add(ack.marker());
				if (ack.ackNanos() >= stopped) {
					expected.add(ack.marker());
				}
			}
		}
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		while (System.nanoTime() < deadline) {
			if (markersIn(this.mail.mailbox(DARMSTADT_MAIL)).keySet().containsAll(expected)) {
				return new MailWait(expected, others, Duration.ofNanos(System.nanoTime() - started));
			}
			ForumProcess.sleep(500);
		}
		return new MailWait(expected, others, null);
	}

	/** How often each reply marker occurs in the mails' texts. */
	private static Map<String, Integer> markersIn(List<MailServer.Received> mails) {
		Map<String, Integer> counts = new HashMap<>();
		for (MailServer.Received mail : mails) {
			String marker = (mail.text() != null) ? WriteLoad.markerOf(mail.text()) : null;
			if (marker != null) {
				counts.merge(marker, 1, Integer::sum);
			}
		}
		return counts;
	}

	/** p50/p99 of the reply times of replies sent in [from, to) (nanoTime). */
	static String percentiles(List<WriteLoad.Ack> acks, long from, long to) {
		long[] millis = acks.stream()
			.filter((a) -> a.sentNanos() >= from && a.sentNanos() < to)
			.mapToLong(WriteLoad.Ack::millis)
			.sorted()
			.toArray();
		if (millis.length == 0) {
			return "–";
		}
		return String.format(Locale.GERMAN, "%d/%d ms (%d Antworten)",
				millis[(int) Math.floor(0.5 * (millis.length - 1))],
				millis[(int) Math.floor(0.99 * (millis.length - 1))], millis.length);
	}

	Row wholeStackKilled() throws Exception {
		String fault = "ganzer Stack beendet (SIGKILL) und neu gestartet";
		System.out.println("==> " + fault);
		List<String> tokens = tokens();
		String thread = thread(tokens.get(0), fault);
		// Posts a moderator hides and shows again meanwhile (the audit log's check).
		List<String> moderated = new ArrayList<>();
		for (int i = 1; i <= 4; i++) {
			ForumApi.Answer reply = this.api.reply(tokens.get(1), thread, "Beitrag " + i + " für die Moderation.");
			if (!reply.ok()) {
				throw new IOException("Beitrag für die Moderation nicht angelegt: " + reply.status());
			}
			moderated.add(reply.body().path("id").asString());
		}
		String moderator = this.api.token("bmi");
		Consistency.Findings findings;
		Duration recovery;
		long killed;
		int decisions;
		try (WriteLoad load = new WriteLoad(this.api, thread, tokens, 2);
				ModerationLoad moderation = new ModerationLoad(this.api, moderator, moderated)) {
			ForumProcess.sleep(2500);
			killed = System.nanoTime();
			this.forum.kill(true);
			// Nodes the drill restarted itself belong to the stack too.
			killBelowDrill("org.elasticsearch");
			killBelowDrill("keycloak");
			load.close();
			moderation.close();
			decisions = moderation.acknowledged();
			this.forum.start(Duration.ofMinutes(4));
			findings = recovered(thread, load.acknowledged(), load.attempted(), Duration.ofMinutes(2));
			recovery = Duration.ofNanos(System.nanoTime() - killed);
		}
		List<String> disagree = ModerationLoad.disagreements(this.api, this.api.token("bmi"), thread, moderated);
		System.out.println("    " + findings + "; Moderation: " + decisions + " bestätigt, " + disagree);
		String note = "Erholung: Neustart bis Suche vollständig; Moderation: " + decisions
				+ " Entscheidungen bestätigt, "
				+ (disagree.isEmpty() ? "jeder Beitrag wie sein letzter Eintrag im " + "Prüfprotokoll"
						: disagree.size() + " Beiträge anders: " + String.join("; ", disagree));
		return Row.of(fault, findings, recovery, disagree.isEmpty() ? note : "FEHLER: " + note);
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
