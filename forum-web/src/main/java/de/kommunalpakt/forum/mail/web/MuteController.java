package de.kommunalpakt.forum.mail.web;

import de.kommunalpakt.forum.mail.MailTokens;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.NotificationService;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Mutes a thread from a reply's mail, without a login: the signed link names member and
 * thread. As with the unsubscribe link, opening it shows a button (link scanners open
 * every link), and its POST mutes: the member's watch level of the thread becomes
 * {@link WatchLevel#MUTE}, as the thread page's "Benachrichtigungen" would set it. The
 * thread's title is shown only while the member may still open the thread.
 */
@Controller
class MuteController {

	/**
	 * Where the links point; open to everyone and without CSRF token
	 * (SecurityConfiguration).
	 */
	static final String PATH = "/mail/stummschalten/";

	private final MailTokens tokens;

	private final MemberRepository members;

	private final ThreadService threads;

	private final NotificationService notifications;

	MuteController(MailTokens tokens, MemberRepository members, ThreadService threads,
			NotificationService notifications) {
		this.tokens = tokens;
		this.members = members;
		this.threads = threads;
		this.notifications = notifications;
	}

	@GetMapping(PATH + "{token}")
	String confirm(@PathVariable String token, Model model) {
		Target target = target(token);
		model.addAttribute("threadTitle", target.thread().title());
		model.addAttribute("threadId", target.thread().id().value());
		model.addAttribute("token", token);
		model.addAttribute("done", false);
		return "mail/mute";
	}

	@PostMapping(PATH + "{token}")
	String mute(@PathVariable String token, Model model) {
		Target target = target(token);
		this.notifications.watch(target.member().asActor(), WatchTarget.thread(target.thread().id().value()),
				WatchLevel.MUTE);
		model.addAttribute("threadTitle", target.thread().title());
		model.addAttribute("threadId", target.thread().id().value());
		model.addAttribute("token", token);
		model.addAttribute("done", true);
		return "mail/mute";
	}

	/**
	 * The member and thread a valid link names, if the member may still open the thread
	 * (as on the thread page: its space readable, not hidden by the moderation);
	 * otherwise the German "not found" page, without the title.
	 */
	private Target target(String token) {
		try {
			return this.tokens.verify("mute", token)
				.flatMap((signed) -> this.members.findById(new MemberId(signed.memberId()))
					.map((member) -> new Target(member,
							this.threads.get(member.asActor(), new ThreadId(signed.value())))))
				.orElseThrow(() -> new ForumException.NotFound("mute.invalid"));
		}
		catch (ForumException.NotFound unreadable) {
			throw new ForumException.NotFound("mute.invalid");
		}
	}

	private record Target(Member member, Thread thread) {
	}

}
