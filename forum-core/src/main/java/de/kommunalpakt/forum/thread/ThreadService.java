package de.kommunalpakt.forum.thread;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import de.kommunalpakt.forum.shared.mongo.DeferredDurability;
import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.shared.SafeHtml;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.ThreadCommands.EditPost;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;
import org.springframework.stereotype.Service;

/**
 * The thread use cases. Each one: check permission, validate, load, change, save,
 * publish. Without transactions the order of writes is chosen so that a crash leaves
 * nothing half visible: a post is written before the thread points at it.
 */
@Service
public class ThreadService {

	private static final int MAX_RETRIES = 5;

	/**
	 * How long a token claimed without a post counts as the claim of a submit still
	 * running; after that it belongs to a submit that stopped (a crash), and a repeated
	 * submit takes it over. A submit takes seconds.
	 */
	private static final java.time.Duration ABANDONED = java.time.Duration.ofMinutes(2);

	/** How old an organisation's name on a new post may be (renames are rare). */
	static final java.time.Duration ORGANISATION_NAMES_KEPT = java.time.Duration.ofMinutes(1);

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final SubmissionRepository submissions;

	private final SpaceService spaces;

	private final OrganisationRepository organisations;

	private final java.util.Map<de.kommunalpakt.forum.organisation.OrganisationId, KnownName> organisationNames = new java.util.concurrent.ConcurrentHashMap<>();

	private final ChangePublisher changes;

	private final MarkdownRenderer renderer;

	private final Clock clock;

	public ThreadService(ThreadRepository threads, PostRepository posts, SubmissionRepository submissions,
			SpaceService spaces, OrganisationRepository organisations, ChangePublisher changes,
			MarkdownRenderer renderer, Clock clock) {
		this.threads = threads;
		this.posts = posts;
		this.submissions = submissions;
		this.spaces = spaces;
		this.organisations = organisations;
		this.changes = changes;
		this.renderer = renderer;
		this.clock = clock;
	}

	/**
	 * The thread if it exists and the actor may read its space; "not found" otherwise. A
	 * thread whose opening post the moderation hid is there for moderators and its author
	 * only (as in Discourse, where hiding the first post hides the topic; its author
	 * still reads their post and the reason): everyone else is told it is hidden.
	 */
	public Thread get(Actor actor, ThreadId id) {
		Thread thread = this.threads.findById(id).orElseThrow(() -> new ForumException.NotFound("thread.notFound"));
		this.spaces.get(actor, thread.space());
		ensureShownTo(thread, actor);
		return thread;
	}

	/**
	 * Whether the actor may open the thread: not hidden, or the actor moderates or
	 * started it.
	 */
	public static boolean isShownTo(Thread thread, Actor actor) {
		return !thread.hidden() || actor.isModerator() || thread.isStartedBy(actor);
	}

	private static void ensureShownTo(Thread thread, Actor actor) {
		if (!isShownTo(thread, actor)) {
			throw new ForumException.NotFound("thread.hidden");
		}
	}

	public ThreadPage open(Actor actor, String threadId, int page) {
		Thread thread = this.threads.findShown(new ThreadId(threadId))
			.orElseThrow(() -> new ForumException.NotFound("thread.notFound"));
		Space space = this.spaces.get(actor, thread.space());
		ensureShownTo(thread, actor);
		int p = Math.max(0, Math.min(page, thread.pageCount() - 1));
		return new ThreadPage(thread, space,
				this.posts.findPage(thread.id(), p).stream().map((post) -> post.readableBy(actor)).toList(), p);
	}

	/**
	 * A single post, with the same read check as its thread; a hidden or deleted text is
	 * withheld unless the actor may see it ({@link Post#readableBy}).
	 */
	public Post post(Actor actor, String postId) {
		PostId id = PostId.parse(postId);
		get(actor, id.thread());
		return this.posts.findById(id)
			.orElseThrow(() -> new ForumException.NotFound("post.notFound"))
			.readableBy(actor);
	}

