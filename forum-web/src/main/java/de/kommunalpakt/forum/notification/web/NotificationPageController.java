package de.kommunalpakt.forum.notification.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.Inbox;
import de.kommunalpakt.forum.notification.Notification;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /benachrichtigungen}: the inbox (newest first, unread marked), mark all read,
 * open one (marks it read and jumps to the post), the counter as JSON for the live
 * header, the watch settings; {@code /beobachten} for the watch buttons on thread and
 * space pages; {@code /mitglieder/vorschlaege} for the {@code @name} autocomplete.
 */
@Controller
class NotificationPageController {

	private final NotificationService notifications;

	private final SpaceService spaces;

	private final MemberRepository members;

	private final ThreadService threads;

	private final WatchTargetNames names;

	NotificationPageController(NotificationService notifications, SpaceService spaces, MemberRepository members,
			ThreadService threads, WatchTargetNames names) {
		this.threads = threads;
		this.names = names;
		this.notifications = notifications;
		this.spaces = spaces;
		this.members = members;
	}

	@GetMapping("/benachrichtigungen")
	String list(Actor actor, Model model) {
		Inbox inbox = this.notifications.inbox(actor);
		model.addAttribute("inbox", inbox);
		model.addAttribute("groups", groups(actor, inbox.items()));
		model.addAttribute("unread", inbox.unread());
		return "notification/list";
	}

	/**
	 * Notifications of one kind about one thread become one line (six replies: one line
	 * saying six), newest first, with an excerpt of the newest post.
	 */
	private List<NotificationGroup> groups(Actor actor, List<Notification> items) {
		Map<String, List<Notification>> grouped = new LinkedHashMap<>();
		for (Notification n : items) {
			String key = (n.kind() == NotificationKind.NEW_THREAD || n.kind() == NotificationKind.PILOT_STATUS) ? n.id()
					: n.kind() + "|" + n.threadId() + "|" + n.detail() + "|" + n.read();
			grouped.computeIfAbsent(key, (k) -> new java.util.ArrayList<>()).add(n);
		}
		List<NotificationGroup> groups = new java.util.ArrayList<>();
		for (List<Notification> members : grouped.values()) {
			Notification newest = members.get(0);
			String excerpt = (groups.size() < EXCERPTS) ? excerpt(actor, newest) : null;
			List<String> names = members.stream().map(Notification::actorName).distinct().toList();
			groups.add(new NotificationGroup(newest, members.size(), names, excerpt));
		}
		return groups;
	}

	private static final int EXCERPTS = 30;

	private static final int EXCERPT_LENGTH = 160;

	private String excerpt(Actor actor, Notification n) {
		if (n.kind() != NotificationKind.REPLY && n.kind() != NotificationKind.WATCHED_REPLY
				&& n.kind() != NotificationKind.MENTION && n.kind() != NotificationKind.ACCEPTED
				&& n.kind() != NotificationKind.NEW_THREAD) {
			return null;
		}
		try {
			var post = this.threads.post(actor, n.postId());
			if (!post.showsTextTo(actor)) {
				// Hidden or deleted since: the inbox does not quote it.
				return null;
			}
			String text = MarkdownRenderer.plainText(post.html()).strip();
			if (text.length() <= EXCERPT_LENGTH) {
				return text;
			}
			int cut = text.lastIndexOf(' ', EXCERPT_LENGTH);
			return text.substring(0, (cut > EXCERPT_LENGTH / 2) ? cut : EXCERPT_LENGTH) + " …";
		}
		catch (ForumException ex) {
			// The post is gone or no longer readable: the line stays without an excerpt.
			return null;
		}
	}

	/**
	 * One line of the inbox.
	 *
	 * @param newest the newest notification of the group (its link and time)
	 * @param count how many notifications the line stands for
	 * @param names who caused them, newest first
	 * @param excerpt the beginning of the newest post, or null
	 */
	record NotificationGroup(Notification newest, int count, List<String> names, String excerpt) {

		public String others() {
			return String.valueOf(this.names.size() - 1);
		}

	}

	@PostMapping("/benachrichtigungen/gelesen")
	String markAllRead(Actor actor, RedirectAttributes redirect) {
		this.notifications.markAllRead(actor);
		redirect.addFlashAttribute("notice", "notifications.allRead");
		return "redirect:/benachrichtigungen";
	}

