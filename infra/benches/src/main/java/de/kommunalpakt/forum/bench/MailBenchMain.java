package de.kommunalpakt.forum.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.infra.KeycloakServer;
import de.kommunalpakt.forum.infra.MailServer;
import de.kommunalpakt.forum.infra.MailServerProcess;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailDigests;
import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.thread.ThreadId;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Mail bench ({@code ./forum bench-mail}): the forum in this process (the script gives it
 * the JVM options of {@code ./forum start}) with the MongoDB stand-in inside (H2, as
 * {@code ./forum start}; {@code --mongo=process}: a process of its own as in
 * {@code ./forum bench}), Keycloak, and the local mail server (GreenMail, SMTP and IMAP)
 * in a process of its own as {@code ./forum start} runs it ({@link MailServerProcess};
 * {@code --mail=in-process}: in this process).
 * <ol>
 * <li>warm-up: a smaller digest morning of other members ({@code --warm-members}, 2,000;
 * 0 measures the first morning after a start, its code not yet compiled), then posting
 * until the JIT compiler is quiet;</li>
 * <li>a day of 5,000 posts (500 threads of 10) and 10,000 members with a daily digest,
 * each watching one thread: the notifications wait as the composer leaves them
 * ({@link DigestItems#add}, one per member and post of a watched thread);</li>
 * <li>all digests of the next slot built ({@link MailDigests#sendDue}) and handed to
 * SMTP: time, heap, mails per second through GreenMail; posting (reply form, one
 * connection) before, meanwhile and after, each time first back to back (15 s,
 * {@code --seconds}), then 10 replies a second in a fixed rhythm (20 s,
 * {@code --paced-seconds}); then the dispatcher's search for due mails with the day's
 * mails kept;</li>
 * <li>a reply through the API until the mail to the thread's author is in her IMAP inbox,
 * 50 times.</li>
 * </ol>
 */
public final class MailBenchMain {

	private static final int APP_PORT = 18094;

	/**
	 * Posting in a fixed rhythm besides back to back: one connection posting as fast as
	 * it is answered keeps this 2-core machine 80–97 % busy on its own, so any other work
	 * shows in its latency; people post far less often.
	 */
	private static final int PACED_PER_SECOND = 10;

	private static final String DARMSTADT_MAIL = "darmstadt@demo.forum-kommunalpakt.example";

	private MailBenchMain() {
	}

	public static void main(String[] args) throws Exception {
		int members = BenchMain.intArg(args, "members", 10_000);
		int threads = BenchMain.intArg(args, "threads", 500);
		int postsPerThread = BenchMain.intArg(args, "posts-per-thread", 10);
		int replies = BenchMain.intArg(args, "replies", 50);
		int seconds = BenchMain.intArg(args, "seconds", 15);
		int pacedSeconds = BenchMain.intArg(args, "paced-seconds", 20);
		int warmMembers = BenchMain.intArg(args, "warm-members", 2_000);
		Path work = TestServices.projectRoot().resolve("target/bench-mail");
		BenchMain.ChildProcessCleanup.deleteQuietly(work.resolve("mongo"));
		Files.createDirectories(work);
		System.out.println("==> Starte MongoDB-Stand-in, Keycloak und den Mailserver ...");
		// The stand-in in the forum's process and heap, as ./forum start runs it; its own
		// process (./forum bench's form, --mongo=process) added young pauses of 54-164 ms
		// (ParallelGC, 1.5 GB young generation) to the posting tail.
		String[] mongoArgs = Arrays.asList(args).contains("--mongo=process") ? args
				: Stream.concat(Arrays.stream(args), Stream.of("--mongo=in-process")).toArray(String[]::new);
		BenchMongo mongo = BenchMongo.start(mongoArgs, work.resolve("mongo"), work.resolve("mongo.log"));
		KeycloakServer keycloak = BenchMain.keycloak(work.resolve("keycloak"), APP_PORT);
		LocalMail mail = LocalMail.start(args, work.resolve("mail.log"));
		BenchMain.configure(mongo, keycloak, APP_PORT);
		System.setProperty("forum.search.enabled", "false");
		System.setProperty("spring.mail.host", MailServer.HOST);
		System.setProperty("spring.mail.port", Integer.toString(mail.smtpPort()));
		System.setProperty("forum.mail.base-url", "http://localhost:" + APP_PORT);
		ConfigurableApplicationContext app;
		try {
			app = new SpringApplication(ForumApplication.class).run();
		}
		catch (RuntimeException ex) {
			// Its port taken (another bench still running), say: the children stop with
			// it, and the bench ends instead of waiting on them.
			System.err.println("Forum startet nicht: " + ex);
			keycloak.stop();
			mail.close();
			mongo.close();
			System.exit(1);
			return;
		}
		List<String> rows = new ArrayList<>();
		try {
			List<ThreadId> ids = BenchMain.seed(app, BenchCorpus.fromArgs(args), threads, postsPerThread,
					new ArrayList<>());
			MailDigests digests = app.getBean(MailDigests.class);
			if (warmMembers > 0) {
				warmDigests(app, digests, mail, warmMembers, ids, postsPerThread);
			}
			long seeded = System.nanoTime();
			int items = seedMembers(app, "bench-", members, ids, postsPerThread);
			System.out.printf("==> %,d Mitglieder mit täglicher Zusammenfassung, %,d wartende Einträge (%.1f s)%n",
					members, items, (System.nanoTime() - seeded) / 1e9);

			String base = "http://localhost:" + APP_PORT;
			HttpClient client = BenchMain.browserClient();
			// Darmstadt's address comes with her browser login; she posts in the bench.
			BenchMain.login(client, base, "darmstadt");
			String warmPosts = postUntilCompiled(client, base, ids);
			System.out.println("==> Beiträge ohne Zusammenfassungen ...");
			long mailPid = (mail.process() != null) ? mail.process().pid() : 0;
			SchedStats quietFrom = SchedStats.take(mailPid);
			String quiet = BenchMain.createPosts(client, base, ids, 1, seconds);
			String quietPaced = BenchMain.pacedPosts(client, base, ids, PACED_PER_SECOND, pacedSeconds);
			String quietCpu = quietFrom.perSecond(SchedStats.take(mailPid));

			System.out.println("==> Zusammenfassungen bauen und senden ...");
			int before = mail.receivedCount();
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			// What the last collection left, without collecting: a System.gc() here
			// (until 04.12.2026) shrank G1's heap right before the window it measures
			// (in a run of 4,000 members from 344 to 220 MB; posting during the digests
			// then saw 38 instead of 20 pauses in 18 s). ./forum start never does that.
			long heapBefore = liveAfterLastCollection();
			AtomicLong heapPeak = new AtomicLong(heapBefore);
			AtomicLong firstMail = new AtomicLong();
			// When the count of mails received last grew: the handover's end, however
			// long
			// the posting windows run after it.
			AtomicLong lastMail = new AtomicLong();
			Thread sampler = Thread.ofPlatform().daemon().start(() -> {
				int seen = before;
				while (!Thread.currentThread().isInterrupted()) {
					heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
					int count = mail.receivedCount();
					if (count > seen) {
						seen = count;
						lastMail.set(System.nanoTime());
					}
					if (firstMail.get() == 0 && count > before) {
						firstMail.set(System.nanoTime());
					}
					try {
						Thread.sleep(100);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			SchedStats duringFrom = SchedStats.take(mailPid);
			long started = System.nanoTime();
			// Built when sendDue returns, not when the posting windows are over (before
			// 04.12.2026 the row showed at least the windows' 18 s).
			AtomicLong builtAt = new AtomicLong();
			CompletableFuture<Integer> built = CompletableFuture.supplyAsync(() -> {
				int count = digests.sendDue(Instant.now().plus(Duration.ofDays(1)));
				builtAt.set(System.nanoTime());
				return count;
			});
			String during = BenchMain.createPosts(client, base, ids, 1, seconds);
			String duringPaced = BenchMain.pacedPosts(client, base, ids, PACED_PER_SECOND, pacedSeconds);
			String duringCpu = duringFrom.perSecond(SchedStats.take(mailPid));
			int digestCount = built.join();
			if (digestCount != members) {
				throw new IllegalStateException(String.format(Locale.GERMAN,
						"Messung ungültig: %,d statt %,d Zusammenfassungen gebaut", digestCount, members));
			}
			double buildSeconds = (builtAt.get() - started) / 1e9;
			int received = 0;
			long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
			while (received < digestCount && System.nanoTime() < deadline) {
				received = mail.receivedCount() - before;
				Thread.sleep(100);
			}
			String handoverCpu = duringFrom.totals(SchedStats.take(mailPid));
			// The sampler's next look sees the last mail.
			Thread.sleep(300);
			double handedSeconds = (lastMail.get() - started) / 1e9;
			sampler.interrupt();
			System.out.println("==> Beiträge ohne Zusammenfassungen, danach ...");
			SchedStats afterFrom = SchedStats.take(mailPid);
			String after = BenchMain.createPosts(client, base, ids, 1, seconds);
			String afterPaced = BenchMain.pacedPosts(client, base, ids, PACED_PER_SECOND, pacedSeconds);
			String afterCpu = afterFrom.perSecond(SchedStats.take(mailPid));
			// The outbox sends while digests are still being built: this is the rate of
			// the whole handover, bounded by the building.
			double perSecond = received / Math.max(0.001, (lastMail.get() - firstMail.get()) / 1e9);
			rows.add(String.format(Locale.GERMAN,
					"| %,d Zusammenfassungen gebaut (`MailDigests.sendDue`, %,d Einträge) | %.1f s | – |", digestCount,
					items, buildSeconds));
			// The target is for 10,000 members; a smaller run is no verdict.
			String verdict = (members < 10_000) ? "nicht geprüft (verkleinerter Lauf)"
					: (received == digestCount && handedSeconds < 60) ? "erreicht" : "verfehlt";
			rows.add(String.format(Locale.GERMAN,
					"| alle gebaut und vom SMTP-Server angenommen (%,d Mails in GreenMail) | %.1f s | unter 60 s bei 10.000: %s |",
					received, handedSeconds, verdict));
			rows.add("| Rechenzeit vom Beginn der Zusammenfassungen, bis alle angenommen sind (mit den Beiträgen der "
					+ "beiden Fenster; der Messclient zählt zu „übrige“), in Sekunden | " + handoverCpu + " | – |");
			rows.add(String.format(Locale.GERMAN,
					"| Mails je Sekunde durch SMTP (von der ersten bis zur letzten angenommenen Mail, während noch gebaut wird) | %.0f/s | – |",
					perSecond));
			rows.add(String.format(Locale.GERMAN,
					"| Heap belegt: nach der letzten Speicherbereinigung vorher / Spitze beim Bauen und Senden (Stichprobe alle 100 ms) | %d MB / %d MB | – |",
					heapBefore >> 20, heapPeak.get() >> 20));
			if (mail.process() != null) {
				long[] mailRss = StartBench.rssKb(mail.process().pid());
				rows.add(String.format(Locale.GERMAN,
						"| RSS des Mailserver-Prozesses (GreenMail mit allen Mails, `%s`): jetzt / Spitze | %d MB / %d MB | – |",
						MailServerProcess.JVM.stream().filter((o) -> o.startsWith("-Xmx")).findFirst().orElse(""),
						mailRss[0] >> 10, mailRss[1] >> 10));
			}
			rows.add(outboxSearchRow(app.getBean(MailOutbox.class)));
			rows.add(changeLogRow(app.getBean(ChangeLog.class)));
			rows.add(postingRow("ohne Zusammenfassungen, vorher", quiet, "–"));
			rows.add(postingRow("während die Zusammenfassungen gebaut und gesendet werden", during,
					duringVerdict(quiet, during, after)));
			rows.add(postingRow("ohne Zusammenfassungen, danach", after, "–"));
			rows.add(pacedRow("ohne Zusammenfassungen, vorher", quietPaced, "–"));
			rows.add(pacedRow("während der Zusammenfassungen (gleich nach dem Fenster oben)", duringPaced,
					duringVerdict(quietPaced, duringPaced, afterPaced)));
			rows.add(pacedRow("ohne Zusammenfassungen, danach", afterPaced, "–"));
			rows.add(cpuRow("ohne Zusammenfassungen, vorher", quietCpu));
			rows.add(cpuRow("während der Zusammenfassungen", duringCpu));
			rows.add(cpuRow("ohne Zusammenfassungen, danach", afterCpu));

			System.out.println("==> Antwort bis zur Mail im IMAP-Postfach, " + replies + "-mal ...");
			rows.add(replyToInbox(base, keycloak.issuer(), mail, replies));
			String table = String.format(Locale.GERMAN,
					"%,d Mitglieder mit täglicher Zusammenfassung, %,d Beiträge in %,d Themen an einem Tag, "
							+ "jedes Mitglied beobachtet ein Thema; vorher aufgewärmt: %,d Zusammenfassungen anderer Mitglieder, "
							+ "%s; Stand-in %s; Mailserver %s; Forum im Messprozess mit %s%n%n"
							+ "| Messung | Wert | Ziel |%n|---|---|---|%n%s%n",
					members, threads * postsPerThread, threads, warmMembers, warmPosts, mongo.description(),
					mail.description(),
					String.join(" ",
							ManagementFactory.getRuntimeMXBean()
								.getInputArguments()
								.stream()
								.filter((o) -> o.startsWith("-X"))
								.toList()),
					String.join("\n", rows));
			System.out.println(table);
			Files.writeString(work.resolve("results.md"), table);
		}
		finally {
			app.close();
			keycloak.stop();
			mail.close();
			mongo.close();
		}
		System.exit(0);
	}

	/**
	 * The local mail server: a process of its own as {@code ./forum start} runs it, or
	 * with {@code --mail=in-process} in this process (as {@code ./forum start} ran it
	 * before).
	 */
	private record LocalMail(MailServerProcess process, MailServer inProcess) {

		static LocalMail start(String[] args, Path log) {
			return Arrays.asList(args).contains("--mail=in-process") ? new LocalMail(null, MailServer.start(0, 0))
					: new LocalMail(MailServerProcess.start(0, 0, log), null);
		}

		int smtpPort() {
			return (this.process != null) ? this.process.smtpPort() : this.inProcess.smtpPort();
		}

		int imapPort() {
			return (this.process != null) ? this.process.imapPort() : this.inProcess.imapPort();
		}

		int receivedCount() {
			return (this.process != null) ? this.process.receivedCount() : this.inProcess.receivedCount();
		}

		void purge() {
			if (this.process != null) {
				this.process.purge();
			}
			else {
				this.inProcess.purge();
			}
		}

		String description() {
			return (this.process != null) ? "eigener Prozess: " + String.join(" ", MailServerProcess.JVM)
					: "im Messprozess";
		}

		void close() {
			if (this.process != null) {
				this.process.close();
			}
			else {
				this.inProcess.stop();
			}
		}

	}

	/**
	 * A smaller digest morning before the measured one ({@code --warm-members}, 0: none):
	 * a forum that has run for a day has the digests' and the outbox's code compiled;
	 * measured cold, C2 compiled it while the posts were measured (0.3 to 0.7 of a core
	 * in the first 20 s, sampled per thread). Its mails are deleted from the mail server
	 * afterwards, so the measured morning starts with an empty one.
	 */
	private static void warmDigests(ConfigurableApplicationContext app, MailDigests digests, LocalMail mail, int count,
			List<ThreadId> ids, int postsPerThread) throws InterruptedException {
		long started = System.nanoTime();
		seedMembers(app, "warm-", count, ids, postsPerThread);
		int before = mail.receivedCount();
		int built = digests.sendDue(Instant.now().plus(Duration.ofDays(1)));
		long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
		while (mail.receivedCount() - before < built && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		mail.purge();
		System.out.printf("==> Aufwärmen: %,d Zusammenfassungen anderer Mitglieder gebaut und gesendet (%.1f s)%n",
				built, (System.nanoTime() - started) / 1e9);
	}

	/**
	 * Posting back to back in rounds of 10 s until the JIT compiler is quiet, at most 90
	 * s, as the other benches warm up: without it C2 took half a core to a core while the
	 * first window was measured (sampled per thread).
	 * @return what it took, for the heading of the results
	 */
	private static String postUntilCompiled(HttpClient client, String base, List<ThreadId> ids) throws Exception {
		BenchMain.Compiled compiled = BenchMain
			.roundsUntilCompiled(() -> BenchMain.createPosts(client, base, ids, 1, 10));
		String done = compiled.quiet() ? String.format("%d s Beiträge bis zur JIT-Ruhe", compiled.seconds())
				: String.format("%d s Beiträge (der JIT-Compiler danach noch nicht ganz ruhig)", compiled.seconds());
		System.out.println("==> Aufgewärmt: " + done);
		return done;
	}

	/**
	 * Members (Kommunen of all Länder) with an address and a daily digest twelve hours
	 * from now (German time), each watching one thread: one waiting item per post of it,
	 * as the composer writes them. Their slot is due for {@code sendDue(now + 1 day)} and
	 * for no run of the forum's own schedule during the bench: with a fixed hour of 7 a
	 * run started between 7 and 8 o'clock found the items from the last hour due at once,
	 * the forum's schedule built them during the warm-up, and the measured morning built
	 * none.
	 */
	private static int seedMembers(ConfigurableApplicationContext app, String prefix, int count, List<ThreadId> threads,
			int postsPerThread) {
		MemberRepository members = app.getBean(MemberRepository.class);
		MailSettingsRepository settings = app.getBean(MailSettingsRepository.class);
		DigestItems items = app.getBean(DigestItems.class);
		LandCode[] lands = LandCode.values();
		Instant day = Instant.now().minus(Duration.ofHours(1));
		int hour = (ZonedDateTime.now(ZoneId.of("Europe/Berlin")).getHour() + 12) % 24;
		int added = 0;
		for (int i = 0; i < count; i++) {
			String id = prefix + i;
			LandCode land = lands[i % lands.length];
			members.recordLogin(new Actor(new MemberId(id), id, "Mitglied " + i,
					new OrganisationId("kommune-" + prefix + i), OrganisationKind.KOMMUNE, land, Set.of(Role.MEMBER)));
			settings.save(new MailSettings(id, id + "@bench.example", MailSettings.Delivery.IMMEDIATE,
					MailSettings.Delivery.DAILY, hour, java.time.DayOfWeek.MONDAY));
			ThreadId thread = threads.get(i % threads.size());
			for (int n = 1; n <= postsPerThread; n++) {
				items.add(new DigestItem("bench:" + thread.value() + ":" + n + ":" + id, id, Category.WATCHED,
						NotificationKind.WATCHED_REPLY, thread.value(), n, "Autor " + n,
						day.plusSeconds(n * 60L + (i % threads.size()))));
				added++;
			}
		}
		return added;
	}

	/**
	 * What each reader of the change log (notifications, mail, search, live) asks after
	 * every change: the changes after its checkpoint, here the last five of the day's.
	 */
	private static String changeLogRow(ChangeLog changes) {
		List<ForumChange> all = changes.after(null, Integer.MAX_VALUE);
		String checkpoint = all.get(Math.max(0, all.size() - 6)).id();
		return String.format(Locale.GERMAN,
				"| Änderungsprotokoll ab dem Stand eines Lesers (`ChangeLog.after`, nach jeder Änderung je Leser) bei %,d Änderungen, die letzten 5, Median von 51 | %.2f ms | – |",
				all.size(), medianMillis(51, () -> changes.after(checkpoint, 100)));
	}

	/**
	 * The dispatcher's search for due mails nobody offered (every 30 s), with the day's
	 * digests kept: on the stand-in it reads every kept mail, and mails stay 30 days.
	 */
	private static String outboxSearchRow(MailOutbox outbox) {
		long kept = 0;
		for (OutgoingMail.Status status : OutgoingMail.Status.values()) {
			kept += outbox.count(status);
		}
		return String.format(Locale.GERMAN,
				"| Suche nach fälligen Mails im Postausgang (`MailOutbox.due`, alle 30 s) bei %,d aufbewahrten Mails, Median von 7 | %.0f ms | – |",
				kept, medianMillis(7, () -> outbox.due(Instant.now(), 250)));
	}

	/** The median of {@code times} runs of {@code call}, in milliseconds. */
	private static double medianMillis(int times, Runnable call) {
		long[] nanos = new long[times];
		for (int i = 0; i < nanos.length; i++) {
			long started = System.nanoTime();
			call.run();
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		return nanos[nanos.length / 2] / 1e6;
	}

	private static String pacedRow(String when, String measured, String verdict) {
		return String.format(Locale.GERMAN,
				"| Beitrag anlegen (Formular), %d je Sekunde im festen Takt, %s: p50 / p99 | %s ms / %s ms | %s |",
				PACED_PER_SECOND, when, cell(measured, 3), cell(measured, 5), verdict);
	}

	/**
	 * Where the cores went while posting (both posting windows, their warm-up included).
	 * Waiting: runnable, but not yet on a core (the kernel's run delay; on this virtual
	 * machine it includes waking an idle core, so it is not zero without digests either).
	 */
	private static String cpuRow(String when, String perSecond) {
		return String.format(Locale.GERMAN,
				"| Threads beim Anlegen der Beiträge (`/proc/…/schedstat`, beide Fenster mit Aufwärmen), %s: Warten der Anfrage-Threads auf einen Kern je Beitrag; Heap-Belegung des Messprozesses (mit dem Messclient) und GC-Pausen je Sekunde; je Sekunde Rechenzeit in Kernen / Warten auf einen Kern in ms | %s | – |",
				when, perSecond);
	}

	private static String postingRow(String when, String measured, String verdict) {
		return String.format(Locale.GERMAN,
				"| Beitrag anlegen (Formular), 1 Verbindung, %s: p50 / p99 | %s ms / %s ms | %s |", when,
				cell(measured, 3), cell(measured, 5), verdict);
	}

	/** A cell of BenchMain's row: | what | requests | p50 | p90 | p99 | rate |. */
	private static String cell(String measured, int index) {
		return measured.split("\\|")[index].strip();
	}

	/** The heap in use right after the most recent garbage collection. */
	static long liveAfterLastCollection() {
		com.sun.management.GcInfo last = null;
		for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			com.sun.management.GcInfo info = (gc instanceof com.sun.management.GarbageCollectorMXBean bean)
					? bean.getLastGcInfo() : null;
			if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
				last = info;
			}
		}
		if (last == null) {
			return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		}
		Set<String> heap = new java.util.HashSet<>();
		ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((p) -> p.getType() == java.lang.management.MemoryType.HEAP)
			.forEach((p) -> heap.add(p.getName()));
		return last.getMemoryUsageAfterGc()
			.entrySet()
			.stream()
			.filter((e) -> heap.contains(e.getKey()))
			.mapToLong((e) -> e.getValue().getUsed())
			.sum();
	}

	/**
	 * Posting during the digests against the windows without them before and after (the
	 * quiet p99 alone differs by tens of milliseconds from run to run on this machine):
	 * unchanged if p50 and p99 are within the larger of the two quiet windows' values.
	 */
	private static String duringVerdict(String before, String during, String after) {
		StringBuilder verdict = new StringBuilder("unverändert: ");
		String[] names = { "p50", "p99" };
		int[] cells = { 3, 5 };
		for (int i = 0; i < 2; i++) {
			double quiet = Math.max(Double.parseDouble(cell(before, cells[i])),
					Double.parseDouble(cell(after, cells[i])));
			double busy = Double.parseDouble(cell(during, cells[i]));
			verdict.append(names[i])
				.append((busy <= quiet) ? " erreicht"
						: String.format(Locale.GERMAN, " **verfehlt** (+%.1f ms über ohne)", busy - quiet));
			verdict.append((i == 0) ? ", " : "");
		}
		return verdict.toString();
	}

	/**
	 * Replies by Köln in a thread of Darmstadt, one after the other: from the API's 201
	 * until Darmstadt's IMAP inbox holds one mail more.
	 */
	private static String replyToInbox(String base, String issuer, LocalMail mail, int count) throws Exception {
		String darmstadt = LiveBenchMain.token(issuer, "darmstadt");
		String koeln = LiveBenchMain.token(issuer, "koeln");
		String thread = LiveBenchMain.startThread(base, darmstadt);
		HttpClient client = HttpClient.newHttpClient();
		long[] nanos = new long[count];
		int inbox = MailServer.inbox(mail.imapPort(), DARMSTADT_MAIL).size();
		for (int i = 0; i < count; i++) {
			BenchMain.apiReply(client, base, koeln, thread, "Antwort " + i + " aus Köln");
			long acknowledged = System.nanoTime();
			// Only the mails after those already there: reading the whole inbox every
			// time measured the inbox's size (3 s after 30 replies, while each IMAP
			// answer of GreenMail still waited 40 ms for an acknowledgement), not the
			// forum.
			while (MailServer.inbox(mail.imapPort(), DARMSTADT_MAIL, inbox).isEmpty()) {
				if (System.nanoTime() - acknowledged > Duration.ofSeconds(60).toNanos()) {
					throw new IllegalStateException("Nach 60 s keine Mail");
				}
				Thread.sleep(20);
			}
			nanos[i] = System.nanoTime() - acknowledged;
			inbox++;
		}
		Arrays.sort(nanos);
		double p50 = nanos[count / 2] / 1e6;
		double p99 = nanos[(int) Math.ceil(count * 0.99) - 1] / 1e6;
		return String.format(Locale.GERMAN,
				"| Antwort (API, `201`) bis zur Mail im IMAP-Postfach der Empfängerin, %d-mal: p50 / p99 | %.0f ms / %.0f ms | p99 unter 5 s: %s |",
				count, p50, p99, (p99 < 5000) ? "erreicht" : "verfehlt");
	}

}
