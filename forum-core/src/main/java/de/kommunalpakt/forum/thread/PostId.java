package de.kommunalpakt.forum.thread;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * Id of a post: its thread and its number in the thread (1 is the opening post). The
 * number gives the page, so a post is found without any search.
 *
 * @param thread the thread
 * @param number position in the thread, from 1
 */
public record PostId(ThreadId thread, int number) {

	/** Posts per thread page and per storage bucket. */
	public static final int PAGE_SIZE = 20;

	public PostId {
		if (thread == null || number < 1) {
			throw new ForumException.NotFound("post.notFound");
		}
	}

	/** Parses {@code <thread>-<number>}; malformed ids are "not found". */
	public static PostId parse(String value) {
		if (value == null) {
			throw new ForumException.NotFound("post.notFound");
		}
		int dash = value.lastIndexOf('-');
		if (dash < 1 || dash == value.length() - 1 || value.length() > 40) {
			throw new ForumException.NotFound("post.notFound");
		}
		try {
			return new PostId(new ThreadId(value.substring(0, dash)), Integer.parseInt(value.substring(dash + 1)));
		}
		catch (NumberFormatException ex) {
			throw new ForumException.NotFound("post.notFound");
		}
	}

	/** Zero-based thread page that shows this post. */
	public int page() {
		return (this.number - 1) / PAGE_SIZE;
	}

	/** HTML anchor of the post on its page. */
	public String anchor() {
		return "post-" + this.number;
	}

	@Override
	public String toString() {
		return this.thread.value() + "-" + this.number;
	}

}
