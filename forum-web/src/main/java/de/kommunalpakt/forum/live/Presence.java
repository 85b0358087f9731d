package de.kommunalpakt.forum.live;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * How many members read a thread right now: each instance records the distinct members
 * subscribed to a thread's topic through it in the live feed (MongoDB), refreshed every
 * minute; {@link LiveFanout} hears of every change on any instance and sends the union to
 * the topic as {@code {kind: "PRESENCE", readers}}.
 */
@Component
class Presence {

	private final de.kommunalpakt.forum.changes.LiveFeed feed;

	/** This instance in the shared presence records. */
	private final String instance = java.util.UUID.randomUUID().toString();

	/** thread id → (session id + subscription id → member id) */
	private final Map<String, Map<String, String>> readers = new HashMap<>();

	/** session id + subscription id → thread id */
	private final Map<String, String> subscriptions = new HashMap<>();

	Presence(de.kommunalpakt.forum.changes.LiveFeed feed) {
		this.feed = feed;
	}

	@EventListener
	void subscribed(SessionSubscribeEvent event) {
		StompHeaderAccessor stomp = StompHeaderAccessor.wrap(event.getMessage());
		Matcher thread = StompGuard.THREAD_TOPIC.matcher(String.valueOf(stomp.getDestination()));
		if (!thread.matches() || event.getUser() == null) {
			return;
		}
		String key = stomp.getSessionId() + "/" + stomp.getSubscriptionId();
		Set<String> members;
		synchronized (this) {
			this.subscriptions.put(key, thread.group(1));
			Map<String, String> readers = this.readers.computeIfAbsent(thread.group(1), (k) -> new HashMap<>());
			readers.put(key, event.getUser().getName());
			members = distinct(readers);
		}
		this.feed.presence(this.instance, thread.group(1), members);
	}

	@EventListener
	void unsubscribed(SessionUnsubscribeEvent event) {
		StompHeaderAccessor stomp = StompHeaderAccessor.wrap(event.getMessage());
		remove(Set.of(stomp.getSessionId() + "/" + stomp.getSubscriptionId()));
	}

	@EventListener
	void disconnected(SessionDisconnectEvent event) {
		String prefix = event.getSessionId() + "/";
		Set<String> keys = new HashSet<>();
		synchronized (this) {
			this.subscriptions.keySet().stream().filter((k) -> k.startsWith(prefix)).forEach(keys::add);
		}
		remove(keys);
	}

	/** Refreshes this instance's records, so they stay fresh while readers stay. */
	@org.springframework.scheduling.annotation.Scheduled(fixedDelay = 60_000)
	void refresh() {
		Map<String, Set<String>> current = new HashMap<>();
		synchronized (this) {
			this.readers.forEach((thread, members) -> current.put(thread, distinct(members)));
		}
		current.forEach((thread, members) -> this.feed.presence(this.instance, thread, members));
	}

	@jakarta.annotation.PreDestroy
	void leave() {
		Set<String> threads;
		synchronized (this) {
			threads = new HashSet<>(this.readers.keySet());
		}
		threads.forEach((thread) -> {
			try {
				this.feed.presence(this.instance, thread, Set.of());
			}
			catch (RuntimeException ex) {
				// the records fade after their time to live
			}
		});
	}

	private void remove(Set<String> keys) {
		Map<String, Set<String>> changed = new HashMap<>();
		synchronized (this) {
			for (String key : keys) {
				String thread = this.subscriptions.remove(key);
				if (thread == null) {
					continue;
				}
				Map<String, String> members = this.readers.get(thread);
				members.remove(key);
				changed.put(thread, distinct(members));
				if (members.isEmpty()) {
					this.readers.remove(thread);
				}
			}
		}
		changed.forEach((thread, members) -> this.feed.presence(this.instance, thread, members));
	}

	private static Set<String> distinct(Map<String, String> members) {
		return Set.copyOf(new HashSet<>(members.values()));
	}

}
