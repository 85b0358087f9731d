package de.kommunalpakt.forum.support;

import java.util.Set;

import org.junit.jupiter.api.BeforeEach;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole application with the real services and the real MongoDB driver against the
 * in-memory wire-protocol server; only the login is replaced by request post-processors.
 * Subclasses share one application context.
 */
@SpringBootTest
@AutoConfigureMockMvc
public abstract class WebTestSupport {

	public static final SpaceId OPEN_SPACE = new SpaceId("fragen");

	public static final SpaceId STATE_SPACE = new SpaceId("laender");

	public static final SpaceId MODERATOR_SPACE = new SpaceId("moderation");

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected ThreadService threads;

	@Autowired
	protected SpaceRepository spaces;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", TestMongo::uri);
		registry.add("forum.core.database", () -> "web-tests");
		// Tokens are made by the test; the issuer is never contacted.
		registry.add("forum.auth.issuer-uri", () -> "http://localhost:9/realms/kommunalpakt");
		registry.add("forum.search.uris", de.kommunalpakt.forum.infra.SharedTestServices::elasticsearchUrl);
		registry.add("forum.search.index", () -> "web-tests-threads");
		// Mail goes over real SMTP to the test services' GreenMail.
		registry.add("spring.mail.host", () -> de.kommunalpakt.forum.infra.MailServer.HOST);
		registry.add("spring.mail.port", () -> de.kommunalpakt.forum.infra.SharedTestServices.mail().smtp());
		registry.add("forum.mail.first-retry", () -> "1s");
		registry.add("forum.mail.imap.host", () -> de.kommunalpakt.forum.infra.MailServer.HOST);
		registry.add("forum.mail.imap.port", () -> de.kommunalpakt.forum.infra.SharedTestServices.mail().imap());
		registry.add("forum.mail.imap.ssl", () -> "false");
	}

	@BeforeEach
	void spaces() {
		this.spaces.save(new Space(OPEN_SPACE, "Fragen zur Nachnutzung", "Für alle", Visibility.ALL_MEMBERS, null, 1));
		this.spaces
			.save(new Space(STATE_SPACE, "Länderrunde", "Länder, KSpV, FITKO, Bund", Visibility.STATE_LEVEL, null, 2));
		this.spaces.save(new Space(MODERATOR_SPACE, "Moderation", "Moderation", Visibility.MODERATORS, null, 3));
	}

	protected static Actor actor(Members member) {
		return ActorMapper.fromClaims(member.claims());
	}

	protected PostId question(Members author, SpaceId space, String title) {
		return this.threads.start(actor(author), new ThreadCommands.StartThread(space.value(), ThreadType.QUESTION,
				title, "Wie machen das andere Kommunen?", Set.of(), Set.of(), null));
	}

}