	public Page<Thread> list(Actor actor, ThreadQuery query, int page, int size) {
		var readable = this.spaces.readableIds(actor);
		var allowed = query.spaces().isEmpty() ? readable
				: query.spaces().stream().filter(readable::contains).collect(java.util.stream.Collectors.toSet());
		// Hidden threads are listed to moderators only; a moderator's own filter stays.
		var q = new ThreadQuery(allowed, query.type(), query.state(), query.land(), query.tag(), query.author(),
				query.organisation(), query.sort(), actor.isModerator() ? query.hidden() : Boolean.FALSE);
		if (allowed.isEmpty()) {
			return new Page<>(List.of(), page, size, 0);
		}
		return this.threads.find(q, Math.max(0, page), size);
	}

	public PostId start(Actor actor, StartThread cmd) {
		Space space = this.spaces.get(actor, new SpaceId(requireText(cmd.space(), "space", "thread.space.required")));
		if (cmd.type() == null) {
			throw new ForumException.Invalid("type", "thread.type.required");
		}
		Thread.checkNewTitle(cmd.title());
		Markdown markdown = Markdown.of(cmd.markdown());
		Claimed claimed = claim(cmd.submissionId(), actor);
		if (claimed.earlier() != null) {
			return claimed.earlier();
		}
		try {
			if (claimed.takenOver() != null) {
				Optional<PostId> written = startedBefore(actor, cmd, space, markdown, claimed.takenOver());
				if (written.isPresent()) {
					complete(cmd.submissionId(), actor, written.get());
					return written.get();
				}
			}
			Instant now = this.clock.instant();
			Thread thread = Thread.start(ThreadId.random(), space.id(), cmd.type(), cmd.title(),
					Tags.normalize(cmd.tags()), cmd.lands(), actor, now);
			Post opening = newPost(thread.openingPost(), actor, markdown, null, now);
			// The post first: a thread never points at a post that is not there. These
			// writes do not wait for the journal; the change entry after them does.
			DeferredDurability.run(() -> {
				this.posts.insert(opening);
				this.threads.insert(thread);
				complete(cmd.submissionId(), actor, opening.id());
				return null;
			});
			publish(ChangeKind.THREAD_STARTED, thread, 1, actor);
			return opening.id();
		}
		catch (RuntimeException ex) {
			release(cmd.submissionId(), actor);
			throw ex;
		}
	}

	public PostId reply(Actor actor, Reply cmd) {
		Thread thread = get(actor, new ThreadId(requireText(cmd.thread(), "thread", "thread.notFound")));
		thread.ensureAcceptsReplies();
		if (thread.hidden() && !actor.isModerator()) {
			throw new ForumException.Conflict("thread.hidden.reply");
		}
		Markdown markdown = Markdown.of(cmd.markdown());
		if (cmd.quotes() != null && (cmd.quotes() < 1 || cmd.quotes() > thread.postCount())) {
			throw new ForumException.Invalid("quotes", "post.quote.invalid");
		}
		Claimed claimed = claim(cmd.submissionId(), actor);
		if (claimed.earlier() != null) {
			return claimed.earlier();
		}
		try {
			if (claimed.takenOver() != null) {
				Optional<PostId> written = repliedBefore(actor, thread.id(), markdown, claimed.takenOver());
				if (written.isPresent()) {
					complete(cmd.submissionId(), actor, written.get());
					return written.get();
				}
			}
			// These writes do not wait for the journal; the change entry after them does.
			Replied replied = DeferredDurability.run(() -> {
				Thread reserved;
				Post post;
				Instant now = this.clock.instant();
				int attempts = 0;
				do {
					if (++attempts > MAX_RETRIES * 4) {
						throw new ForumException.Conflict("thread.concurrentChange");
					}
					reserved = this.threads.reservePostNumber(thread.id(), actor.displayName(), now).orElseThrow(() -> {
						Thread current = this.threads.findById(thread.id())
							.orElseThrow(() -> new ForumException.NotFound("thread.notFound"));
						current.ensureAcceptsReplies();
						return new ForumException.Conflict("thread.closed");
					});
					post = newPost(new PostId(thread.id(), reserved.postCount()), actor, markdown, cmd.quotes(), now);
				}
				while (!this.posts.insertIfAbsent(post));
				complete(cmd.submissionId(), actor, post.id());
				// The change carries the version of the reservation, the reply's last
				// write to the thread: a thread whose version is ahead of its newest
				// change lost that change in a crash (ThreadCheck).
				return new Replied(reserved, post);
			});
			publish(ChangeKind.REPLY_POSTED, replied.reserved(), replied.post().number(), actor);
			return replied.post().id();
		}
		catch (RuntimeException ex) {
			release(cmd.submissionId(), actor);
			throw ex;
		}
	}

