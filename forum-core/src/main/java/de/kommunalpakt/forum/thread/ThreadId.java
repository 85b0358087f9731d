package de.kommunalpakt.forum.thread;

import java.util.regex.Pattern;

import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Ids;

/**
 * Id of a thread: ten characters from a look-alike-free alphabet, no dashes (so a post id
 * {@code <thread>-<number>} splits unambiguously).
 *
 * @param value the id
 */
public record ThreadId(String value) {

	private static final Pattern VALID = Pattern.compile("[a-z0-9]{6,20}");

	public ThreadId {
		if (value == null || !VALID.matcher(value).matches()) {
			throw new ForumException.NotFound("thread.notFound");
		}
	}

	public static ThreadId random() {
		return new ThreadId(Ids.random(10));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
