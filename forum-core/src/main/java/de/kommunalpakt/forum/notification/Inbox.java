package de.kommunalpakt.forum.notification;

import java.util.List;
import java.util.Objects;

import de.kommunalpakt.forum.member.MemberId;

/**
 * A member's notifications, newest first, the last {@value #KEEP} kept (a new one is
 * pushed by {@link InboxRepository#add}). One document per member, so the header counter
 * and the notification page are one lookup by id.
 *
 * @param member the owner
 * @param items newest first
 * @param version optimistic lock (0: not stored yet)
 */
public record Inbox(MemberId member, List<Notification> items, long version) {

	/** How many notifications an inbox keeps. */
	public static final int KEEP = 200;

	public Inbox {
		Objects.requireNonNull(member, "member");
		items = List.copyOf(items);
	}

	public static Inbox empty(MemberId member) {
		return new Inbox(member, List.of(), 0);
	}

	public long unread() {
		return this.items.stream().filter((n) -> !n.read()).count();
	}

	public Inbox markAllRead() {
		return new Inbox(this.member, this.items.stream().map(Notification::asRead).toList(), this.version);
	}

	/**
	 * The inbox without the notifications about one thread (or First-Mover application).
	 */
	public Inbox withoutThread(String threadId) {
		return new Inbox(this.member,
				this.items.stream().filter((n) -> !java.util.Objects.equals(n.threadId(), threadId)).toList(),
				this.version);
	}

	public Inbox markRead(String id) {
		return new Inbox(this.member, this.items.stream().map((n) -> n.id().equals(id) ? n.asRead() : n).toList(),
				this.version);
	}

}
