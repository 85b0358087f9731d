package de.kommunalpakt.forum.support;

import java.time.Clock;
import java.util.Map;

import com.mongodb.client.MongoClient;

import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * forum-core wired by Spring exactly as in the application (component scan of the feature
 * packages), on a given database and clock, without the web or search modules.
 */
public final class CoreFixture implements AutoCloseable {

	public final AnnotationConfigApplicationContext context;

	public final ThreadService threadService;

	public final ThreadRepository threads;

	public final PostRepository posts;

	public final SpaceRepository spaces;

	public final SpaceService spaceService;

	public final MemberRepository members;

	public final OrganisationRepository organisations;

	public final ChangeLog changeLog;

	public CoreFixture(MongoClient client, String database, Clock clock) {
		this(client, database, clock, true);
	}

	/**
	 * forum-core without the notification package: an instance that writes and then goes
	 * away before anything delivered its notifications.
	 */
	public static CoreFixture withoutNotifications(MongoClient client, String database, Clock clock) {
		return new CoreFixture(client, database, clock, false);
	}

	private CoreFixture(MongoClient client, String database, Clock clock, boolean notifications) {
		this.context = new AnnotationConfigApplicationContext();
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("forum.core.database", database)));
		this.context.registerBean(Clock.class, () -> clock);
		// The test owns the client: closing this context must not close it.
		this.context.registerBean(MongoClient.class, () -> client,
				(definition) -> ((org.springframework.beans.factory.support.AbstractBeanDefinition) definition)
					.setDestroyMethodName(""));
		this.context.scan("de.kommunalpakt.forum.organisation", "de.kommunalpakt.forum.member",
				"de.kommunalpakt.forum.space", "de.kommunalpakt.forum.thread", "de.kommunalpakt.forum.changes",
				"de.kommunalpakt.forum.shared", "de.kommunalpakt.forum.audit", "de.kommunalpakt.forum.moderation");
		if (notifications) {
			this.context.scan("de.kommunalpakt.forum.notification");
		}
		this.context.refresh();
		this.threadService = this.context.getBean(ThreadService.class);
		this.threads = this.context.getBean(ThreadRepository.class);
		this.posts = this.context.getBean(PostRepository.class);
		this.spaces = this.context.getBean(SpaceRepository.class);
		this.spaceService = this.context.getBean(SpaceService.class);
		this.members = this.context.getBean(MemberRepository.class);
		this.organisations = this.context.getBean(OrganisationRepository.class);
		this.changeLog = this.context.getBean(ChangeLog.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