	@GetMapping("/benachrichtigungen/{id}/oeffnen")
	String open(Actor actor, @PathVariable String id) {
		var notification = this.notifications.inbox(actor)
			.items()
			.stream()
			.filter((n) -> n.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new ForumException.NotFound("notification.notFound"));
		this.notifications.markRead(actor, id);
		if (notification.kind() != NotificationKind.NEW_THREAD
				&& notification.kind() != NotificationKind.PILOT_STATUS) {
			// The inbox shows these as one line: opening it reads them all.
			this.notifications.inbox(actor)
				.items()
				.stream()
				.filter((n) -> !n.read() && n.kind() == notification.kind()
						&& java.util.Objects.equals(n.threadId(), notification.threadId()))
				.forEach((n) -> this.notifications.markRead(actor, n.id()));
		}
		return "redirect:" + destination(notification);
	}

	/**
	 * Where a notification leads: the post, the First-Mover application or the account.
	 */
	static String destination(Notification notification) {
		return switch (notification.kind()) {
			case SUSPENDED -> "/konto";
			case PILOT_STATUS -> "/pilot/" + notification.threadId();
			default -> "/beitraege/" + notification.postId();
		};
	}

	@GetMapping(path = "/benachrichtigungen/anzahl", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	Map<String, Object> count(Actor actor) {
		return Map.of("unread", this.notifications.unread(actor));
	}

	@GetMapping("/benachrichtigungen/einstellungen")
	String settings(Actor actor, Model model) {
		Map<WatchTarget, WatchLevel> settings = parsed(this.notifications.watchSettings(actor));
		Map<WatchTarget, WatchTargetNames.Named> named = this.names.names(actor, settings.keySet());
		List<SettingRow> rows = new java.util.ArrayList<>();
		settings.forEach((t, level) -> rows
			.add(new SettingRow(t.key(), t.type().name(), named.get(t).name(), named.get(t).path(), level.name())));
		model.addAttribute("settings", rows);
		model.addAttribute("spaces", this.spaces.readableBy(actor));
		model.addAttribute("levels", WatchLevel.values());
		model.addAttribute("laender", LandCode.values());
		return "notification/settings";
	}

	@PostMapping("/beobachten")
	String watch(Actor actor, @RequestParam(name = "ziel", defaultValue = "") String target,
			@RequestParam(name = "schlagwort", required = false) String tag,
			@RequestParam(name = "stufe", defaultValue = "") String level,
			@RequestParam(name = "zurueck", defaultValue = "/benachrichtigungen/einstellungen") String back,
			RedirectAttributes redirect) {
		if (target.isBlank() && tag != null && !tag.isBlank()) {
			target = "tag:" + tag.trim().replaceFirst("^#", "");
		}
		WatchTarget parsed = WatchTarget.parse(target.trim())
			.orElseThrow(() -> new ForumException.Invalid("ziel", "watch.target.invalid"));
		if (parsed.type() == WatchTarget.Type.TAG) {
			parsed = WatchTarget.tag(parsed.value().trim());
		}
		else if (parsed.type() == WatchTarget.Type.LAND) {
			parsed = WatchTarget.land(parsed.value().trim());
		}
		this.notifications.watch(actor, parsed, level(level));
		redirect.addFlashAttribute("notice", "watch.saved");
		return "redirect:" + safeBack(back);
	}

	@GetMapping(path = "/mitglieder/vorschlaege", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	List<Map<String, String>> suggestions(Actor actor,
			@RequestParam(name = "praefix", defaultValue = "") String prefix) {
		String p = prefix.trim();
		if (p.isEmpty() || p.length() > 40) {
			return List.of();
		}
		return this.members.findByNamePrefix(p, 8).stream().map((m) -> {
			Map<String, String> s = new LinkedHashMap<>();
			s.put("username", m.username());
			s.put("name", m.displayName());
			return s;
		}).toList();
	}

	/**
	 * One explicit setting for the table.
	 *
	 * @param name the target's name, {@code null} if the member may no longer open it
	 * @param path its page, or {@code null}
	 */
	record SettingRow(String key, String type, String name, String path, String level) {
	}

	/**
	 * The stored settings by target, in their order; keys no longer understood left out.
	 */
	static Map<WatchTarget, WatchLevel> parsed(Map<String, WatchLevel> settings) {
		Map<WatchTarget, WatchLevel> parsed = new LinkedHashMap<>();
		settings.forEach((key, level) -> WatchTarget.parse(key).ifPresent((t) -> parsed.put(t, level)));
		return parsed;
	}

	private static WatchLevel level(String level) {
		try {
			return WatchLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid("stufe", "watch.level.invalid");
		}
	}

	/** Only paths of this site, never another host. */
	static String safeBack(String back) {
		if (back.startsWith("/") && !back.startsWith("//") && !back.contains("\\") && back.length() < 500
				&& back.chars().noneMatch(Character::isISOControl)) {
			return back;
		}
		return "/benachrichtigungen/einstellungen";
	}

}
