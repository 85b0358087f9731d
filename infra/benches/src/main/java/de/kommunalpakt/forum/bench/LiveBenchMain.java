package de.kommunalpakt.forum.bench;

import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

import de.kommunalpakt.forum.infra.EmbeddedMongo;
import de.kommunalpakt.forum.infra.KeycloakServer;
import de.kommunalpakt.forum.infra.TestServices;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Live bench ({@code ./forum bench-live}): the forum runs as its own process (as in
 * production, so its memory is its own), the clients in this one.
 * <ol>
 * <li>{@code --clients=1000} STOMP clients subscribe to one thread; {@code --posts=20}
 * replies are written through the REST API; for each reply and client the time from
 * sending the write to receiving its event is measured; missing events are counted.</li>
 * <li>{@code --idle=5000} further connections (CONNECT plus the notification queue) are
 * held; the forum's resident memory (VmRSS) is read before and with them.</li>
 * </ol>
 */
public final class LiveBenchMain {

	private static final int APP_PORT = 18091;

	private static final Pattern NUMBER = Pattern.compile("\"kind\":\"REPLY_POSTED\",\"number\":(\\d+)");

	private LiveBenchMain() {
	}

	public static void main(String[] args) throws Exception {
		int clients = BenchMain.intArg(args, "clients", 1000);
		int posts = BenchMain.intArg(args, "posts", 20);
		int idle = BenchMain.intArg(args, "idle", 5000);
		Path work = TestServices.projectRoot().resolve("target/bench-live");
		Files.createDirectories(work);
		// The forum's own jar (set by ./forum bench-live).
		String jar = System.getProperty("forum.jar", "forum-web/target/forum-web.jar");
		System.out.println("==> Starte MongoDB-Stand-in und Keycloak ...");
		EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
		KeycloakServer keycloak = BenchMain.keycloak(work.resolve("keycloak"), APP_PORT);
		try (MongoClient mongoClient = MongoClients.create(mongo.connectionString())) {
			mongoClient.getDatabase("bench-live")
				.getCollection("spaces")
				.insertOne(new Document("_id", "bench").append("name", "Lastmessung")
					.append("description", "")
					.append("visibility", "ALL_MEMBERS")
					.append("land", null)
					.append("position", 1));
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		System.out.println("==> Starte das Forum als eigenen Prozess (" + jar + ") ...");
		// The heap and GC of ./forum start.
		List<String> command = new ArrayList<>(List.of(java));
		command.addAll(StartBench.START_JVM);
		command.addAll(List.of("-jar", jar, "--spring.mongodb.uri=" + mongo.connectionString(),
				"--forum.core.database=bench-live", "--forum.auth.issuer-uri=" + keycloak.issuer(),
				"--server.port=" + APP_PORT, "--forum.search.enabled=false", "--logging.level.root=warn",
				// Development values and no rate limits (application.yml, profile
				// "bench").
				"--spring.profiles.active=bench"));
		Process app = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve("forum.log").toFile())
			.start();
		List<String> rows = new ArrayList<>();
		try {
			String base = "http://localhost:" + APP_PORT;
			waitFor(base);
			String token = token(keycloak.issuer(), "darmstadt");
			String thread = startThread(base, token);
			rows.add(fanOut(base, token, thread, clients, posts));
			rows.add(idleConnections(base, token, idle, app.pid()));
			String table = "| Messung | Ergebnis |\n|---|---|\n" + String.join("\n", rows) + "\n";
			System.out.println(table);
			Files.writeString(work.resolve("results.md"), table);
		}
		finally {
			app.destroy();
			if (!app.waitFor(20, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
			keycloak.stop();
			mongo.close();
		}
		System.exit(0);
	}

	private static String fanOut(String base, String token, String thread, int clients, int posts) throws Exception {
		System.out.printf("==> %d STOMP-Clients abonnieren ein Thema ...%n", clients);
		WebSocketStompClient stomp = stompClient();
		Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		AtomicInteger received = new AtomicInteger();
		List<StompSession> sessions = connectAll(stomp, base, token, clients,
				(session) -> session.subscribe("/topic/threads/" + thread, new StompFrameHandler() {

					@Override
					public Type getPayloadType(StompHeaders headers) {
						return byte[].class;
					}

					@Override
					public void handleFrame(StompHeaders headers, Object payload) {
						long now = System.nanoTime();
						Matcher m = NUMBER.matcher(new String((byte[]) payload, StandardCharsets.UTF_8));
						if (m.find()) {
							Long sent = sentAt.get(Integer.parseInt(m.group(1)));
							if (sent != null) {
								latencies.add(now - sent);
								received.incrementAndGet();
							}
						}
					}

				}));
		Thread.sleep(2000);
		System.out.printf("==> %d Antworten über die API (und 3 zum Aufwärmen), je eine pro Sekunde ...%n", posts);
		HttpClient http = HttpClient.newHttpClient();
		// Warm-up: three replies that are not measured (JIT, first deliveries).
		int warmup = 3;
		for (int i = 0; i < posts + warmup; i++) {
			if (i >= warmup) {
				sentAt.put(i + 2, System.nanoTime());
			}
			HttpResponse<String> r = http.send(HttpRequest
				.newBuilder(URI.create(base + "/api/v1/threads/" + thread + "/posts"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"markdown\":\"Antwort " + (i + 1) + " der Lastmessung\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 201) {
				throw new IllegalStateException("Antwort nicht angenommen: " + r.statusCode() + " " + r.body());
			}
			Thread.sleep(1000);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (received.get() < clients * posts && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		List<Long> sorted = new ArrayList<>(latencies);
		Collections.sort(sorted);
		int missing = clients * posts - received.get();
		sessions.forEach(StompSession::disconnect);
		stomp.stop();
		return String.format(
				"| %d Clients an einem Thema, %d Antworten (nach 3 zum Aufwärmen): Zeit vom Absenden bis zum Ereignis beim Client | p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d von %d Ereignissen angekommen, %d fehlen |",
				clients, posts, ms(sorted, 0.50), ms(sorted, 0.99), ms(sorted, 1.0), received.get(), clients * posts,
				missing);
	}

	private static String idleConnections(String base, String token, int idle, long pid) throws Exception {
		System.gc();
		Thread.sleep(1000);
		long before = rssKb(pid);
		System.out.printf("==> %d Verbindungen offen halten ...%n", idle);
		WebSocketStompClient stomp = stompClient();
		List<StompSession> sessions = connectAll(stomp, base, token, idle,
				(session) -> session.subscribe("/user/queue/notifications", new StompSessionHandlerAdapter() {
				}));
		Thread.sleep(5000);
		int open = (int) sessions.stream().filter(StompSession::isConnected).count();
		long with = rssKb(pid);
		sessions.forEach(StompSession::disconnect);
		stomp.stop();
		return String.format(
				"| %d gehaltene Verbindungen (CONNECT + Abo), Forum-Prozess mit %s | %d offen; RSS %.0f MB (vorher %.0f MB) |",
				idle, String.join(" ", StartBench.START_JVM), open, with / 1024.0, before / 1024.0);
	}

	private static List<StompSession> connectAll(WebSocketStompClient stomp, String base, String token, int count,
			java.util.function.Consumer<StompSession> then) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(32);
		List<Future<StompSession>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			futures.add(pool.submit(() -> {
				StompHeaders connect = new StompHeaders();
				connect.add("Authorization", "Bearer " + token);
				StompSession session = stomp.connectAsync(URI.create(base.replace("http", "ws") + "/ws"),
						new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
						})
					.get(30, TimeUnit.SECONDS);
				then.accept(session);
				return session;
			}));
		}
		List<StompSession> sessions = new ArrayList<>();
		for (Future<StompSession> f : futures) {
			sessions.add(f.get());
		}
		pool.shutdown();
		return sessions;
	}

	private static WebSocketStompClient stompClient() {
		WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient());
		stomp.setMessageConverter(new ByteArrayMessageConverter() {
			{
				addSupportedMimeTypes(MimeTypeUtils.APPLICATION_JSON, MimeTypeUtils.TEXT_PLAIN);
			}
		});
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.initialize();
		stomp.setTaskScheduler(scheduler);
		stomp.setDefaultHeartbeat(new long[] { 0, 0 });
		return stomp;
	}

	static String startThread(String base, String token) throws Exception {
		HttpResponse<String> r = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/threads"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"space\":\"bench\",\"type\":\"QUESTION\",\"title\":\"Lastmessung Live\",\"markdown\":\"Wer liest mit?\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([a-z0-9]+)\"").matcher(r.body());
		if (r.statusCode() != 201 || !m.find()) {
			throw new IllegalStateException("Thema nicht angelegt: " + r.statusCode() + " " + r.body());
		}
		return m.group(1);
	}

	private static void waitFor(String base) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		for (int i = 0; i < 240; i++) {
			try {
				http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (java.io.IOException ex) {
				Thread.sleep(500);
			}
		}
		throw new IllegalStateException("Das Forum ist nicht gestartet");
	}

	static String token(String issuer, String username) throws Exception {
		String form = "grant_type=password&client_id=forum-web&client_secret=dev-secret-change-me&username=" + username
				+ "&password=demo";
		HttpResponse<String> r = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
		if (!m.find()) {
			throw new IllegalStateException("Kein Token: " + r.body());
		}
		return m.group(1);
	}

	private static long rssKb(long pid) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	private static double ms(List<Long> sorted, double quantile) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int i = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
		return sorted.get(Math.max(0, i)) / 1e6;
	}

}
