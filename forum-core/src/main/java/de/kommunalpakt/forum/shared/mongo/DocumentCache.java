package de.kommunalpakt.forum.shared.mongo;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Values read by {@code _id} from one collection and kept only while a change stream on
 * that collection is open.
 *
 * <ul>
 * <li>A write to a document drops its value on every instance through the stream (within
 * {@link #POLL_PAUSE} plus the stream's wait on the stand-in, which answers polls at
 * once; MongoDB pushes at once).</li>
 * <li>A write through this instance drops it at once ({@link #evict}), so a member sees
 * their own change on the next page.</li>
 * <li>While no stream is open (not yet, or broken and waiting to reopen), nothing is kept
 * and every read goes to the database.</li>
 * <li>A read that raced with a write is not kept: every drop moves a generation counter,
 * and a value is kept only if the counter did not move while it was read.</li>
 * </ul>
 * Bounded by {@code maxEntries} (Caffeine's size eviction keeps what is read most often).
 *
 * @param <V> the value derived from a document (immutable)
 */
public final class DocumentCache<V> {

	/**
	 * Pause after an empty poll. Longer than for live updates: a member's own writes drop
	 * their entries at once, and every poll is a round trip to the stand-in.
	 */
	public static final Duration POLL_PAUSE = Duration.ofMillis(250);

	private final Cache<String, V> values;

	private final AtomicLong generation = new AtomicLong();

	private final ChangeStreamFollower follower;

	private volatile boolean open;

	public DocumentCache(String name, MongoCollection<Document> collection, int maxEntries) {
		this.values = Caffeine.newBuilder().maximumSize(maxEntries).build();
		this.follower = new ChangeStreamFollower(name, POLL_PAUSE) {

			@Override
			protected void stream() {
				try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = collection.watch()
					.maxAwaitTime(AWAIT.toMillis(), TimeUnit.MILLISECONDS)
					.cursor()) {
					dropAll();
					DocumentCache.this.open = true;
					while (this.running) {
						ChangeStreamDocument<Document> event = next(cursor);
						if (event == null) {
							continue;
						}
						BsonValue id = (event.getDocumentKey() != null) ? event.getDocumentKey().get("_id") : null;
						if (id != null && id.isString()) {
							evict(id.asString().getValue());
						}
						else {
							// A drop, rename or invalidation: nothing known is certain.
							dropAll();
						}
					}
				}
				finally {
					DocumentCache.this.open = false;
					dropAll();
				}
			}

		};
		this.follower.start();
	}

	/**
	 * The kept value, or the one {@code load} reads (kept if nothing changed meanwhile).
	 */
	public V get(String id, Function<String, V> load) {
		V kept = this.values.getIfPresent(id);
		if (kept != null) {
			return kept;
		}
		long before = this.generation.get();
		V loaded = load.apply(id);
		if (loaded != null && this.open && this.generation.get() == before) {
			this.values.put(id, loaded);
			// A drop between the check and the put: take the value out again.
			if (this.generation.get() != before) {
				this.values.asMap().remove(id, loaded);
			}
		}
		return loaded;
	}

	/** Drops the value of one document; call after writing it. */
	public void evict(String id) {
		this.generation.incrementAndGet();
		this.values.invalidate(id);
	}

	/** Whether values are kept now (a stream is open). */
	public boolean isActive() {
		return this.open;
	}

	public void close() throws InterruptedException {
		this.follower.stop();
	}

	private void dropAll() {
		this.generation.incrementAndGet();
		this.values.invalidateAll();
	}

}
