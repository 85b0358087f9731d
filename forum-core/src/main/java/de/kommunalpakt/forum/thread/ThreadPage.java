package de.kommunalpakt.forum.thread;

import java.util.List;

import de.kommunalpakt.forum.space.Space;

/**
 * What a thread page shows.
 *
 * @param thread the thread
 * @param space its space
 * @param posts the posts on this page
 * @param page zero-based page number
 */
public record ThreadPage(Thread thread, Space space, List<Post> posts, int page) {

	public ThreadPage {
		posts = List.copyOf(posts);
	}

	public int pageCount() {
		return this.thread.pageCount();
	}

}
