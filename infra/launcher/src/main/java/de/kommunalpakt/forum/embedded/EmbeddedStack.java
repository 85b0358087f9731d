package de.kommunalpakt.forum.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.kommunalpakt.forum.demo.DemoSetup;
import de.kommunalpakt.forum.infra.ElasticsearchNode;
import de.kommunalpakt.forum.infra.EmbeddedMongo;
import de.kommunalpakt.forum.infra.KeycloakServer;
import de.kommunalpakt.forum.infra.MailServer;
import de.kommunalpakt.forum.infra.MailServerProcess;
import de.kommunalpakt.forum.infra.TestServices;
import de.kommunalpakt.forum.shared.mongo.MongoSetupMarks;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the services of the embedded stack for {@code ./forum start}: the MongoDB
 * stand-in (H2 file backend under {@code data/mongo}) before the application; the mail
 * server (GreenMail in a process of its own, SMTP on 3025 and IMAP on 3143, mailboxes in
 * memory, log in {@code data/mail.log}), Keycloak and Elasticsearch in parallel with it.
 * Their addresses are fixed local ports, so the application is configured before they
 * answer. Everything stops with the JVM; the stand-in and the mail server after the
 * application.
 * <p>
 * For drills and crash tests, system properties point it elsewhere:
 * {@code forum.embedded.data-dir} (default {@code data}),
 * {@code forum.embedded.mongo-port} (default 27018), and
 * {@code forum.embedded.elasticsearch-uri} / {@code forum.embedded.keycloak-issuer} to
 * use running services instead of starting them, {@code forum.embedded.smtp-port} /
 * {@code forum.embedded.imap-port} for the mail server's ports, and
 * {@code forum.embedded.external-mail=true} to use a mail server already listening there
 * (the drill's, which it stops and starts again while the forum runs) instead of starting
 * one as a process of its own.
 */
public final class EmbeddedStack {

	static final int MONGO_PORT = 27018;

	static final int KEYCLOAK_PORT = 8180;

	static final int ELASTICSEARCH_PORT = 9250;

	/** Heap options of the Keycloak of {@code ./forum start}. */
	static final String KEYCLOAK_HEAP = "-Xms64m -Xmx384m";

	/** Heap of the Elasticsearch node of {@code ./forum start}. */
	static final String ELASTICSEARCH_HEAP = "384m";

	/**
	 * CPU priority of that node ({@code nice}): each reply re-indexes its thread, and on
	 * a machine with two cores that took up to a core from the requests themselves.
	 */
	static final int ELASTICSEARCH_NICENESS = 10;

	static final int SMTP_PORT = 3025;

	/**
	 * How long the stand-in and the mail server wait for the application to stop: its
	 * graceful shutdown gives requests 30 s (Spring Boot's default), then the rest stops.
	 */
	static final Duration CLOSE_WAIT = Duration.ofSeconds(45);

	static final int IMAP_PORT = 3143;

	private EmbeddedStack() {
	}

	/**
	 * Starts the services for {@code application}; {@code args} may choose the stand-in's
	 * durability ({@code --forum.embedded.mongo.durability=fsync|commit}, as the system
	 * property of that name; default {@code commit}).
	 */
	public static void startFor(SpringApplication application, String... args) {
		long started = System.nanoTime();
		Path root = TestServices.projectRoot();
		Path data = root.resolve(System.getProperty("forum.embedded.data-dir", "data"));
		EmbeddedMongo mongo = EmbeddedMongo.file(data.resolve("mongo"),
				Integer.getInteger("forum.embedded.mongo-port", MONGO_PORT), durability(args));
		AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
		application.addListeners(new ApplicationListener<ApplicationPreparedEvent>() {

			@Override
			public void onApplicationEvent(ApplicationPreparedEvent prepared) {
				context.set(prepared.getApplicationContext());
			}

		});
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			awaitClosed(context.get());
			mongo.close();
		}, "mongo-stop"));
		discardInterruptedDemo(mongo.connectionString(), database(args));
		int smtpPort = Integer.getInteger("forum.embedded.smtp-port", SMTP_PORT);
		int imapPort = Integer.getInteger("forum.embedded.imap-port", IMAP_PORT);
		int[] mailPorts = { smtpPort, imapPort };
		CompletableFuture<MailServerProcess> mail = Boolean.getBoolean("forum.embedded.external-mail")
				? CompletableFuture.completedFuture(null) : CompletableFuture.supplyAsync(() -> {
					MailServerProcess server = MailServerProcess.start(mailPorts[0], mailPorts[1],
							data.resolve("mail.log"));
					Runtime.getRuntime().addShutdownHook(new Thread(() -> {
						awaitClosed(context.get());
						server.close();
					}, "mail-stop"));
					return server;
				}, TestServices.OWN_THREAD);
		String externalIssuer = System.getProperty("forum.embedded.keycloak-issuer");
		String externalElasticsearch = System.getProperty("forum.embedded.elasticsearch-uri");

		CompletableFuture<KeycloakServer> keycloak = (externalIssuer != null) ? CompletableFuture.completedFuture(null)
				: CompletableFuture.supplyAsync(() -> KeycloakServer.builder(data.resolve("keycloak"))
					.port(KEYCLOAK_PORT)
					.importFiles(KeycloakServer.projectImportFiles(root, true))
					.baseUrl("http://localhost:8080")
					.passwordGrant(true)
					// One realm with a few dozen members: far below the 512 MB the
					// tests give it.
					.heap(KEYCLOAK_HEAP)
					.build()
					.start(), TestServices.OWN_THREAD);
		CompletableFuture<ElasticsearchNode> elasticsearch = (externalElasticsearch != null)
				? CompletableFuture.completedFuture(null)
				: CompletableFuture.supplyAsync(() -> ElasticsearchNode.builder(data.resolve("elasticsearch"))
					.port(ELASTICSEARCH_PORT)
					.plugins(analysisPlugins(root))
					// The forum's index (thousands of threads) needs far less than the
					// 512 MB the tests give a node that holds many test indices.
					.heap(ELASTICSEARCH_HEAP)
					.niceness(ELASTICSEARCH_NICENESS)
					.build()
					.start(), TestServices.OWN_THREAD);

		// System properties outrank application.yml, whose defaults are production-style
		// addresses.
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.mongodb.uri", mongo.connectionString());
		properties.put("forum.auth.issuer-uri", (externalIssuer != null) ? externalIssuer
				: "http://localhost:" + KEYCLOAK_PORT + "/realms/" + KeycloakServer.REALM);
		properties.put("forum.search.uris",
				(externalElasticsearch != null) ? externalElasticsearch : "http://127.0.0.1:" + ELASTICSEARCH_PORT);
		properties.put("spring.mail.host", MailServer.HOST);
		properties.put("spring.mail.port", Integer.toString(smtpPort));
		properties.put("forum.mail.imap.host", MailServer.HOST);
		properties.put("forum.mail.imap.port", Integer.toString(imapPort));
		properties.put("forum.mail.imap.ssl", "false");
		properties.forEach(System::setProperty);
		// A class, not a lambda: Spring cannot see a lambda's event type, calls it for
		// every event (one per request) and catches the ClassCastException it throws.
		application.addListeners(new ApplicationListener<ApplicationReadyEvent>() {

			@Override
			public void onApplicationEvent(ApplicationReadyEvent ready) {
				keycloak.join();
				mail.exceptionally((ex) -> {
					System.err
						.println("Der Mailserver konnte nicht starten; das Forum versucht das Senden später erneut: "
								+ ex.getMessage());
					return null;
				}).join();
				elasticsearch.exceptionally((ex) -> {
					System.err.println("Elasticsearch konnte nicht starten; die Suche bleibt aus: " + ex.getMessage());
					return null;
				}).join();
				printBanner(data, Duration.ofNanos(System.nanoTime() - started), mailPorts[0], mailPorts[1]);
			}

		});
	}

	/**
	 * Waits until the application has stopped (at most {@link #CLOSE_WAIT}): the JVM runs
	 * its shutdown hooks side by side, and the stand-in and the mail server, closed at
	 * once, broke off what the application still wrote while it stopped. A SIGTERM under
	 * four writers gave them 503 for 6 s ("Database refused") before the web server even
	 * began its graceful shutdown, and the mail dispatcher lost the store it marks sent
	 * mails in.
	 */
	static void awaitClosed(ConfigurableApplicationContext context) {
		long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
		while (context != null && context.isActive() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * A first start that ended while it loaded the demo content (Strg-C, {@code kill -9},
	 * a power cut) left it half written ({@link DemoSetup}): empties the forum's database
	 * before the forum starts, so that this start loads the demo afresh. The search index
	 * follows by itself: without its checkpoint, the indexer builds a new index from the
	 * threads.
	 * @return whether it emptied the database
	 */
	static boolean discardInterruptedDemo(String connectionString, String database) {
		try (MongoClient client = MongoClients.create(connectionString)) {
			if (!MongoSetupMarks.discardUnfinished(client.getDatabase(database), DemoSetup.STEP)) {
				return false;
			}
		}
		System.out.println("Der letzte Start endete, während er die Demo-Inhalte lud. Die halb geladenen Daten "
				+ "sind verworfen; die Demo-Inhalte werden neu geladen.");
		return true;
	}

	/**
	 * The forum's database, as the application will resolve it: the command line, the
	 * system property or {@code FORUM_MONGODB_DATABASE} (application.yml), else
	 * {@code forum}.
	 */
	static String database(String... args) {
		String prefix = "--forum.core.database=";
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		String configured = System.getProperty("forum.core.database", System.getenv("FORUM_MONGODB_DATABASE"));
		return (configured != null && !configured.isBlank()) ? configured : "forum";
	}

	/** The stand-in's durability from the command line, else the system property. */
	static EmbeddedMongo.Durability durability(String... args) {
		String prefix = "--" + EmbeddedMongo.Durability.PROPERTY + "=";
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return EmbeddedMongo.Durability.parse(arg.substring(prefix.length()));
			}
		}
		return EmbeddedMongo.Durability.configured();
	}

	private static List<Path> analysisPlugins(Path root) {
		List<Path> plugins = new ArrayList<>();
		Path target = root.resolve("forum-search/analysis-plugin/target");
		if (Files.isDirectory(target)) {
			try (var zips = Files.newDirectoryStream(target, "forum-search-analysis-plugin-*.zip")) {
				zips.forEach(plugins::add);
			}
			catch (java.io.IOException ex) {
				// Without the plugin the node still runs.
			}
		}
		return plugins;
	}

	private static void printBanner(Path data, Duration took, int smtpPort, int imapPort) {
		System.out.printf("""

				================================================================
				  Forum Kommunalpakt ist bereit (nach %d s):  http://localhost:8080

				  Demo-Zugänge (Passwort jeweils: demo)
				    hessen, nrw, sh, th    Länder Hessen, NRW, Schleswig-Holstein, Thüringen
				    darmstadt, kreis-gi    Stadt Darmstadt, Landkreis Gießen (Hessen)
				    koeln                  Stadt Köln (Nordrhein-Westfalen)
				    dstgb                  Deutscher Städte- und Gemeindebund (Moderation)
				    fitko                  FITKO
				    bmi                    Bundesministerium des Innern (Moderation, Administration)
				    ekom21                 IT-Dienstleister ekom21 (Hessen)

				  Post: SMTP localhost:%d, IMAP localhost:%d (jede Adresse, jedes Passwort);
				        gesendete Mails unter http://localhost:8080/admin/postausgang

				  Daten: %s   (Strg-C beendet alles)
				================================================================

				""", took.toSeconds(), smtpPort, imapPort, data.toAbsolutePath());
	}

}
