package de.kommunalpakt.forum.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.infra.ElasticsearchNode;
import de.kommunalpakt.forum.infra.KeycloakServer;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.search.index.SearchIndexer;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import de.kommunalpakt.forum.thread.ThreadId;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Search bench ({@code ./forum bench-search}): 100,000 posts in 2,000 threads in the
 * MongoDB stand-in (H2, as {@code ./forum start}), a real Elasticsearch node with the
 * project's analysis plugin, the application in this process.
 * <ol>
 * <li>full reindex from MongoDB into a new index (alias switch at the end);</li>
 * <li>{@code /api/v1/search} with facets and highlighting, 8 connections (16 and 500
 * threads × 11 posts with {@code --corpus=peer}, see {@link PeerSearchBench});</li>
 * <li>a new post through the API until the search finds it, 50 times;</li>
 * <li>relevance: precision@3, MRR and the share of queries without a result on the
 * relevance set, in an index of its own ({@link RelevanceBench}; alone, without MongoDB,
 * Keycloak and the application, with {@code --relevance-only}).</li>
 * </ol>
 */
public final class SearchBenchMain {

	private static final int APP_PORT = 18092;

	/** Queries for the uniform corpus: each matches every thread. */
	private static final List<String> UNIFORM_QUERIES = List.of("Wohngeld", "Rahmenvereinbarung",
			"Fachverfahren FIT-Connect", "Hersteller", "Gewerbeanmeldung", "Nachnutzung Wohngeld", "Tipp Hersteller",
			"Leistungen einzeln", "\"EfA-Leistung Wohngeld\"", "Wohngelt");

	/**
	 * Queries for the varied corpus, as members ask them: a service, a subject, both, a
	 * compound part, a phrase, a typo.
	 */
	private static final List<String> VARIED_QUERIES = List.of("Wohngeld", "Kfz-Zulassung Kosten", "Rahmenvereinbarung",
			"Fachverfahren FIT-Connect", "Hersteller Schnittstelle", "Beitritt Nachnutzung", "Vereinbarung",
			"\"Kosten für Elterngeld\"", "Wohngelt", "Pilotbetrieb Anträge", "Auftragsverarbeitung",
			"Hundesteuer ePayBL", "Baugenehmigung Landkreis", "Musterbeschluss Gemeinderat", "Einbürgerung");

	private SearchBenchMain() {
	}

