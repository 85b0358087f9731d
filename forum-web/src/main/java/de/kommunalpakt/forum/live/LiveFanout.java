package de.kommunalpakt.forum.live;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.changes.LiveFeed;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.notification.NotificationService;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import de.kommunalpakt.forum.shared.BackgroundThreads;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * Passes the live feed (every instance's writes) to the clients of this instance. A
 * message names what happened, never content: the page fetches what changed through the
 * same authorization as any page view.
 * <ul>
 * <li>{@code /topic/threads/{id}}: {@code {kind, number, version, change}}</li>
 * <li>{@code /topic/spaces/{id}}: {@code {kind, thread, change}} for every change that
 * alters a thread list (new, moved, answered, accepted, closed, pinned, the opening post
 * hidden or restored)</li>
 * <li>{@code /topic/boards/pilots}, {@code /topic/boards/reports}: {@code {kind, change}}
 * when a First-Mover application or a Land report changed</li>
 * <li>{@code /user/queue/notifications}: {@code {unread}} when the inbox changed, only to
 * members connected here</li>
 * </ul>
 */
@Component
class LiveFanout implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveFanout.class);

	/** Changes that alter a thread list (start page, space pages, open questions). */
	static final java.util.Set<ChangeKind> LIST_KINDS = java.util.EnumSet.of(ChangeKind.THREAD_STARTED,
			ChangeKind.THREAD_MOVED, ChangeKind.REPLY_POSTED, ChangeKind.ANSWER_ACCEPTED, ChangeKind.ANSWER_UNACCEPTED,
			ChangeKind.THREAD_CLOSED, ChangeKind.THREAD_REOPENED, ChangeKind.THREAD_LOCKED, ChangeKind.THREAD_PINNED,
			ChangeKind.THREAD_UNPINNED, ChangeKind.THREAD_REPAIRED);

	/**
	 * Moderation of a post that alters a thread list when it is the opening post: hiding
	 * it hides the thread from the lists, restoring it brings the thread back.
	 */
	static final java.util.Set<ChangeKind> OPENING_POST_KINDS = java.util.EnumSet.of(ChangeKind.POST_HIDDEN,
			ChangeKind.POST_RESTORED);

	/** Topics of the boards without a thread: First Movers and the Länder reports. */
	static final Map<ChangeKind, String> BOARDS = Map.of(ChangeKind.PILOT_CHANGED, StompGuard.PILOT_BOARD,
			ChangeKind.REPORT_CHANGED, StompGuard.REPORT_BOARD, ChangeKind.REPORTING_ROUND_CHANGED,
			StompGuard.REPORT_BOARD);

	private final LiveFeed feed;

	private final SimpMessagingTemplate messaging;

	private final SimpUserRegistry users;

	private final NotificationService notifications;

	private volatile AutoCloseable following;

	private final java.util.Set<String> pendingPresence = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/** Made anew at each start: a stop ends it. */
	private volatile ThreadPoolTaskScheduler presenceTimer = BackgroundThreads.scheduler("live-presence-send");

	LiveFanout(LiveFeed feed, SimpMessagingTemplate messaging, SimpUserRegistry users,
			NotificationService notifications) {
		this.feed = feed;
		this.messaging = messaging;
		this.users = users;
		this.notifications = notifications;
	}

	void change(ForumChange change) {
		log.debug("Live: {} {} #{}", change.kind(), change.threadId(), change.postNumber());
		String board = BOARDS.get(change.kind());
		if (board != null) {
			// Boards reload through their own page, which applies the reader's rights;
			// the
			// message names only the kind of change.
			this.messaging.convertAndSend(board,
					(Object) Map.of("kind", change.kind().name(), "change", String.valueOf(change.id())));
			return;
		}
		if (change.threadId() == null) {
			return;
		}
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("kind", change.kind().name());
		event.put("number", change.postNumber());
		event.put("version", change.threadVersion());
		event.put("change", change.id());
		this.messaging.convertAndSend("/topic/threads/" + change.threadId(), (Object) event);
		if (altersList(change) && change.spaceId() != null) {
			this.messaging.convertAndSend("/topic/spaces/" + change.spaceId(),
					(Object) Map.of("kind", change.kind().name(), "thread", change.threadId(), "change", change.id()));
		}
	}

	static boolean altersList(ForumChange change) {
		return LIST_KINDS.contains(change.kind())
				|| (OPENING_POST_KINDS.contains(change.kind()) && change.postNumber() == 1);
	}

	/**
	 * Readers changed somewhere: one count per thread at most every 300 ms, so a hundred
	 * people opening a page at once cost one message each, not a hundred.
	 */
	void presence(String threadId) {
		if (this.pendingPresence.add(threadId)) {
			try {
				this.presenceTimer.schedule(() -> {
					this.pendingPresence.remove(threadId);
					try {
						sendPresence(threadId);
					}
					catch (RuntimeException ex) {
						log.debug("Lesende nicht gesendet: {}", ex.toString());
					}
				}, java.time.Instant.now().plusMillis(300));
			}
			catch (TaskRejectedException ex) {
				// Stopping: nobody to tell.
				this.pendingPresence.remove(threadId);
			}
		}
	}

	private void sendPresence(String threadId) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("kind", "PRESENCE");
		event.put("readers", this.feed.readers(threadId));
		this.messaging.convertAndSend("/topic/threads/" + threadId, (Object) event);
	}

	void inbox(MemberId member) {
		if (this.users.getUser(member.value()) == null) {
			return;
		}
		this.messaging.convertAndSendToUser(member.value(), "/queue/notifications",
				Map.of("unread", this.notifications.unread(member)));
	}

	@Override
	public void start() {
		if (this.presenceTimer.getScheduledExecutor().isShutdown()) {
			this.presenceTimer = BackgroundThreads.scheduler("live-presence-send");
			this.pendingPresence.clear();
		}
		this.following = this.feed.follow(this::change, this::inbox, this::presence);
		log.debug("Live-Strom gestartet");
	}

	@Override
	public void stop() {
		AutoCloseable current = this.following;
		this.following = null;
		this.presenceTimer.shutdown();
		if (current != null) {
			try {
				current.close();
			}
			catch (Exception ex) {
				log.debug("Live-Strom beim Beenden: {}", ex.toString());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.following != null;
	}

}
