package de.kommunalpakt.forum.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.infra.KeycloakServer;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the hot paths of issue 2 on this machine: seeds 100,000 posts in 2,000 threads
 * into the embedded store (MongoDB stand-in, H2 backend, real driver; a process of its
 * own, as MongoDB is beside the forum in production), starts the application and
 * Keycloak, logs in through Keycloak's form once, and then loads thread pages (HTML, 20
 * posts) with 16 connections and creates posts through the reply form (session cookie and
 * CSRF token, as a browser sends them). Prints a Markdown table.
 *
 * <p>
 * {@code ./forum bench [--threads=2000] [--posts-per-thread=50] [--seconds=30] [--backend=memory]}
 * (the default store is the embedded one, H2; {@code memory} shows what the stand-in's H2
 * backend costs)
 */
public final class BenchMain {

	private static final int APP_PORT = 18090;

	/**
	 * Seconds of load before each measured run ({@code --warmup=}): the JIT compiles the
	 * hot paths of the forum and of Elasticsearch first, as on a server that has been up.
	 */
	static int warmup = 20;

	private BenchMain() {
	}

	public static void main(String[] args) throws Exception {
		int threads = intArg(args, "threads", 2000);
		int postsPerThread = intArg(args, "posts-per-thread", 50);
		int seconds = intArg(args, "seconds", 30);
		BenchCorpus corpus = BenchCorpus.fromArgs(args);
		warmup = intArg(args, "warmup", warmup);
		Path work = TestServices.projectRoot().resolve("target/bench");
		ChildProcessCleanup.deleteQuietly(work.resolve("mongo"));
		Files.createDirectories(work);

		System.out.println("==> Starte MongoDB-Stand-in (H2) und Keycloak ...");
		boolean memory = Arrays.asList(args).contains("--backend=memory");
		BenchMongo mongo = BenchMongo.start(args, memory ? null : work.resolve("mongo"), work.resolve("mongo.log"));
		KeycloakServer keycloak = KeycloakServer.builder(work.resolve("keycloak"))
			.importFiles(KeycloakServer.projectImportFiles(TestServices.projectRoot(), true))
			.baseUrl("http://localhost:" + APP_PORT)
			.build()
			.start();
		configure(mongo, keycloak, APP_PORT);
		// The bench measures pages and posts; search has its own figures (issue 3).
		System.setProperty("forum.search.enabled", "false");
		ConfigurableApplicationContext app = new SpringApplication(ForumApplication.class).run();
		List<String> results = new ArrayList<>();
		try {
			List<ThreadId> ids = seed(app, corpus, threads, postsPerThread, results);
			HttpClient client = browserClient();
			login(client, "http://localhost:" + APP_PORT, "darmstadt");
			String base = "http://localhost:" + APP_PORT;
			if (WrkLoad.available()) {
				results.add(WrkLoad.threadPages(client, base, ids, postsPerThread, 16, seconds, work));
			}
			results.add(threadPages(client, base, ids, postsPerThread, 16, seconds));
			results.add(threadPages(client, base, ids, postsPerThread, 1, Math.max(5, seconds / 3)));
			results.add(createPosts(client, base, ids, 1, Math.max(5, seconds / 3)));
			results.add(createPosts(client, base, ids, 4, Math.max(5, seconds / 3)));
			String table = table(results, corpus, threads, postsPerThread, mongo.description());
			System.out.println(table);
			Files.writeString(work.resolve("results.md"), table);
		}
		finally {
			app.close();
			keycloak.stop();
			mongo.close();
		}
		System.exit(0);
	}