	public static void main(String[] args) throws Exception {
		boolean peer = PeerSearchBench.requested(args);
		int threads = BenchMain.intArg(args, "threads", peer ? PeerSearchBench.THREADS : 2000);
		int postsPerThread = BenchMain.intArg(args, "posts-per-thread", peer ? PeerSearchBench.POSTS_PER_THREAD : 50);
		int connections = BenchMain.intArg(args, "connections", peer ? PeerSearchBench.CONNECTIONS : 8);
		int seconds = BenchMain.intArg(args, "seconds", 20);
		BenchCorpus corpus = BenchCorpus.fromArgs(args);
		BenchMain.warmup = BenchMain.intArg(args, "warmup", BenchMain.warmup);
		List<String> queries = peer ? PeerSearchBench.QUERIES : corpus.isUniform() ? UNIFORM_QUERIES : VARIED_QUERIES;
		Path work = TestServices.projectRoot().resolve("target/bench-search");
		BenchMain.ChildProcessCleanup.deleteQuietly(work.resolve("mongo"));
		BenchMain.ChildProcessCleanup.deleteQuietly(work.resolve("elasticsearch"));
		Files.createDirectories(work);
		if (Arrays.asList(args).contains("--relevance-only")) {
			System.out.println("==> Starte Elasticsearch ...");
			ElasticsearchNode elasticsearch = startElasticsearch(work);
			try {
				String table = RelevanceBench.run(elasticsearch.httpUri());
				System.out.println(table);
				Files.writeString(work.resolve("results.md"), table);
			}
			finally {
				elasticsearch.stop();
			}
			System.exit(0);
		}
		boolean memory = Arrays.asList(args).contains("--backend=memory");
		System.out.println("==> Starte MongoDB-Stand-in, Keycloak und Elasticsearch ...");
		BenchMongo mongo = BenchMongo.start(args, memory ? null : work.resolve("mongo"), work.resolve("mongo.log"));
		KeycloakServer keycloak = KeycloakServer.builder(work.resolve("keycloak"))
			.importFiles(KeycloakServer.projectImportFiles(TestServices.projectRoot(), true))
			.baseUrl("http://localhost:" + APP_PORT)
			.passwordGrant(true)
			.build()
			.start();
		ElasticsearchNode elasticsearch = startElasticsearch(work);
		System.setProperty("spring.mongodb.uri", mongo.connectionString());
		System.setProperty("forum.core.database", "bench");
		System.setProperty("forum.auth.issuer-uri", keycloak.issuer());
		System.setProperty("forum.search.uris", elasticsearch.httpUri());
		System.setProperty("forum.search.index", "bench-threads");
		System.setProperty("server.port", Integer.toString(APP_PORT));
		System.setProperty("logging.level.root", "warn");
		// Development values (the test Keycloak's secret) and no rate limits: see
		// the "bench" profile in application.yml.
		System.setProperty("spring.profiles.active", "bench");
		ConfigurableApplicationContext app = new SpringApplication(ForumApplication.class).run();
		List<String> results = new ArrayList<>();
		try {
			List<ThreadId> ids = BenchMain.seed(app, corpus, threads, postsPerThread, results);
			System.out.println("==> Baue den Suchindex aus MongoDB neu auf ...");
			long started = System.nanoTime();
			long indexed = app.getBean(SearchIndexer.class).rebuild();
			double took = (System.nanoTime() - started) / 1e9;
			results.add(String.format(
					"| Vollständiger Neuaufbau: %,d Themen mit %,d Beiträgen aus MongoDB in einen neuen Index, Alias umgeschaltet | – | – | – | – | %.1f s |",
					indexed, threads * postsPerThread, took));
			// Searches meet the index in its steady state, not while Elasticsearch still
			// merges the segments of the bulk load.
			System.out.printf("==> Elasticsearch führt Segmente zusammen: %.1f s%n",
					waitForMerges(elasticsearch.httpUri()));
			String base = "http://localhost:" + APP_PORT;
			String token = LiveBenchMain.token(keycloak.issuer(), "darmstadt");
			HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			// Where the time goes: each query in this process, without HTTP and security.
			ThreadSearch search = app.getBean(ThreadSearch.class);
			for (String q : queries) {
				var request = new SearchRequest(q, Set.of("bench"), null, null, null, null, null, false, 0, 10);
				long hits = search.search(request).total();
				long t = System.nanoTime();
				for (int i = 0; i < 5; i++) {
					search.search(request);
				}
				System.out.printf("Diagnose: %-34s %5d Themen, %.1f ms je Suche (im Prozess)%n", q, hits,
						(System.nanoTime() - t) / 5e6);
			}
			System.out.println("==> Suche mit " + connections + " Verbindungen ...");
			if (WrkLoad.available()) {
				results.add(WrkLoad.search(base, token, queries, connections, seconds, work));
			}
			BenchMain.run(connections, BenchMain.warmup, () -> search(client, base, token, BenchMain.random(queries)));
			BenchMain.Measurement m = BenchMain.run(connections, seconds,
					() -> search(client, base, token, BenchMain.random(queries)));
			results
				.add(m.row("Suche `/api/v1/search` mit Facetten und Hervorhebung, " + connections + " Verbindungen"));
			System.out.println("==> Neuer Beitrag bis zum Suchtreffer, 50-mal ...");
			results.add(searchable(client, base, token, ids, 50));
			// After the timed parts, in an index of its own: does not touch their
			// figures.
			System.out.println("==> Relevanzsatz in eigenem Index, Abfrage des Forums ...");
			String relevance = RelevanceBench.run(elasticsearch.httpUri());
			String table = "Beiträge: " + corpus.description()
					+ "\n\n| Messung | Anfragen | p50 ms | p90 ms | p99 ms | Durchsatz / Dauer |\n|---|---|---|---|---|---|\n"
					+ String.join("\n", results) + "\n\n" + relevance;
			System.out.println(table);
			Files.writeString(work.resolve("results.md"), table);
			int hold = BenchMain.intArg(args, "hold", 0);
			if (hold > 0) {
				// To look into the index by hand (profile API) before it stops.
				System.out.printf("==> Elasticsearch %s, Index bench-threads, noch %d s%n", elasticsearch.httpUri(),
						hold);
				java.lang.Thread.sleep(hold * 1000L);
			}
		}
		finally {
			app.close();
			elasticsearch.stop();
			keycloak.stop();
			mongo.close();
		}
		System.exit(0);
	}

