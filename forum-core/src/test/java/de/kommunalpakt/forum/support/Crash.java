package de.kommunalpakt.forum.support;

/**
 * The process stopping at a chosen point: an {@link Error} that nothing in the code under
 * test catches, so the writes before it stay and nothing after it runs.
 */
public final class Crash extends Error {

	public Crash() {
		super("Absturz (Test)");
	}

}
