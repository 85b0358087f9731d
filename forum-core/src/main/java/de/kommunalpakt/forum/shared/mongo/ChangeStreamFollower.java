package de.kommunalpakt.forum.shared.mongo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change stream on its own daemon thread, opened again with backoff (250 ms up to 5
 * s) when it fails. Subclasses open the cursor in {@link #stream()} and read it with
 * {@link #next} until {@link #running} turns false.
 */
public abstract class ChangeStreamFollower implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ChangeStreamFollower.class);

	/** How long MongoDB waits for an event before a {@code getMore} answers empty. */
	public static final Duration AWAIT = Duration.ofMillis(200);

	/** Pause after an immediate empty answer for live updates: bounds their latency. */
	public static final Duration LIVE_PAUSE = Duration.ofMillis(50);

	protected volatile boolean running = true;

	private final java.lang.Thread thread;

	private final long emptyPauseMillis;

	/**
	 * @param name the thread's name
	 * @param emptyPause how long to wait after an immediate empty answer: the added
	 * latency of an event, against the cost of a poll (a round trip to the stand-in)
	 */
	protected ChangeStreamFollower(String name, Duration emptyPause) {
		this.thread = new java.lang.Thread(this, name);
		this.thread.setDaemon(true);
		this.emptyPauseMillis = emptyPause.toMillis();
	}

	/** Opens the stream and reads it while {@link #running}; may throw to be reopened. */
	protected abstract void stream();

	public void start() {
		this.thread.start();
	}

	public void stop() throws InterruptedException {
		this.running = false;
		this.thread.interrupt();
		this.thread.join(2000);
	}

	@Override
	public void run() {
		long backoff = 250;
		while (this.running) {
			try {
				stream();
				backoff = 250;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Änderungsstrom {} unterbrochen, neuer Versuch in {} ms: {}", this.thread.getName(), backoff,
						ex.toString());
				try {
					java.lang.Thread.sleep(backoff);
				}
				catch (InterruptedException ie) {
					return;
				}
				backoff = Math.min(backoff * 2, 5000);
			}
		}
	}

	/**
	 * The next event or null. MongoDB waits up to {@code maxAwaitTime} for one; a server
	 * that answers at once with nothing (the embedded stand-in) would make this loop
	 * spin, so an empty answer that came back quickly is followed by a short pause.
	 */
	protected ChangeStreamDocument<Document> next(MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor) {
		long started = System.nanoTime();
		ChangeStreamDocument<Document> event = cursor.tryNext();
		if (event == null && System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(20)) {
			try {
				java.lang.Thread.sleep(this.emptyPauseMillis);
			}
			catch (InterruptedException ex) {
				java.lang.Thread.currentThread().interrupt();
			}
		}
		return event;
	}

}
