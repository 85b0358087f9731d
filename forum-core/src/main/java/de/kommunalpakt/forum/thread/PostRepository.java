package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.SafeHtml;

/** Posts, found by their ids, which encode thread and position. */
public interface PostRepository {

	/** The posts of one zero-based thread page, in order. */
	List<Post> findPage(ThreadId thread, int page);

	Optional<Post> findById(PostId id);

	void insert(Post post);

	/**
	 * Replaces text and HTML and increments the revision if it is still
	 * {@code expectedRevision}.
	 */
	boolean updateText(PostId id, int expectedRevision, Markdown markdown, SafeHtml html, Instant at,
			String editorName);

	/** Adds or removes a "hilfreich" mark. */
	void setHelpful(PostId id, MemberId member, boolean helpful);

	void insertRevision(PostRevision revision);

	List<PostRevision> findRevisions(PostId id, int upToRevision);

	/** Every post of a thread (for indexing a whole thread). */
	List<Post> findAll(ThreadId thread, int postCount);

}