	/** A node with the project's analysis plugin, on a fresh data folder. */
	private static ElasticsearchNode startElasticsearch(Path work) throws Exception {
		List<Path> plugins = new ArrayList<>();
		try (var zips = Files.newDirectoryStream(
				TestServices.projectRoot().resolve("forum-search/analysis-plugin/target"),
				"forum-search-analysis-plugin-*.zip")) {
			zips.forEach(plugins::add);
		}
		return ElasticsearchNode.builder(work.resolve("elasticsearch")).plugins(plugins).build().start();
	}

	/** Seconds until the node reports no running merge (twice in a row), at most 120. */
	private static double waitForMerges(String elasticsearch) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		Pattern current = Pattern.compile("\"merges\"\\s*:\\s*\\{\\s*\"current\"\\s*:\\s*(\\d+)");
		long started = System.nanoTime();
		int quiet = 0;
		while (quiet < 2 && System.nanoTime() - started < Duration.ofSeconds(120).toNanos()) {
			String stats = client
				.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/_stats/merge")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher m = current.matcher(stats);
			quiet = (m.find() && Integer.parseInt(m.group(1)) == 0) ? quiet + 1 : 0;
			java.lang.Thread.sleep(500);
		}
		return (System.nanoTime() - started) / 1e9;
	}

	private static int search(HttpClient client, String base, String token, String query) {
		try {
			HttpResponse<String> r = client.send(HttpRequest
				.newBuilder(URI.create(base + "/api/v1/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
			return r.statusCode();
		}
		catch (java.io.IOException ex) {
			return 599;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 599;
		}
	}

	/** Time from the API's 201 for a new post until the search finds its unique word. */
	private static String searchable(HttpClient client, String base, String token, List<ThreadId> ids, int count)
			throws Exception {
		long[] nanos = new long[count];
		Pattern total = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");
		for (int i = 0; i < count; i++) {
			String word = "Messwort" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "x");
			BenchMain.apiReply(client, base, token, BenchMain.random(ids).value(),
					"Neuer Beitrag mit dem Wort " + word);
			long acknowledged = System.nanoTime();
			while (true) {
				HttpResponse<String> r = client
					.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/search?q=" + word))
						.header("Authorization", "Bearer " + token)
						.build(), HttpResponse.BodyHandlers.ofString());
				Matcher m = total.matcher(r.body());
				if (m.find() && Long.parseLong(m.group(1)) > 0) {
					nanos[i] = System.nanoTime() - acknowledged;
					break;
				}
				if (System.nanoTime() - acknowledged > Duration.ofSeconds(30).toNanos()) {
					throw new IllegalStateException("Nach 30 s nicht gefunden: " + word);
				}
				Thread.sleep(10);
			}
		}
		Arrays.sort(nanos);
		return String.format(
				"| Neuer Beitrag (API) bis zum Suchtreffer, %d-mal nacheinander | %d | %.1f | %.1f | %.1f | – |", count,
				count, nanos[count / 2] / 1e6, nanos[(int) Math.ceil(count * 0.9) - 1] / 1e6,
				nanos[(int) Math.ceil(count * 0.99) - 1] / 1e6);
	}

}