	public Post edit(Actor actor, EditPost cmd) {
		PostId id = PostId.parse(cmd.post());
		Thread thread = get(actor, id.thread());
		Post post = this.posts.findById(id).orElseThrow(() -> new ForumException.NotFound("post.notFound"));
		if (!post.isWrittenBy(actor) && !actor.isModerator()) {
			throw new ForumException.Forbidden("post.edit.forbidden");
		}
		if (!post.isVisible()) {
			throw new ForumException.Conflict("post.moderated");
		}
		thread.ensureEditableBy(actor);
		Markdown markdown = Markdown.of(cmd.markdown());
		int expected = (cmd.expectedRevision() != null) ? cmd.expectedRevision() : post.revision();
		if (expected != post.revision()) {
			throw new ForumException.Conflict("post.edit.stale");
		}
		if (markdown.equals(post.markdown())) {
			return post;
		}
		Instant now = this.clock.instant();
		// The text as it stands goes into the history first (the same, however often it
		// is written), then the post changes if it is still at the revision read: a
		// crash or a second editor between the two leaves nothing that blocks the next
		// edit or tells the history wrong. The thread's version moves before the text:
		// a crash after the text then leaves the search index behind the version, which
		// the index check on the next start catches (after the text and before the
		// version, nothing would have told the index).
		long version = this.threads.touch(id.thread());
		this.posts.archive(post);
		if (!this.posts.updateText(id, post.revision(), markdown, this.renderer.render(markdown), now, actor.id(),
				actor.displayName())) {
			throw new ForumException.Conflict("post.edit.stale");
		}
		publish(ChangeKind.POST_EDITED, thread, id.number(), actor, version);
		return this.posts.findById(id).orElseThrow();
	}

	public List<PostRevision> history(Actor actor, String postId) {
		Post post = post(actor, postId);
		if (!post.showsTextTo(actor)) {
			throw new ForumException.Forbidden("post.withheld");
		}
		if (post.revision() == 0) {
			return List.of(new PostRevision(post.id(), 0, post.markdown(), post.author(), post.authorName(),
					post.createdAt()));
		}
		return this.posts.findRevisions(post.id(), post.revision());
	}

	public Thread acceptAnswer(Actor actor, String postId) {
		PostId id = PostId.parse(postId);
		Post post = this.posts.findById(id).orElseThrow(() -> new ForumException.NotFound("post.notFound"));
		if (!post.isVisible()) {
			throw new ForumException.Conflict("post.moderated");
		}
		return change(actor, id.thread(), (t) -> t.acceptAnswer(id.number(), actor), ChangeKind.ANSWER_ACCEPTED,
				id.number());
	}

	public Thread unacceptAnswer(Actor actor, String threadId) {
		return change(actor, new ThreadId(threadId), (t) -> t.unacceptAnswer(actor), ChangeKind.ANSWER_UNACCEPTED, 0);
	}

