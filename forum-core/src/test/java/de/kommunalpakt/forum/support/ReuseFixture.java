package de.kommunalpakt.forum.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import com.mongodb.client.MongoClient;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * forum-core with the reuse features (models, EfA catalogue, pilots, reports) wired as in
 * the application, on a given database, with a clock the test moves.
 */
public final class ReuseFixture implements AutoCloseable {

	public final AnnotationConfigApplicationContext context;

	public final MovableClock clock;

	public ReuseFixture(MongoClient client, String database, Instant start) {
		this.clock = new MovableClock(start);
		this.context = new AnnotationConfigApplicationContext();
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("forum.core.database", database)));
		this.context.registerBean(Clock.class, () -> this.clock);
		this.context.registerBean(MongoClient.class, () -> client,
				(definition) -> ((org.springframework.beans.factory.support.AbstractBeanDefinition) definition)
					.setDestroyMethodName(""));
		this.context.scan("de.kommunalpakt.forum.organisation", "de.kommunalpakt.forum.member",
				"de.kommunalpakt.forum.space", "de.kommunalpakt.forum.thread", "de.kommunalpakt.forum.changes",
				"de.kommunalpakt.forum.shared", "de.kommunalpakt.forum.efaservice", "de.kommunalpakt.forum.reusemodel",
				"de.kommunalpakt.forum.pilot", "de.kommunalpakt.forum.landreport", "de.kommunalpakt.forum.notification",
				"de.kommunalpakt.forum.audit");
		this.context.refresh();
	}

	public <T> T get(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/** A clock the test sets. */
	public static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant start) {
			this.now = start;
		}

		public void set(Instant instant) {
			this.now = instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
