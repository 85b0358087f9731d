package de.kommunalpakt.forum.thread;

import java.util.Set;

import de.kommunalpakt.forum.organisation.LandCode;

/** The commands of the thread use cases: bound from forms and JSON, never entities. */
public final class ThreadCommands {

	private ThreadCommands() {
	}

	/**
	 * Start a thread.
	 *
	 * @param space target space id
	 * @param type thread type
	 * @param title title
	 * @param markdown opening post
	 * @param tags tags
	 * @param lands Länder the thread is about
	 * @param submissionId form token against double submits (optional)
	 */
	public record StartThread(String space, ThreadType type, String title, String markdown, Set<String> tags,
			Set<LandCode> lands, String submissionId) {

		public StartThread {
			tags = (tags != null) ? tags : Set.of();
			lands = (lands != null) ? lands : Set.of();
		}

	}

	/**
	 * Reply to a thread.
	 *
	 * @param thread thread id
	 * @param markdown reply text
	 * @param quotes number of a quoted post (optional)
	 * @param submissionId form token against double submits (optional)
	 */
	public record Reply(String thread, String markdown, Integer quotes, String submissionId) {
	}

	/**
	 * Edit a post.
	 *
	 * @param post post id
	 * @param markdown new text
	 * @param expectedRevision the revision the editor started from (optional)
	 */
	public record EditPost(String post, String markdown, Integer expectedRevision) {
	}

	/** Moderator moves. */
	public enum ModerationAction {

		PIN, UNPIN, CLOSE, REOPEN, LOCK, MOVE

	}

}
