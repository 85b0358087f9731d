package de.kommunalpakt.forum.operations;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.search.index.SearchIndexer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;

/**
 * The forum's own meters (Prometheus names in brackets):
 * <ul>
 * <li>{@code forum.posts.written} ({@code forum_posts_written_total}, tag {@code kind}:
 * {@code reply} or {@code thread}): posts written through this instance;</li>
 * <li>{@code forum.changes} ({@code forum_changes_total}, tag {@code kind}): every change
 * this instance logged (posts, edits, moderation, reuse models, reports);</li>
 * <li>{@code forum.changes.backlog} (tag {@code reader}: {@code search},
 * {@code notifications}): changes in the log that the search indexer or the notification
 * delivery of this instance has not handled yet, counted up to
 * {@value #BACKLOG_CAP};</li>
 * <li>{@code forum.live.sessions}: open WebSocket connections (live updates);</li>
 * <li>{@code forum.search} (a timer with histogram, in {@code TimedSearch}): time of a
 * search in Elasticsearch, tag {@code outcome}.</li>
 * </ul>
 * Request timings by route ({@code http_server_requests_seconds}) and JVM, pool and
 * process figures come from Spring Boot.
 */
@Component
class ForumMetrics {

	/** The backlog is counted up to here: beyond it, the number says "at least". */
	static final int BACKLOG_CAP = 10_000;

	private final Counter replies;

	private final Counter threads;

	private final MeterRegistry registry;

	ForumMetrics(MeterRegistry registry, ObjectProvider<SearchIndexer> indexer, NotificationService notifications,
			ObjectProvider<WebSocketMessageBrokerStats> live) {
		this.registry = registry;
		this.replies = Counter.builder("forum.posts.written")
			.description("Beiträge, die über diese Instanz geschrieben wurden")
			.tag("kind", "reply")
			.register(registry);
		this.threads = Counter.builder("forum.posts.written")
			.description("Beiträge, die über diese Instanz geschrieben wurden")
			.tag("kind", "thread")
			.register(registry);
		indexer.ifAvailable((search) -> Gauge.builder("forum.changes.backlog", search, (s) -> s.backlog(BACKLOG_CAP))
			.description("Änderungen, die der Suchindex noch nicht enthält")
			.tag("reader", "search")
			.register(registry));
		Gauge.builder("forum.changes.backlog", notifications, (n) -> n.backlog(BACKLOG_CAP))
			.description("Änderungen, die noch nicht zu Benachrichtigungen verarbeitet sind")
			.tag("reader", "notifications")
			.register(registry);
		live.ifAvailable((stats) -> Gauge
			.builder("forum.live.sessions", stats, (s) -> s.getWebSocketSessionStats().getWebSocketSessions())
			.description("Offene WebSocket-Verbindungen für Live-Aktualisierungen")
			.register(registry));
	}

	/** Changes of this instance (others count their own). */
	@EventListener
	void on(ForumChange change) {
		if (change.kind() == ChangeKind.REPLY_POSTED) {
			this.replies.increment();
		}
		else if (change.kind() == ChangeKind.THREAD_STARTED) {
			this.threads.increment();
		}
		this.registry.counter("forum.changes", "kind", change.kind().name().toLowerCase(Locale.ROOT)).increment();
	}

}