	/**
	 * Marks or unmarks a post as "hilfreich"; one mark per member, not on one's own
	 * posts.
	 */
	public Post setHelpful(Actor actor, String postId, boolean helpful) {
		Post post = post(actor, postId);
		if (post.isWrittenBy(actor)) {
			throw new ForumException.Conflict("post.helpful.own");
		}
		if (post.isHelpfulFor(actor.id()) != helpful) {
			this.posts.setHelpful(post.id(), actor.id(), helpful);
			long version = this.threads.touch(post.id().thread());
			Thread thread = this.threads.findById(post.id().thread()).orElseThrow();
			publish(ChangeKind.HELPFUL_CHANGED, thread, post.number(), actor, version);
		}
		return this.posts.findById(post.id()).orElseThrow();
	}

	public Thread moderate(Actor actor, String threadId, ModerationAction action, String targetSpace) {
		ThreadId id = new ThreadId(threadId);
		return switch (action) {
			case PIN -> change(actor, id, (t) -> t.pin(actor, true), ChangeKind.THREAD_PINNED, 0);
			case UNPIN -> change(actor, id, (t) -> t.pin(actor, false), ChangeKind.THREAD_UNPINNED, 0);
			case CLOSE -> change(actor, id, (t) -> t.close(actor), ChangeKind.THREAD_CLOSED, 0);
			case REOPEN -> change(actor, id, (t) -> t.reopen(actor), ChangeKind.THREAD_REOPENED, 0);
			case LOCK -> change(actor, id, (t) -> t.lock(actor), ChangeKind.THREAD_LOCKED, 0);
			case MOVE -> {
				if (!actor.isModerator()) {
					throw new ForumException.Forbidden("thread.moderation.forbidden");
				}
				Space target = this.spaces.get(actor,
						new SpaceId(requireText(targetSpace, "space", "thread.space.required")));
				yield change(actor, id, (t) -> t.moveTo(target.id(), actor), ChangeKind.THREAD_MOVED, 0);
			}
		};
	}

