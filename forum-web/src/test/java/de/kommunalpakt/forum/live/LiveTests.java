package de.kommunalpakt.forum.live;

import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.ForumApplication;
import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.TestMongo;
import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The live connection with real STOMP clients ({@link WebSocketStompClient}) against the
 * running application, with real Keycloak tokens (password grant of the demo accounts).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveTests {

	static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

	@LocalServerPort
	int port;

	@Autowired
	ThreadService threads;

	@Autowired
	jakarta.servlet.ServletContext servletContext;

	@Autowired
	SpaceRepository spaces;

	@Autowired
	MemberRepository members;

	@Autowired
	NotificationService notifications;

	@Autowired
	ModerationService moderation;

	@Autowired
	org.springframework.messaging.simp.user.SimpUserRegistry registry;

	final List<Client> clients = new CopyOnWriteArrayList<>();

	/** The registry of the second instance while it runs. */
	org.springframework.messaging.simp.user.SimpUserRegistry registryB;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services().forEach((k, v) -> registry.add(k, () -> v));
	}

	static Map<String, String> services() {
		return Map.of("spring.mongodb.uri", TestMongo.uri(), "forum.core.database", "live-tests",
				"forum.auth.issuer-uri", SharedTestServices.keycloakIssuer(), "forum.search.uris",
				SharedTestServices.elasticsearchUrl(), "forum.search.index", "live-tests-threads");
	}

	@BeforeEach
	void spaces() {
		this.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
		this.spaces.save(new Space(new SpaceId("laender"), "Länderrunde", "", Visibility.STATE_LEVEL, null, 2));
		for (String username : List.of("darmstadt", "hessen", "koeln")) {
			this.members.recordLogin(actor(username));
		}
	}

	@AfterEach
	void disconnect() {
		this.clients.forEach(Client::close);
	}

	/** The member as Keycloak's token describes them, so writes and connections agree. */
	@SuppressWarnings("unchecked")
	static Actor actor(String username) {
		String payload = token(username).split("\\.")[1];
		String json = new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
		return ActorMapper.fromClaims(new tools.jackson.databind.ObjectMapper().readValue(json, Map.class));
	}

	PostId question(String author, String space) {
		return this.threads.start(actor(author),
				new ThreadCommands.StartThread(space, ThreadType.QUESTION, "Wer nutzt den Wohngeld-Antrag schon nach?",
						"Wir planen den Start im Frühjahr.", Set.of(), Set.of(), null));
	}

	void reply(String author, PostId thread, String text) {
		this.threads.reply(actor(author), new ThreadCommands.Reply(thread.thread().value(), text, null, null));
	}

	@Test
	void subscriberSeesRepliesInOrderOnceEach() throws Exception {
		PostId thread = question("darmstadt", "fragen");
		Client land = connect(this.port, "hessen");
		land.subscribe("/topic/threads/" + thread.thread().value());
		// Enough replies in a row that a pool sending them out of order would show.
		List<Integer> expected = new java.util.ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			reply("koeln", thread, "Antwort " + i);
			expected.add(i + 1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> land.numbers("REPLY_POSTED").size() >= expected.size());
		assertThat(land.numbers("REPLY_POSTED")).containsExactlyElementsOf(expected);
		Thread.sleep(300);
		assertThat(land.numbers("REPLY_POSTED")).hasSize(30);
		Client kommune = connect(this.port, "darmstadt");
		kommune.subscribe("/topic/threads/" + thread.thread().value());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(land.bodies()).contains("{\"kind\":\"PRESENCE\",\"readers\":2}"));
		kommune.close();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(land.bodies()).last().isEqualTo("{\"kind\":\"PRESENCE\",\"readers\":1}"));
	}

	@Test
	void subscribingIsAuthorizedLikeReadingThePage() throws Exception {
		PostId hidden = question("hessen", "laender");
		Client kommune = connect(this.port, "darmstadt");
		kommune.subscribe("/topic/spaces/laender");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(kommune.errors()).anyMatch((e) -> e.contains("nicht freigegeben")));

		Client kommune2 = connect(this.port, "darmstadt");
		kommune2.subscribe("/topic/threads/" + hidden.thread().value());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kommune2.errors()).isNotEmpty());

		Client kommune3 = connect(this.port, "darmstadt");
		kommune3.subscribe("/topic/elsewhere");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(kommune3.errors()).anyMatch((e) -> e.contains("Unbekanntes Ziel")));

		Client land = connect(this.port, "hessen");
		land.subscribe("/topic/spaces/laender");
		land.subscribe("/topic/threads/" + hidden.thread().value());
		reply("hessen", hidden, "Nur für die Länder");
		question("hessen", "laender");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(land.numbers("REPLY_POSTED")).containsExactly(2);
			assertThat(land.bodies()).anyMatch((b) -> b.contains("THREAD_STARTED"));
		});
		assertThat(land.errors()).isEmpty();
	}

	@Test
	void hidingAnOpeningPostTellsTheSpaceListsAndHidingAReplyDoesNot() throws Exception {
		Actor moderator = new Actor(new MemberId("live-tests-moderator"), "live-moderation", "Martin Krüger",
				new OrganisationId("kspv-dstgb"), OrganisationKind.KSPV, null, Set.of(Role.MEMBER, Role.MODERATOR));
		PostId thread = question("darmstadt", "fragen");
		reply("koeln", thread, "Wir sind seit März dabei.");
		Client reader = connect(this.port, "hessen");
		reader.subscribe("/topic/spaces/fragen");

		this.moderation.hide(moderator, new PostId(thread.thread(), 2).toString(), "Werbung");
		this.moderation.hide(moderator, thread.toString(), "Doppelt gestellt");
		String event = "\"thread\":\"" + thread.thread().value() + "\"";
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reader.bodies())
				.anyMatch((b) -> b.contains("\"kind\":\"POST_HIDDEN\"") && b.contains(event)));
		this.moderation.restore(moderator, thread.toString(), "");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reader.bodies()).anyMatch((b) -> b.contains("POST_RESTORED")));
		// The reply's hiding changed no list: one list message per opening post change.
		assertThat(reader.bodies()).filteredOn((b) -> b.contains("POST_HIDDEN")).hasSize(1);
		assertThat(reader.errors()).isEmpty();
	}

	@Test
	void theUpgradeAgreesToNoCompressionAndTheConnectionBuffersAreSmall() throws Exception {
		try (java.net.Socket socket = new java.net.Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + this.port + "\r\nUpgrade: websocket\r\n"
						+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
						+ "Sec-WebSocket-Version: 13\r\n"
						+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			java.io.BufferedReader in = new java.io.BufferedReader(
					new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			List<String> head = new java.util.ArrayList<>();
			for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
				head.add(line.toLowerCase(java.util.Locale.ROOT));
			}
			assertThat(head.get(0)).startsWith("http/1.1 101");
			assertThat(head).noneMatch((line) -> line.startsWith("sec-websocket-extensions"));
		}
		assertThat(Integer.getInteger(LiveConfiguration.CONNECTION_BUFFER_PROPERTY))
			.isEqualTo(LiveConfiguration.CONNECTION_BUFFER);
		// A CONNECT with a bearer token still arrives in one piece.
		jakarta.websocket.server.ServerContainer container = (jakarta.websocket.server.ServerContainer) this.servletContext
			.getAttribute(jakarta.websocket.server.ServerContainer.class.getName());
		assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(LiveConfiguration.MESSAGE_BUFFER);
	}

	@Test
	void connectWithoutValidTokenIsRefused() {
		assertThatThrownBy(() -> connect(this.port, null)).isNotNull();
		assertThatThrownBy(() -> connectWithToken(this.port, "kein-gueltiges-token")).isNotNull();
	}

	@Test
	void sendingOversizedFramesAndFloodsAreRefusedWithoutHarmingOthers() throws Exception {
		PostId thread = question("darmstadt", "fragen");
		Client reader = connect(this.port, "hessen");
		reader.subscribe("/topic/threads/" + thread.thread().value());

		Client sender = connect(this.port, "koeln");
		sender.session.send("/topic/threads/" + thread.thread().value(), "gefälscht".getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(sender.errors()).anyMatch((e) -> e.contains("Senden ist nicht erlaubt")));

		Client big = connect(this.port, "koeln");
		try {
			big.session.send("/app/x", new byte[70 * 1024]);
		}
		catch (RuntimeException ex) {
			// the server may close before the client finished writing
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !big.session.isConnected());

		Client flood = connect(this.port, "koeln");
		try {
			for (int i = 0; i < 500 && flood.session.isConnected(); i++) {
				flood.session.subscribe("/user/queue/notifications", flood.handler()).unsubscribe();
			}
		}
		catch (RuntimeException ex) {
			// closed by the server while flooding
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !flood.session.isConnected());

		reply("koeln", thread, "Trotzdem da");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reader.numbers("REPLY_POSTED")).containsExactly(2));
		assertThat(reader.session.isConnected()).isTrue();
		assertThat(reader.bodies()).noneMatch((b) -> b.contains("gefälscht"));
	}

	@Test
	void malformedFramesGetAnErrorOrACloseAndOthersAreUnaffected() throws Exception {
		PostId thread = question("darmstadt", "fragen");
		Client reader = connect(this.port, "hessen");
		reader.subscribe("/topic/threads/" + thread.thread().value());
		for (String garbage : List.of("KAPUTT\nx:y\n\n\u0000",
				"CONNECT\naccept-version:1.2\nohne-doppelpunkt\n\n\u0000", "\u0000\u0000SUBSCRIBE\n\n")) {
			List<String> answers = new CopyOnWriteArrayList<>();
			java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
			java.net.http.WebSocket socket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(URI.create("ws://localhost:" + this.port + "/ws"), new java.net.http.WebSocket.Listener() {

					@Override
					public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
							CharSequence data, boolean last) {
						answers.add(data.toString());
						webSocket.request(1);
						return null;
					}

					@Override
					public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket webSocket,
							int statusCode, String reason) {
						closed.complete(statusCode);
						return null;
					}

				})
				.get(10, TimeUnit.SECONDS);
			socket.sendText(garbage, true);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> closed.isDone() || answers.stream().anyMatch((a) -> a.startsWith("ERROR")));
			socket.abort();
		}
		reply("koeln", thread, "Noch da");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(reader.numbers("REPLY_POSTED")).containsExactly(2));
	}

	@Test
	void unreadCounterIsLiveAndNothingIsLostWhileDisconnected() throws Exception {
		PostId thread = question("darmstadt", "fragen");
		long before = this.notifications.unread(actor("darmstadt"));
		Client kommune = connect(this.port, "darmstadt");
		kommune.subscribe("/user/queue/notifications");
		reply("hessen", thread, "Erste Antwort");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(kommune.bodies()).contains(unread(before + 1)));

		kommune.close();
		reply("hessen", thread, "Zweite Antwort, während Darmstadt offline ist");
		reply("koeln", thread, "Dritte Antwort, die @darmstadt erwähnt");

		Client again = connect(this.port, "darmstadt");
		again.subscribe("/user/queue/notifications");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.notifications.unread(actor("darmstadt")) == before + 3);
		reply("hessen", thread, "Vierte Antwort");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(again.bodies()).contains(unread(before + 4)));
	}

	static String unread(long n) {
		return "{\"unread\":" + n + "}";
	}

	@Test
	void aMemberOnInstanceBSeesWhatWasPostedThroughInstanceA() throws Exception {
		Map<String, Object> props = new java.util.HashMap<>(services());
		props.put("server.port", "0");
		String[] args = props.entrySet()
			.stream()
			.map((e) -> "--" + e.getKey() + "=" + e.getValue())
			.toArray(String[]::new);
		try (ConfigurableApplicationContext b = new SpringApplicationBuilder(ForumApplication.class).run(args)) {
			this.registryB = b.getBean(org.springframework.messaging.simp.user.SimpUserRegistry.class);
			int portB = Integer.parseInt(b.getEnvironment().getProperty("local.server.port"));
			PostId thread = question("darmstadt", "fragen");
			Client onA = connect(this.port, "hessen");
			onA.subscribe("/topic/threads/" + thread.thread().value());
			Client onB = connect(portB, "darmstadt");
			onB.subscribe("/topic/threads/" + thread.thread().value());
			// Readers are counted over both instances.
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(onA.bodies()).contains("{\"kind\":\"PRESENCE\",\"readers\":2}"));
			onB.subscribe("/user/queue/notifications");
			// Written through instance A (this test's application context).
			reply("hessen", thread, "Antwort über Instanz A");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(onB.numbers("REPLY_POSTED")).containsExactly(2);
				assertThat(onB.bodies()).anyMatch((m) -> m.startsWith("{\"unread\":"));
			});
		}
	}

	// --- a small STOMP client ---

	Client connect(int port, String username) throws Exception {
		return connectWithToken(port, (username != null) ? token(username) : null);
	}

	Client connectWithToken(int port, String token) throws Exception {
		WebSocketStompClient stomp = new WebSocketStompClient(new StandardWebSocketClient());
		stomp.setMessageConverter(new ByteArrayMessageConverter() {
			{
				// The server sends JSON, ERROR frames are plain text: keep both as bytes.
				addSupportedMimeTypes(org.springframework.util.MimeTypeUtils.APPLICATION_JSON,
						org.springframework.util.MimeTypeUtils.TEXT_PLAIN);
			}
		});
		stomp.setInboundMessageSizeLimit(1024 * 1024);
		Client client = new Client(stomp, (port == this.port) ? this.registry : this.registryB);
		StompHeaders connect = new StompHeaders();
		if (token != null) {
			connect.add("Authorization", "Bearer " + token);
		}
		client.session = stomp
			.connectAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocketHttpHeaders(), connect,
					client.handler())
			.get(10, TimeUnit.SECONDS);
		this.clients.add(client);
		return client;
	}

	static String token(String username) {
		return TOKENS.computeIfAbsent(username, (u) -> {
			try {
				String form = "grant_type=password&client_id=forum-web&client_secret=dev-secret-change-me&username=" + u
						+ "&password=demo";
				HttpResponse<String> response = HttpClient.newHttpClient()
					.send(HttpRequest
						.newBuilder(URI.create(SharedTestServices.keycloakIssuer() + "/protocol/openid-connect/token"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString(form))
						.build(), HttpResponse.BodyHandlers.ofString());
				Matcher m = ACCESS_TOKEN.matcher(response.body());
				if (!m.find()) {
					throw new IllegalStateException("Kein Token für " + u + ": " + response.body());
				}
				return m.group(1);
			}
			catch (java.io.IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	static final class Client {

		final WebSocketStompClient stomp;

		StompSession session;

		final List<String> messages = new CopyOnWriteArrayList<>();

		final List<String> errorFrames = new CopyOnWriteArrayList<>();

		final org.springframework.messaging.simp.user.SimpUserRegistry registry;

		Client(WebSocketStompClient stomp, org.springframework.messaging.simp.user.SimpUserRegistry registry) {
			this.stomp = stomp;
			this.registry = registry;
		}

		StompSessionHandlerAdapter handler() {
			return new StompSessionHandlerAdapter() {

				@Override
				public Type getPayloadType(StompHeaders headers) {
					return byte[].class;
				}

				@Override
				public void handleFrame(StompHeaders headers, Object payload) {
					String body = new String((byte[]) payload, StandardCharsets.UTF_8);
					if (headers.getFirst("message") != null) {
						Client.this.errorFrames.add(headers.getFirst("message") + " " + body);
					}
					else {
						Client.this.messages.add(body);
					}
				}

				@Override
				public void handleException(StompSession session,
						org.springframework.messaging.simp.stomp.StompCommand command, StompHeaders headers,
						byte[] payload, Throwable exception) {
					Client.this.errorFrames.add("exception " + command + " " + headers + " " + exception);
				}

				@Override
				public void handleTransportError(StompSession session, Throwable exception) {
					Client.this.errorFrames.add("transport " + exception);
				}

			};
		}

		/** Subscribes and waits until the server has registered the subscription. */
		void subscribe(String destination) {
			int before = this.registry.findSubscriptions((s) -> destination.equals(s.getDestination())).size();
			subscribeNoWait(destination);
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !this.errorFrames.isEmpty()
						|| this.registry.findSubscriptions((s) -> destination.equals(s.getDestination()))
							.size() > before);
			try {
				java.lang.Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				java.lang.Thread.currentThread().interrupt();
			}
		}

		void subscribeNoWait(String destination) {
			this.session.subscribe(destination, new StompFrameHandler() {

				@Override
				public Type getPayloadType(StompHeaders headers) {
					return byte[].class;
				}

				@Override
				public void handleFrame(StompHeaders headers, Object payload) {
					Client.this.messages.add(new String((byte[]) payload, StandardCharsets.UTF_8));
				}

			});
		}

		List<String> bodies() {
			return this.messages;
		}

		List<String> errors() {
			return this.errorFrames;
		}

		/** Post numbers of the thread events of one kind, in arrival order. */
		List<Integer> numbers(String kind) {
			Pattern p = Pattern.compile("\"kind\":\"" + kind + "\",\"number\":(\\d+)");
			return this.messages.stream()
				.map(p::matcher)
				.filter(Matcher::find)
				.map((m) -> Integer.parseInt(m.group(1)))
				.toList();
		}

		void close() {
			try {
				if (this.session != null && this.session.isConnected()) {
					this.session.disconnect();
				}
			}
			catch (RuntimeException ex) {
				// already closed
			}
			this.stomp.stop();
		}

	}

}
