package de.kommunalpakt.forum.notification.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.notification.Inbox;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.shared.ForumException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The member's notifications and watch settings in the API, the same as the pages
 * {@code /benachrichtigungen} and {@code /benachrichtigungen/einstellungen}: the inbox
 * with each notification's German sentence and link, marking read, and the explicit watch
 * levels by target ({@code space}, {@code tag}, {@code thread}, {@code land}).
 */
@RestController
@RequestMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Benachrichtigungen", description = "Benachrichtigungen und Beobachten")
class NotificationApiController {

	private final NotificationService notifications;

	private final NotificationTexts texts;

	private final WatchTargetNames names;

	NotificationApiController(NotificationService notifications, NotificationTexts texts, WatchTargetNames names) {
		this.notifications = notifications;
		this.texts = texts;
		this.names = names;
	}

	@GetMapping("/notifications")
	@Operation(summary = "Eigene Benachrichtigungen, neueste zuerst (die letzten 200), mit Satz und Link; "
			+ "unread=true: nur ungelesene")
	Map<String, Object> notifications(Actor actor, @RequestParam(defaultValue = "false") boolean unread) {
		Inbox inbox = this.notifications.inbox(actor);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("unread", inbox.unread());
		json.put("items", inbox.items().stream().filter((n) -> !unread || !n.read()).map(this::json).toList());
		return json;
	}

	@PostMapping("/notifications/read")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Alle eigenen Benachrichtigungen als gelesen markieren")
	void markAllRead(Actor actor) {
		this.notifications.markAllRead(actor);
	}

	@PostMapping("/notifications/{id}/read")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Eine Benachrichtigung als gelesen markieren (404, wenn es sie nicht gibt)")
	void markRead(Actor actor, @PathVariable String id) {
		boolean known = this.notifications.inbox(actor).items().stream().anyMatch((n) -> n.id().equals(id));
		if (!known) {
			throw new ForumException.NotFound("notification.notFound");
		}
		this.notifications.markRead(actor, id);
	}

	@GetMapping("/watches")
	@Operation(summary = "Eigene ausdrückliche Beobachten-Einstellungen; was nicht aufgeführt ist, steht auf NORMAL")
	List<Map<String, Object>> watches(Actor actor) {
		Map<WatchTarget, WatchLevel> settings = NotificationPageController
			.parsed(this.notifications.watchSettings(actor));
		Map<WatchTarget, WatchTargetNames.Named> named = this.names.names(actor, settings.keySet());
		return settings.entrySet().stream().map((e) -> json(e.getKey(), e.getValue(), named.get(e.getKey()))).toList();
	}

	@PutMapping(path = "/watches/{type}/{value}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Stufe für einen Bereich, ein Schlagwort, ein Thema oder ein Land setzen: "
			+ "type space, tag, thread oder land; level WATCH, NORMAL oder MUTE")
	Map<String, Object> watch(Actor actor, @PathVariable String type, @PathVariable String value,
			@RequestBody Map<String, Object> body) {
		WatchTarget target = target(type, value);
		WatchLevel level = level(body.get("level"));
		this.notifications.watch(actor, target, level);
		return json(target, level, this.names.name(actor, target));
	}

	@DeleteMapping("/watches/{type}/{value}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Einstellung zurücksetzen (wieder NORMAL)")
	void reset(Actor actor, @PathVariable String type, @PathVariable String value) {
		this.notifications.watch(actor, target(type, value), WatchLevel.NORMAL);
	}

	private Map<String, Object> json(Notification n) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", n.id());
		json.put("kind", n.kind().name());
		json.put("text", this.texts.sentence(n));
		json.put("threadId", n.threadId());
		json.put("threadTitle", n.threadTitle());
		json.put("actorName", n.actorName());
		json.put("at", n.at().toString());
		json.put("read", n.read());
		json.put("link", NotificationPageController.destination(n));
		return json;
	}

	private static Map<String, Object> json(WatchTarget target, WatchLevel level, WatchTargetNames.Named named) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", target.type().name().toLowerCase(Locale.ROOT));
		json.put("value", target.value());
		json.put("level", level.name());
		json.put("name", named.name());
		json.put("link", named.path());
		json.put("accessible", named.name() != null);
		return json;
	}

	private static WatchTarget target(String type, String value) {
		String v = value.trim();
		WatchTarget.Type t;
		try {
			t = WatchTarget.Type.valueOf(type.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("type", "api.watch.type.invalid");
		}
		if (v.isEmpty()) {
			throw new ForumException.Invalid("value", "watch.target.invalid");
		}
		return switch (t) {
			case TAG -> WatchTarget.tag(v.replaceFirst("^#", ""));
			case LAND -> WatchTarget.land(v);
			default -> new WatchTarget(t, v);
		};
	}

	private static WatchLevel level(Object level) {
		try {
			return WatchLevel.valueOf(String.valueOf(level).trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("level", "api.watch.level.invalid");
		}
	}

}