	private Thread change(Actor actor, ThreadId id, java.util.function.UnaryOperator<Thread> move, ChangeKind kind,
			int postNumber) {
		for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
			Thread before = get(actor, id);
			Thread after = move.apply(before);
			if (this.threads.update(before, after)) {
				Thread saved = this.threads.findById(id).orElseThrow();
				publish(kind, saved, postNumber, actor);
				return saved;
			}
		}
		throw new ForumException.Conflict("thread.concurrentChange");
	}

	private Post newPost(PostId id, Actor actor, Markdown markdown, Integer quotes, Instant now) {
		SafeHtml html = this.renderer.render(markdown);
		String organisationName = organisationName(actor);
		return new Post(id, actor.id(), actor.displayName(), actor.username(), actor.organisation(), organisationName,
				actor.organisationKind(), markdown, html, now, null, null, 0, quotes, java.util.Set.of());
	}

	/**
	 * The name of the actor's organisation as a new post stores it, at most
	 * {@link #ORGANISATION_NAMES_KEPT} old: a lookup per post was one of a reply's round
	 * trips to the database, and organisations are renamed rarely.
	 */
	private String organisationName(Actor actor) {
		Instant now = Instant.now();
		KnownName known = this.organisationNames.get(actor.organisation());
		if (known == null || now.isAfter(known.fetched().plus(ORGANISATION_NAMES_KEPT))) {
			Optional<Organisation> organisation = this.organisations.findById(actor.organisation());
			if (organisation.isEmpty()) {
				// Not known yet (its first login records it): asked again next time.
				return actor.organisation().value();
			}
			known = new KnownName(organisation.get().name(), now);
			this.organisationNames.put(actor.organisation(), known);
		}
		return known.name();
	}

	private Claimed claim(String submissionId, Actor actor) {
		if (submissionId == null || submissionId.isBlank()) {
			return Claimed.NEW;
		}
		if (submissionId.length() > 64) {
			throw new ForumException.Invalid("submissionId", "form.token.invalid");
		}
		// Not journaled on its own: the action's change entry (or the release after a
		// refusal) is, and a repeated submit waits for the journal before it answers.
		return DeferredDurability
			.run(() -> this.submissions.claim(submissionId, actor.id(), this.clock.instant().minus(ABANDONED)))
			.map((claim) -> {
				if (claim.post().isPresent()) {
					return new Claimed(claim.post().get(), null);
				}
				if (claim.takenOver() != null) {
					return new Claimed(null, claim.takenOver());
				}
				// The first submit is still running: it will show the post; this one must
				// not write.
				throw new ForumException.Conflict("form.submitting");
			})
			.orElse(Claimed.NEW);
	}

	/**
	 * The opening post a stopped submit of the same form wrote; a thread it did not get
	 * to write is written now, with that post's id.
	 */
	private Optional<PostId> startedBefore(Actor actor, StartThread cmd, Space space, Markdown markdown,
			Instant since) {
		return writtenSince(actor, markdown, since, (id) -> id.number() == 1).map((post) -> {
			if (this.threads.findById(post.id().thread()).isEmpty()) {
				Thread thread = Thread.start(post.id().thread(), space.id(), cmd.type(), cmd.title(),
						Tags.normalize(cmd.tags()), cmd.lands(), actor, post.createdAt());
				this.threads.insert(thread);
				publish(ChangeKind.THREAD_STARTED, thread, 1, actor);
			}
			return post.id();
		});
	}

	/**
	 * The reply a stopped submit of the same form wrote in the thread, if it got so far.
	 */
	private Optional<PostId> repliedBefore(Actor actor, ThreadId thread, Markdown markdown, Instant since) {
		return writtenSince(actor, markdown, since, (id) -> id.thread().equals(thread) && id.number() > 1)
			.map(Post::id);
	}

	/**
	 * A post of the member with this text since a stopped submit claimed its token (the
	 * same form, so the same author and text), at a place {@code where} accepts.
	 */
	private Optional<Post> writtenSince(Actor actor, Markdown markdown, Instant since,
			java.util.function.Predicate<PostId> where) {
		return this.posts.findByAuthor(actor.id())
			.stream()
			.filter((post) -> where.test(post.id()) && !post.createdAt().isBefore(since)
					&& post.markdown().equals(markdown))
			.findFirst();
	}

	private void complete(String submissionId, Actor actor, PostId post) {
		if (submissionId != null && !submissionId.isBlank()) {
			this.submissions.complete(submissionId, actor.id(), post);
		}
	}

	private void release(String submissionId, Actor actor) {
		if (submissionId != null && !submissionId.isBlank()) {
			this.submissions.release(submissionId, actor.id());
		}
	}

	private void publish(ChangeKind kind, Thread thread, int postNumber, Actor actor) {
		publish(kind, thread, postNumber, actor, thread.version());
	}

	private void publish(ChangeKind kind, Thread thread, int postNumber, Actor actor, long version) {
		this.changes.publish(new ForumChange(null, kind, thread.id().value(), postNumber, thread.space().value(),
				actor.id().value(), version, this.clock.instant()));
	}

	/** An organisation's name and when it was read. */
	private record KnownName(String name, Instant fetched) {
	}

	/**
	 * The outcome of claiming a form's token: the post an earlier submit wrote, or the
	 * time a stopped submit claimed it (this one took it over), or neither (new).
	 */
	private record Claimed(PostId earlier, Instant takenOver) {

		static final Claimed NEW = new Claimed(null, null);

	}

	/** What a reply wrote before its change entry. */
	private record Replied(Thread reserved, Post post) {
	}

	private static String requireText(String value, String field, String code) {
		if (value == null || value.isBlank()) {
			throw new ForumException.Invalid(field, code);
		}
		return value.strip();
	}

}