	/**
	 * Writes the threads and posts in bulk through the repositories (same documents as
	 * the use cases).
	 */
	static List<ThreadId> seed(ConfigurableApplicationContext app, BenchCorpus corpus, int threads, int postsPerThread,
			List<String> results) {
		long started = System.nanoTime();
		SpaceRepository spaces = app.getBean(SpaceRepository.class);
		ThreadRepository threadRepository = app.getBean(ThreadRepository.class);
		PostRepository posts = app.getBean(PostRepository.class);
		SpaceId space = new SpaceId("bench");
		spaces.save(new Space(space, "Lastmessung", "", Visibility.ALL_MEMBERS, null, 1));
		Instant now = Instant.now();
		List<ThreadId> ids = new ArrayList<>();
		List<Post> batch = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			ThreadId id = ThreadId.random();
			ids.add(id);
			threadRepository.insert(corpus.thread(t, id, space, postsPerThread, now));
			for (int n = 1; n <= postsPerThread; n++) {
				batch.add(corpus.post(t, id, n, now));
			}
			if (batch.size() >= 2000) {
				posts.insertAll(batch);
				batch.clear();
			}
		}
		posts.insertAll(batch);
		double took = (System.nanoTime() - started) / 1e9;
		System.out.printf("==> %d Posts in %d Themen geschrieben (%.1f s)%n", threads * postsPerThread, threads, took);
		results.add(
				String.format("| Seed: %,d Posts in %,d Themen (Bulk über die Repositories) | – | – | – | – | %.1f s |",
						threads * postsPerThread, threads, took));
		return ids;
	}

	/** A client that keeps the session cookie of a login and follows no redirect. */
	static HttpClient browserClient() {
		return HttpClient.newBuilder()
			.cookieHandler(new LoopbackCookies())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	/**
	 * The forum in this process against these services: the bench database, warnings
	 * only, the "bench" profile (development values such as the test Keycloak's secret,
	 * no rate limits).
	 */
	static void configure(BenchMongo mongo, KeycloakServer keycloak, int port) {
		System.setProperty("spring.mongodb.uri", mongo.connectionString());
		System.setProperty("forum.core.database", "bench");
		System.setProperty("forum.auth.issuer-uri", keycloak.issuer());
		System.setProperty("server.port", Integer.toString(port));
		System.setProperty("logging.level.root", "warn");
		System.setProperty("spring.profiles.active", "bench");
	}

	/** Keycloak with the project's realm and demo accounts, password grant on. */
	static KeycloakServer keycloak(Path dir, int appPort) {
		return KeycloakServer.builder(dir)
			.importFiles(KeycloakServer.projectImportFiles(TestServices.projectRoot(), true))
			.baseUrl("http://localhost:" + appPort)
			.passwordGrant(true)
			.build()
			.start();
	}

	/** A reply through the API with a bearer token; refuses anything but {@code 201}. */
	static void apiReply(HttpClient client, String base, String token, String thread, String markdown)
			throws IOException, InterruptedException {
		HttpResponse<String> posted = client
			.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/threads/" + thread + "/posts"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"markdown\":\"" + markdown + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (posted.statusCode() != 201) {
			throw new IllegalStateException("Beitrag nicht angenommen: " + posted.body());
		}
	}

	static String threadPageRow(String what, int requests, double p50, double p90, double p99, double rate,
			int errors) {
		return String.format("| %s | %,d | %.1f | %.1f | %.1f | %.0f/s (Fehler: %d) |", what, requests, p50, p90, p99,
				rate, errors);
	}

	static String threadPages(HttpClient client, String base, List<ThreadId> ids, int postsPerThread, int connections,
			int seconds) throws Exception {
		int pages = Math.max(1, (postsPerThread + PostId.PAGE_SIZE - 1) / PostId.PAGE_SIZE);
		// Warm up the JIT and connection pool before measuring.
		run(connections, warmup, () -> get(client, base + "/t/" + random(ids) + "?seite=" + (1 + random(pages))));
		untilCompiled(() -> run(connections, 10,
				() -> get(client, base + "/t/" + random(ids) + "?seite=" + (1 + random(pages)))));
		Measurement m = run(connections, seconds,
				() -> get(client, base + "/t/" + random(ids) + "?seite=" + (1 + random(pages))));
		return m.row("Themenseite (HTML, 20 Beiträge), " + connections + " Verbindung" + (connections > 1 ? "en" : ""));
	}

	static String createPosts(HttpClient client, String base, List<ThreadId> ids, int connections, int seconds)
			throws InterruptedException {
		String csrf = csrf(client, base, ids);
		run(connections, 3, () -> reply(client, base, ids, csrf));
		Measurement m = run(connections, seconds, () -> reply(client, base, ids, csrf));
		return m.row("Beitrag anlegen (Formular, CSRF, Weiterleitung), " + connections + " Verbindung"
				+ (connections > 1 ? "en" : ""));
	}

	/**
	 * Posting at a fixed rate, as people post, not back to back: a reply every
	 * {@code 1000 / perSecond} ms on one connection for {@code seconds}, each timed from
	 * when it was due (a reply that waited for a slow one before it counts that wait).
	 * Same row as {@link #createPosts}.
	 */
	static String pacedPosts(HttpClient client, String base, List<ThreadId> ids, int perSecond, int seconds)
			throws InterruptedException {
		String csrf = csrf(client, base, ids);
		int count = perSecond * seconds;
		long period = 1_000_000_000L / perSecond;
		long[] latencies = new long[count];
		int errors = 0;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * period;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				java.lang.Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			int status = reply(client, base, ids, csrf);
			latencies[i] = System.nanoTime() - due;
			if (status >= 400 || status < 200) {
				errors++;
			}
		}
		Arrays.sort(latencies);
		return new Measurement(latencies, seconds, errors)
			.row("Beitrag anlegen (Formular, CSRF, Weiterleitung), " + perSecond + " je Sekunde");
	}

	/**
	 * The reply form's CSRF token, which belongs to the session: fetched once, as a
	 * browser would.
	 */
	private static String csrf(HttpClient client, String base, List<ThreadId> ids) {
		String page = send(client, HttpRequest.newBuilder(URI.create(base + "/t/" + ids.get(0))).GET().build()).body();
		return find(page, "name=\"_csrf\" value=\"([^\"]+)\"");
	}

	/** Replies sent through {@link #reply}, for per-post figures of a window. */
	static final java.util.concurrent.atomic.AtomicLong REPLIES = new java.util.concurrent.atomic.AtomicLong();

	private static int reply(HttpClient client, String base, List<ThreadId> ids, String csrf) {
		REPLIES.incrementAndGet();
		String form = "text=" + URLEncoder.encode("Lastmessung: Antwort " + UUID.randomUUID(), StandardCharsets.UTF_8)
				+ "&token=" + UUID.randomUUID() + "&_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
		return send(client,
				HttpRequest.newBuilder(URI.create(base + "/t/" + random(ids) + "/antworten"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build())
			.statusCode();
	}

	private static int get(HttpClient client, String url) {
		return send(client, HttpRequest.newBuilder(URI.create(url)).GET().build()).statusCode();
	}

	/**
	 * Closed loop: each connection sends its next request when the last one is answered.
	 */
	/** One round of load; may throw what starting a load tool throws. */
	interface Round {

		void run() throws Exception;

	}

	/**
	 * Milliseconds the measured server's JIT compilers have spent so far: this process's
	 * own, where the forum runs inside the bench; {@link StartBench} points it at the
	 * forum's process.
	 */
	static volatile java.util.function.LongSupplier serverCompileMillis = () -> java.lang.management.ManagementFactory
		.getCompilationMXBean()
		.getTotalCompilationTime();

	/**
	 * After the warm-up, load in rounds of 10 s until the JIT compiler is quiet (under 2
	 * % of a round spent compiling), at most 90 s more. Without it the first measurement
	 * overlapped C2 compiling the hot paths: 20 s into the warm-up C2 still took 14–18 %
	 * of the machine (JFR), and the first client measured (wrk) came out worse than the
	 * second on the same server.
	 */
	static void untilCompiled(Round round) throws Exception {
		Compiled compiled = roundsUntilCompiled(round);
		if (compiled.quiet()) {
			// The quiet round itself is not counted.
			System.out.printf("==> JIT ruhig nach %d s Aufwärmen%n", warmup + compiled.seconds() - 10);
		}
		else {
			System.out.printf("==> JIT nach %d s Aufwärmen noch nicht ganz ruhig%n", warmup + compiled.seconds());
		}
	}

	/**
	 * Rounds of 10 s of {@code round} until the JIT compiler is quiet (under 200 ms, 2 %
	 * of a round, spent compiling), at most nine.
	 */
	static Compiled roundsUntilCompiled(Round round) throws Exception {
		int seconds = 0;
		for (int i = 0; i < 9; i++) {
			long before = serverCompileMillis.getAsLong();
			round.run();
			seconds += 10;
			if (serverCompileMillis.getAsLong() - before < 200) {
				return new Compiled(seconds, true);
			}
		}
		return new Compiled(seconds, false);
	}

	/**
	 * What {@link #roundsUntilCompiled} took.
	 *
	 * @param seconds the seconds of load it ran
	 * @param quiet whether the compiler got quiet within them
	 */
	record Compiled(int seconds, boolean quiet) {
	}

	static Measurement run(int connections, int seconds, java.util.function.IntSupplier request)
			throws InterruptedException {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		List<long[]> perWorker = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger errors = new AtomicInteger();
		List<java.lang.Thread> workers = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			workers.add(java.lang.Thread.ofVirtual().start(() -> {
				// Grows as needed: the client shares the server's heap, and 16 arrays of
				// 8 MB made every young collection copy 128 MB (pauses of 100–300 ms).
				long[] latencies = new long[4096];
				int count = 0;
				while (System.nanoTime() < end) {
					long t0 = System.nanoTime();
					int status = request.getAsInt();
					if (count == latencies.length) {
						latencies = Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = System.nanoTime() - t0;
					if (status >= 400 || status < 200) {
						errors.incrementAndGet();
					}
				}
				perWorker.add(Arrays.copyOf(latencies, count));
			}));
		}
		for (java.lang.Thread w : workers) {
			w.join();
		}
		long[] all = perWorker.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Measurement(all, seconds, errors.get());
	}

	record Measurement(long[] sortedNanos, int seconds, int errors) {

		String row(String what) {
			return String.format("| %s | %,d | %.1f | %.1f | %.1f | %.0f/s (Fehler: %d) |", what,
					this.sortedNanos.length, ms(0.50), ms(0.90), ms(0.99),
					this.sortedNanos.length / (double) this.seconds, this.errors);
		}

		double ms(double quantile) {
			if (this.sortedNanos.length == 0) {
				return Double.NaN;
			}
			int index = (int) Math.min(this.sortedNanos.length - 1, Math.ceil(quantile * this.sortedNanos.length) - 1);
			return this.sortedNanos[Math.max(0, index)] / 1e6;
		}

	}

	/**
	 * Logs in through Keycloak's form, as a browser does, leaving the session cookie in
	 * the client.
	 */
	static void login(HttpClient client, String base, String username) throws IOException, InterruptedException {
		HttpResponse<String> start = send(client,
				HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/keycloak")).GET().build());
		HttpResponse<String> loginPage = send(client,
				HttpRequest.newBuilder(URI.create(start.headers().firstValue("Location").orElseThrow())).GET().build());
		String action = find(loginPage.body(), "action=\"([^\"]+)\"").replace("&amp;", "&");
		HttpResponse<String> afterLogin = send(client,
				HttpRequest.newBuilder(URI.create(action))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=demo"))
					.build());
		String callback = afterLogin.headers()
			.firstValue("Location")
			.orElseThrow(() -> new IllegalStateException("Keycloak login failed: " + afterLogin.statusCode()));
		HttpResponse<String> done = send(client, HttpRequest.newBuilder(URI.create(callback)).GET().build());
		if (done.statusCode() != 302) {
			throw new IllegalStateException("Login callback answered " + done.statusCode());
		}
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String find(String text, String regex) {
		Matcher m = Pattern.compile(regex).matcher(text);
		if (!m.find()) {
			throw new IllegalStateException("Not found: " + regex);
		}
		return m.group(1);
	}

	static <T> T random(List<T> list) {
		return list.get(ThreadLocalRandom.current().nextInt(list.size()));
	}

	static int random(int bound) {
		return ThreadLocalRandom.current().nextInt(bound);
	}

	private static String table(List<String> rows, BenchCorpus corpus, int threads, int postsPerThread, String mongo) {
		StringBuilder out = new StringBuilder();
		out.append(String.format("%n### Forum Kommunalpakt – Lastmessung (%s, %d Kerne, Java %s)%n%n", Instant.now(),
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
		out.append(String.format("Daten: %,d Beiträge in %,d Themen im MongoDB-Stand-in (H2, %s), echter Treiber, ",
				threads * postsPerThread, threads, mongo));
		out.append("Anmeldung über Keycloak, Anfragen über Loopback.\nBeiträge: ")
			.append(corpus.description())
			.append("\n\n");
		out.append("| Messung | Anfragen | p50 ms | p90 ms | p99 ms | Durchsatz |\n|---|---|---|---|---|---|\n");
		rows.forEach((r) -> out.append(r).append('\n'));
		return out.toString();
	}

	static int intArg(String[] args, String name, int fallback) {
		return Integer.parseInt(stringArg(args, name, Integer.toString(fallback)));
	}

	/** The value of {@code --name=value} in {@code args}, or {@code fallback}. */
	static String stringArg(String[] args, String name, String fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		return fallback;
	}

	/** Deletes an earlier run's store. */
	static final class ChildProcessCleanup {

		private ChildProcessCleanup() {
		}

		static void deleteQuietly(Path path) throws IOException {
			if (Files.exists(path)) {
				try (var walk = Files.walk(path)) {
					walk.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
				}
			}
		}

	}

}
