package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.SafeHtml;
import de.kommunalpakt.forum.shared.WriteEvidence;

/** Posts, found by their ids, which encode thread and position. */
public interface PostRepository {

	/** The posts of one zero-based thread page, in order. */
	List<Post> findPage(ThreadId thread, int page);

	Optional<Post> findById(PostId id);

	void insert(Post post);

	/**
	 * Writes the post unless its id is taken; the unique id is the arbiter when two
	 * writers reserved the same number (the MongoDB stand-in does not apply {@code $inc}
	 * atomically).
	 * @return false if a post with that id exists
	 */
	boolean insertIfAbsent(Post post);

	/**
	 * Writes many posts at once (imports, benchmark seeding); their threads must count
	 * them.
	 */
	void insertAll(List<Post> posts);

	/**
	 * Replaces text and HTML and increments the revision if it is still
	 * {@code expectedRevision}.
	 */
	boolean updateText(PostId id, int expectedRevision, Markdown markdown, SafeHtml html, Instant at, MemberId editor,
			String editorName);

	/** Adds or removes a "hilfreich" mark. */
	void setHelpful(PostId id, MemberId member, boolean helpful);

	/**
	 * Keeps the post's text as it stands in its history, as the revision it is at (before
	 * an edit replaces it); writing it again writes the same.
	 */
	void archive(Post post);

	/** The post's revisions from 0 up to {@code upToRevision}, oldest first. */
	List<PostRevision> findRevisions(PostId id, int upToRevision);

	/** Every post of a thread (for indexing a whole thread). */
	List<Post> findAll(ThreadId thread, int postCount);

	/**
	 * Which of the given post numbers exist, with what the thread document copies from
	 * them; one {@code _id $in} lookup, without the texts.
	 */
	List<Stamp> stamps(ThreadId thread, Collection<Integer> numbers);

	/**
	 * What a thread document copies from a post.
	 *
	 * @param number the post number
	 * @param author its author
	 * @param authorName display name of its author
	 * @param createdAt when it was written
	 */
	record Stamp(int number, MemberId author, String authorName, Instant createdAt) {
	}

	/**
	 * Hides a visible post, or shows a hidden one again ({@code null}); the text stays.
	 * Checked where it is written: a post deleted or hidden meanwhile (another moderator,
	 * its author) stays as it is.
	 * @return false if the post does not exist or is no longer in the state this needs
	 * (visible to hide, hidden to show)
	 */
	boolean setModeration(PostId id, PostModeration moderation);

	/**
	 * Evidence that {@link #setModeration} or {@link #erase} with {@code moderation}
	 * (null: shown again) landed.
	 */
	WriteEvidence moderationEvidence(PostId id, PostModeration moderation);

	/**
	 * Deletes a post's text for good: the text and HTML are replaced, every revision is
	 * removed, a tombstone with {@code moderation} stays so that numbers, links and
	 * quotes keep their place.
	 */
	void erase(PostId id, PostModeration moderation);

	/** Every post a member wrote (their data export; a scan, indexed in production). */
	List<Post> findByAuthor(MemberId author);

	/** Removes all posts of a thread and their revisions (the demo's reset). */
	void deleteThread(ThreadId thread);

}
