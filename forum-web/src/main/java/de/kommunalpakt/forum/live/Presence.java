package de.kommunalpakt.forum.live;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * How many members read a thread right now: the distinct members subscribed to its topic
 * on this instance. A change is sent to the topic as {@code {kind: "PRESENCE", readers}}.
 */
@Component
class Presence {

	private final SimpMessagingTemplate messaging;

	/** thread id → (session id + subscription id → member id) */
	private final Map<String, Map<String, String>> readers = new HashMap<>();

	/** session id + subscription id → thread id */
	private final Map<String, String> subscriptions = new HashMap<>();

	Presence(SimpMessagingTemplate messaging) {
		this.messaging = messaging;
	}

	@EventListener
	void subscribed(SessionSubscribeEvent event) {
		StompHeaderAccessor stomp = StompHeaderAccessor.wrap(event.getMessage());
		Matcher thread = StompGuard.THREAD_TOPIC.matcher(String.valueOf(stomp.getDestination()));
		if (!thread.matches() || event.getUser() == null) {
			return;
		}
		String key = stomp.getSessionId() + "/" + stomp.getSubscriptionId();
		int count;
		synchronized (this) {
			this.subscriptions.put(key, thread.group(1));
			Map<String, String> members = this.readers.computeIfAbsent(thread.group(1), (k) -> new HashMap<>());
			members.put(key, event.getUser().getName());
			count = distinct(members);
		}
		announce(thread.group(1), count);
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

	/** Readers of a thread on this instance (for the page's first render). */
	synchronized int readers(String threadId) {
		Map<String, String> members = this.readers.get(threadId);
		return (members != null) ? distinct(members) : 0;
	}

	private void remove(Set<String> keys) {
		Map<String, Integer> changed = new HashMap<>();
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
		changed.forEach(this::announce);
	}

	private static int distinct(Map<String, String> members) {
		return new HashSet<>(members.values()).size();
	}

	private void announce(String thread, int count) {
		Map<String, Object> event = new java.util.LinkedHashMap<>();
		event.put("kind", "PRESENCE");
		event.put("readers", count);
		this.messaging.convertAndSend("/topic/threads/" + thread, (Object) event);
	}

}
