package de.kommunalpakt.forum.demo;

/**
 * The set-up step of the demo content ({@link de.kommunalpakt.forum.shared.SetupMarks}):
 * begun before the first start writes the first piece of demo content, finished after the
 * last. The local stack ({@code ./forum start}) checks it before the forum starts: a
 * first start that ended while loading (Strg-C, {@code kill -9}, a power cut) left the
 * demo half written, and the loaders, which look only whether their first kind of data is
 * there, would keep it so. That database is then emptied, and the demo loads afresh.
 */
public final class DemoSetup {

	/** The step's name. */
	public static final String STEP = "demo-content";

	private DemoSetup() {
	}

}
