package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.TextHygiene;
import de.kommunalpakt.forum.shared.Ids;
import de.kommunalpakt.forum.space.SpaceId;

/**
 * A thread: the aggregate that guards its own rules. Immutable; every move returns the
 * thread after the move or refuses with a {@link ForumException}.
 *
 * @param id id
 * @param space the space it lives in
 * @param type question, discussion or announcement
 * @param title 1 to 200 characters
 * @param tags normalized tags
 * @param lands Länder the thread is about
 * @param author who started it
 * @param authorName display name of the author at the time
 * @param authorOrganisation organisation of the author
 * @param authorOrganisationKind kind of that organisation
 * @param createdAt when it was started
 * @param lastActivityAt time of the last post
 * @param lastPosterName display name of the last poster
 * @param postCount number of post positions used (opening post included)
 * @param state life state
 * @param pinned shown first in its space
 * @param acceptedAnswer number of the accepted post, if any
 * @param version increases with every change of the thread or one of its posts
 * @param hidden its opening post is hidden by the moderation: the thread is shown to
 * moderators only (marked), not listed, found or notified to anyone else
 */
public record Thread(ThreadId id, SpaceId space, ThreadType type, String title, Set<String> tags, Set<LandCode> lands,
		MemberId author, String authorName, OrganisationId authorOrganisation, OrganisationKind authorOrganisationKind,
		Instant createdAt, Instant lastActivityAt, String lastPosterName, int postCount, ThreadState state,
		boolean pinned, Integer acceptedAnswer, long version, boolean hidden) {

	public static final int MAX_TITLE = 200;

	/** A thread whose opening post is not hidden. */
	public Thread(ThreadId id, SpaceId space, ThreadType type, String title, Set<String> tags, Set<LandCode> lands,
			MemberId author, String authorName, OrganisationId authorOrganisation,
			OrganisationKind authorOrganisationKind, Instant createdAt, Instant lastActivityAt, String lastPosterName,
			int postCount, ThreadState state, boolean pinned, Integer acceptedAnswer, long version) {
		this(id, space, type, title, tags, lands, author, authorName, authorOrganisation, authorOrganisationKind,
				createdAt, lastActivityAt, lastPosterName, postCount, state, pinned, acceptedAnswer, version, false);
	}

	public Thread {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(space, "space");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(state, "state");
		title = checkTitle(title);
		tags = Set.copyOf(tags);
		lands = lands.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(lands));
	}

	/** Starts a thread; the opening post is number 1. */
	public static Thread start(ThreadId id, SpaceId space, ThreadType type, String title, Set<String> tags,
			Set<LandCode> lands, Actor author, Instant now) {
		if (type == ThreadType.ANNOUNCEMENT && !author.isStateLevel()) {
			throw new ForumException.Forbidden("thread.announcement.forbidden");
		}
		return new Thread(id, space, type, title, tags, lands, author.id(), author.displayName(), author.organisation(),
				author.organisationKind(), now, now, author.displayName(), 1, ThreadState.OPEN, false, null, 1);
	}

	/**
	 * A title a member has just written: also refuses control and bidi-override
	 * characters. Only for new input: stored titles are loaded through
	 * {@link #checkTitle(String)}, so an older title never makes its thread unreadable.
	 */
	public static String checkNewTitle(String title) {
		TextHygiene.requireClean("title", title);
		return checkTitle(title);
	}

	public static String checkTitle(String title) {
		String t = (title != null) ? title.strip().replaceAll("\\s+", " ") : "";
		if (t.isEmpty()) {
			throw new ForumException.Invalid("title", "thread.title.empty");
		}
		int length = t.codePointCount(0, t.length());
		if (length > MAX_TITLE) {
			throw new ForumException.Invalid("title", "thread.title.tooLong", MAX_TITLE, length);
		}
		return t;
	}

	public String slug() {
		return Ids.slug(this.title);
	}

	public Optional<PostId> acceptedAnswerId() {
		return Optional.ofNullable(this.acceptedAnswer).map((n) -> new PostId(this.id, n));
	}

	public PostId openingPost() {
		return new PostId(this.id, 1);
	}

	public int pageCount() {
		return Math.max(1, (this.postCount + PostId.PAGE_SIZE - 1) / PostId.PAGE_SIZE);
	}

	public boolean isStartedBy(Actor actor) {
		return this.author.equals(actor.id());
	}

	/** Refuses a reply unless the thread is open or answered. */
	public void ensureAcceptsReplies() {
		if (this.state == ThreadState.LOCKED) {
			throw new ForumException.Conflict("thread.locked");
		}
		if (this.state == ThreadState.CLOSED) {
			throw new ForumException.Conflict("thread.closed");
		}
	}

	/** Members may edit their posts unless a moderator locked the thread. */
	public void ensureEditableBy(Actor actor) {
		if (this.state == ThreadState.LOCKED && !actor.isModerator()) {
			throw new ForumException.Conflict("thread.locked");
		}
	}

	/** The asker or a moderator accepts a reply as the answer to a question. */
	public Thread acceptAnswer(int postNumber, Actor actor) {
		if (this.type != ThreadType.QUESTION) {
			throw new ForumException.Conflict("thread.accept.notQuestion");
		}
		if (!isStartedBy(actor) && !actor.isModerator()) {
			throw new ForumException.Forbidden("thread.accept.forbidden");
		}
		if (this.state == ThreadState.LOCKED) {
			throw new ForumException.Conflict("thread.locked");
		}
		if (postNumber < 2 || postNumber > this.postCount) {
			throw new ForumException.Invalid("post", "thread.accept.invalidPost");
		}
		ThreadState next = (this.state == ThreadState.OPEN) ? ThreadState.ANSWERED : this.state;
		return with(next, this.pinned, postNumber, this.space);
	}

	/** Takes back the accepted answer. */
	public Thread unacceptAnswer(Actor actor) {
		if (!isStartedBy(actor) && !actor.isModerator()) {
			throw new ForumException.Forbidden("thread.accept.forbidden");
		}
		if (this.acceptedAnswer == null) {
			throw new ForumException.Conflict("thread.accept.none");
		}
		ThreadState next = (this.state == ThreadState.ANSWERED) ? ThreadState.OPEN : this.state;
		return with(next, this.pinned, null, this.space);
	}

	public Thread close(Actor actor) {
		requireModeratorOrAuthor(actor);
		if (this.state == ThreadState.CLOSED || this.state == ThreadState.LOCKED) {
			throw new ForumException.Conflict("thread.alreadyClosed");
		}
		return with(ThreadState.CLOSED, this.pinned, this.acceptedAnswer, this.space);
	}

	public Thread reopen(Actor actor) {
		requireModerator(actor);
		if (this.state != ThreadState.CLOSED && this.state != ThreadState.LOCKED) {
			throw new ForumException.Conflict("thread.notClosed");
		}
		ThreadState next = (this.acceptedAnswer != null) ? ThreadState.ANSWERED : ThreadState.OPEN;
		return with(next, this.pinned, this.acceptedAnswer, this.space);
	}

	public Thread lock(Actor actor) {
		requireModerator(actor);
		if (this.state == ThreadState.LOCKED) {
			throw new ForumException.Conflict("thread.locked");
		}
		return with(ThreadState.LOCKED, this.pinned, this.acceptedAnswer, this.space);
	}

	public Thread pin(Actor actor, boolean pin) {
		requireModerator(actor);
		return with(this.state, pin, this.acceptedAnswer, this.space);
	}

	public Thread moveTo(SpaceId target, Actor actor) {
		requireModerator(actor);
		if (target.equals(this.space)) {
			throw new ForumException.Conflict("thread.move.sameSpace");
		}
		return with(this.state, this.pinned, this.acceptedAnswer, target);
	}

	private void requireModerator(Actor actor) {
		if (!actor.isModerator()) {
			throw new ForumException.Forbidden("thread.moderation.forbidden");
		}
	}

	private void requireModeratorOrAuthor(Actor actor) {
		if (!actor.isModerator() && !isStartedBy(actor)) {
			throw new ForumException.Forbidden("thread.moderation.forbidden");
		}
	}

	private Thread with(ThreadState state, boolean pinned, Integer accepted, SpaceId space) {
		return new Thread(this.id, space, this.type, this.title, this.tags, this.lands, this.author, this.authorName,
				this.authorOrganisation, this.authorOrganisationKind, this.createdAt, this.lastActivityAt,
				this.lastPosterName, this.postCount, state, pinned, accepted, this.version, this.hidden);
	}

}
