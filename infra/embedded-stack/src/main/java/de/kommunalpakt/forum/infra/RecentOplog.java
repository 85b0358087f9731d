package de.kommunalpakt.forum.infra;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * The stand-in's oplog, kept in memory and ordered by timestamp: the entries of the last
 * {@link #KEEP}, at most {@link #MAX_ENTRIES} of them and at most {@link #MAX_BYTES} of
 * heap (estimated).
 * <p>
 * mongo-java-server's own oplog writes every entry into the collection
 * {@code local.oplog.rs} and answers each change stream poll by reading, filtering and
 * sorting that whole collection. With half a minute of entries under a posting load (some
 * 900 a second) every poll of every stream decoded tens of thousands of documents: most
 * of the stand-in's CPU while digests were built. Here a poll reads only the entries
 * after its stream's position, and an entry costs no write to the file.
 * <p>
 * Like MongoDB's capped oplog, the window is bounded, also by size: an entry holds what
 * was written, and a member's notification inbox (200 notifications) is written whole,
 * about 280 KB of heap a time. Bounded by count alone, a reply watched by many members
 * filled 350 MB with 1,213 such entries within the 30 s (the drill's Keycloak row ran out
 * of a 400 MB heap). A stream whose position has been trimmed away gets error 286
 * ({@code ChangeStreamHistoryLost}) instead of silently missing events, and opens a new
 * stream (the forum's followers do that, and drop what they kept). Nothing durable
 * depends on the oplog: search indexing, notifications and mail follow the forum's own
 * change log with checkpoints. Entries do not survive a restart, as no stream does.
 * <p>
 * Only the collections some change stream has watched since the start have their writes
 * kept, from the moment the first stream on them opened. The forum watches five small
 * ones (change log, threads, notification inboxes, watch settings, presence); its largest
 * writes go to collections no one watches: posts, a morning's 10,000 digest mails of a
 * few KB each and some 20,000 changes of the members' digest item documents, by estimate
 * enough to keep the window at its bounds for the whole morning, and what lives that long
 * ends up in the heap's old generation. A stream asking for a position from before its
 * collection was first watched gets error 286, as one whose entries were trimmed does.
 */
final class RecentOplog implements Oplog {

	/** How long entries are kept. */
	static final Duration KEEP = Duration.ofSeconds(30);

	/**
	 * At most this many entries are kept (an insert's entry holds the whole document):
	 * some 10 s of a four-writer posting load, far more than the forum's followers, who
	 * poll every 50 to 250 ms, fall behind.
	 */
	static final int MAX_ENTRIES = 10_000;

	/**
	 * At most this much heap (as {@link #heapBytes} estimates it) is held by entries: a
	 * tenth of the 448 MB of {@code ./forum start}, some 170 whole inbox writes.
	 */
	static final long MAX_BYTES = 48L << 20;

	/** MongoDB's code for a change stream whose resume point left the oplog. */
	static final int HISTORY_LOST = 286;

	private final MongoBackend backend;

	private final CursorRegistry cursors;

	private final Clock clock;

	private final int maxEntries;

	private final long maxBytes;

	/** Timestamp and estimated heap of each entry held, oldest first; under the lock. */
	private final java.util.ArrayDeque<long[]> sizes = new java.util.ArrayDeque<>();

	/** Estimated heap of the entries held; written under the lock. */
	private long bytes;

	private final UUID ui = UUID.randomUUID();

	/** By timestamp value; appended in that order under this object's lock. */
	private final ConcurrentSkipListMap<Long, Document> entries = new ConcurrentSkipListMap<>();

	/** Entries held; written under the lock. */
	private int size;

	/** The newest timestamp handed out (an entry's, or that of a trimmed one). */
	private volatile long newest;

	/** The newest timestamp trimmed away; streams positioned before it lost history. */
	private volatile long trimmed;

	/**
	 * The collections whose writes are kept, each with the newest timestamp handed out
	 * when a stream first watched it: entries up to that one were not kept. Added under
	 * this object's lock, so that no entry falls between.
	 */
	private final ConcurrentHashMap<String, Long> watched = new ConcurrentHashMap<>();

	RecentOplog(MongoBackend backend, CursorRegistry cursors) {
		this(backend, cursors, backend.getClock(), MAX_ENTRIES, MAX_BYTES);
	}

	RecentOplog(MongoBackend backend, CursorRegistry cursors, Clock clock, int maxEntries, long maxBytes) {
		this.backend = backend;
		this.cursors = cursors;
		this.clock = clock;
		this.maxEntries = maxEntries;
		this.maxBytes = maxBytes;
	}

	@Override
	public void handleInsert(String namespace, List<Document> documents) {
		if (!this.watched.containsKey(namespace)) {
			return;
		}
		List<Document> added = new ArrayList<>(documents.size());
		for (Document document : documents) {
			added.add(entry("i", namespace).append("o", document.cloneDeeply()));
		}
		append(added);
	}

	@Override
	public void handleUpdate(String namespace, Document selector, Document query, List<Object> modifiedIds) {
		if (!this.watched.containsKey(namespace)) {
			return;
		}
		List<Document> added = new ArrayList<>(modifiedIds.size());
		for (Object id : modifiedIds) {
			added.add(entry("u", namespace).append("o", query).append("o2", new Document("_id", id)));
		}
		append(added);
	}

	@Override
	public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
		if (!this.watched.containsKey(namespace)) {
			return;
		}
		List<Document> added = new ArrayList<>(deletedIds.size());
		for (Object id : deletedIds) {
			added.add(entry("d", namespace).append("o", new Document("_id", id)));
		}
		append(added);
	}

	@Override
	public void handleDropCollection(String namespace) {
		String database = Utils.getDatabaseNameFromFullName(namespace);
		String collection = Utils.getCollectionNameFromFullName(namespace);
		append(List.of(entry("c", database + ".$cmd").append("o", new Document("drop", collection))));
	}

	private Document entry(String op, String namespace) {
		return new Document().append("t", 1L)
			.append("h", 0L)
			.append("v", 2L)
			.append("op", op)
			.append("ns", namespace)
			.append("ui", this.ui)
			.append("wall", this.clock.instant());
	}

	/**
	 * Stamps and appends entries in timestamp order (a reader that saw an entry has seen
	 * every earlier one), then trims. Timestamps never go backwards, even if the clock
	 * does.
	 */
	private synchronized void append(List<Document> added) {
		if (added.isEmpty()) {
			return;
		}
		long seconds = this.clock.instant().getEpochSecond();
		for (Document entry : added) {
			long stamp = Math.max(this.newest + 1, (seconds << 32) | 1);
			entry.put("ts", new BsonTimestamp(stamp));
			long heap = heapBytes(entry);
			this.entries.put(stamp, entry);
			this.sizes.addLast(new long[] { stamp, heap });
			this.newest = stamp;
			this.size++;
			this.bytes += heap;
		}
		long oldestKept = (seconds - KEEP.toSeconds()) << 32;
		long[] first;
		while ((first = this.sizes.peekFirst()) != null
				&& (this.size > this.maxEntries || this.bytes > this.maxBytes || first[0] < oldestKept)) {
			this.sizes.removeFirst();
			this.entries.remove(first[0]);
			this.trimmed = first[0];
			this.size--;
			this.bytes -= first[1];
		}
	}

	/**
	 * Estimated heap of a value as the stand-in holds it: a document is a linked hash map
	 * (about 48 bytes per field besides its value), a string about 40 bytes plus one byte
	 * per Latin-1 character. Close enough to bound the window; it reads every field once.
	 */
	static long heapBytes(Object value) {
		if (value instanceof Map<?, ?> document) {
			long bytes = 96;
			for (Map.Entry<?, ?> field : document.entrySet()) {
				bytes += 48 + heapBytes(field.getKey()) + heapBytes(field.getValue());
			}
			return bytes;
		}
		if (value instanceof java.util.Collection<?> values) {
			long bytes = 40 + 8L * values.size();
			for (Object element : values) {
				bytes += heapBytes(element);
			}
			return bytes;
		}
		if (value instanceof String text) {
			return 40 + text.length();
		}
		if (value instanceof byte[] data) {
			return 16 + data.length;
		}
		return 24;
	}

	@Override
	public Cursor createCursor(Document changeStream, String namespace, Aggregation aggregation) {
		Document startAfter = (Document) changeStream.get("startAfter");
		Document resumeAfter = (Document) changeStream.get("resumeAfter");
		BsonTimestamp startAt = (BsonTimestamp) changeStream.get("startAtOperationTime");
		// Before the position is read: a stream starting now begins at or after it.
		long keptAfter = watchFrom(namespace);
		long position;
		if (startAfter != null) {
			position = tokenPosition(startAfter);
		}
		else if (resumeAfter != null) {
			position = tokenPosition(resumeAfter);
			if (droppedUpTo(position, namespace)) {
				return new Invalidated(position);
			}
		}
		else if (startAt != null) {
			// Inclusive: everything at or after the operation time.
			position = startAt.getValue() - 1;
		}
		else {
			position = this.newest;
		}
		if (position < keptAfter) {
			// Writes to the collection before its first stream were not kept.
			throw historyLost();
		}
		Tail cursor = new Tail(this.cursors.generateCursorId(), changeStream, namespace, aggregation, position);
		this.cursors.add(cursor);
		return cursor;
	}

	/**
	 * The newest timestamp not kept for the collection: from now on its writes are, if
	 * they were not yet.
	 */
	private synchronized long watchFrom(String namespace) {
		return this.watched.computeIfAbsent(namespace, (ns) -> this.newest);
	}

	/** Whether the collection was dropped at or before the resume position. */
	private boolean droppedUpTo(long position, String namespace) {
		Document drop = new Document("drop", Utils.getCollectionNameFromFullName(namespace));
		String commands = Utils.getDatabaseNameFromFullName(namespace) + ".$cmd";
		return this.entries.headMap(position, true)
			.values()
			.stream()
			.anyMatch((entry) -> "c".equals(entry.get("op")) && commands.equals(entry.get("ns"))
					&& drop.equals(entry.get("o")));
	}

	private static long tokenPosition(Document token) {
		return Long.parseLong((String) token.get("_data"), 16);
	}

	private static boolean inNamespace(Document entry, String namespace) {
		String ns = (String) entry.get("ns");
		if (ns.equals(namespace)) {
			return true;
		}
		return Utils.getDatabaseNameFromFullName(namespace).equals(Utils.getDatabaseNameFromFullName(ns))
				&& Utils.getCollectionNameFromFullName(ns).equals("$cmd");
	}

	private Document event(Document entry, Document changeStream) {
		BsonTimestamp ts = (BsonTimestamp) entry.get("ts");
		Document id = new Document("_data", Long.toHexString(ts.getValue()));
		Document o = (Document) entry.get("o");
		String op = (String) entry.get("op");
		if (op.equals("c")) {
			String type = o.keySet().iterator().next();
			return new Document().append("_id", id).append("operationType", type).append("clusterTime", ts);
		}
		Document key;
		Document full;
		String type;
		switch (op) {
			case "i" -> {
				type = "insert";
				key = new Document("_id", o.get("_id"));
				full = o;
			}
			case "u" -> {
				type = "update";
				key = (Document) entry.get("o2");
				full = updated(entry, changeStream);
			}
			case "d" -> {
				type = "delete";
				key = o;
				full = null;
			}
			default -> throw new IllegalStateException("Unbekannte Operation im Oplog: " + op);
		}
		String ns = (String) entry.get("ns");
		return new Document().append("_id", id)
			.append("operationType", type)
			.append("ns",
					new Document("db", Utils.getDatabaseNameFromFullName(ns)).append("coll",
							Utils.getCollectionNameFromFullName(ns)))
			.append("fullDocument", full)
			.append("documentKey", key)
			.append("clusterTime", ts);
	}

	/**
	 * An update's full document: the current one for {@code fullDocument: updateLookup},
	 * else the fields it set or unset (as mongo-java-server's own oplog answers).
	 */
	private Document updated(Document entry, Document changeStream) {
		Document update = (Document) entry.get("o");
		Document delta = new Document();
		if (update.get("$set") instanceof Document set) {
			delta.appendAll(set);
		}
		if (update.get("$unset") instanceof Document unset) {
			delta.appendAll(unset);
		}
		if (!"updateLookup".equals(changeStream.get("fullDocument"))) {
			return delta;
		}
		String ns = (String) entry.get("ns");
		Object id = ((Document) entry.get("o2")).get("_id");
		return this.backend.resolveDatabase(Utils.getDatabaseNameFromFullName(ns))
			.resolveCollection(Utils.getCollectionNameFromFullName(ns), true)
			.queryAllAsStream()
			.filter((d) -> id.equals(d.get("_id")))
			.findFirst()
			.orElse(delta);
	}

	/** A change stream: reads the entries after its position. */
	private final class Tail extends AbstractCursor {

		private final Document changeStream;

		private final String namespace;

		private final Aggregation aggregation;

		private long position;

		Tail(long id, Document changeStream, String namespace, Aggregation aggregation, long position) {
			super(id);
			this.changeStream = changeStream;
			this.namespace = namespace;
			this.aggregation = aggregation;
			this.position = position;
		}

		@Override
		public boolean isEmpty() {
			return false;
		}

		@Override
		public synchronized List<Document> takeDocuments(int numberToReturn) {
			long from = this.position;
			if (from < RecentOplog.this.trimmed) {
				throw historyLost();
			}
			ConcurrentNavigableMap<Long, Document> after = RecentOplog.this.entries.tailMap(this.position, false);
			if (after.isEmpty()) {
				return List.of();
			}
			// Read up to the newest entry now: entries appended meanwhile wait for the
			// next poll, so the position below covers exactly what was looked at.
			long upTo = after.lastKey();
			Stream<Document> events = after.headMap(upTo, true)
				.values()
				.stream()
				.filter((entry) -> inNamespace(entry, this.namespace))
				.map((entry) -> event(entry, this.changeStream));
			Stream<Document> matched = this.aggregation.runStagesAsStream(events);
			if (numberToReturn > 0) {
				matched = matched.limit(numberToReturn);
			}
			List<Document> out = matched.toList();
			if (numberToReturn > 0 && out.size() == numberToReturn) {
				// Cut by the batch size: go on after the last one returned.
				this.position = tokenPosition((Document) out.get(out.size() - 1).get("_id"));
			}
			else {
				// Every entry up to upTo was seen; those the pipeline filtered out need
				// no
				// second look.
				this.position = upTo;
			}
			if (from < RecentOplog.this.trimmed) {
				// Entries after the old position were trimmed while read: what was read
				// may have gaps.
				throw historyLost();
			}
			return out;
		}

	}

	private static MongoServerError historyLost() {
		return new MongoServerError(HISTORY_LOST, "ChangeStreamHistoryLost",
				"Die Position dieses Änderungsstroms ist nicht mehr im Oplog des Stand-ins");
	}

	/** A stream resumed after its collection was dropped: one invalidate event. */
	private static final class Invalidated extends AbstractCursor {

		private final long position;

		Invalidated(long position) {
			super(0);
			this.position = position;
		}

		@Override
		public boolean isEmpty() {
			return false;
		}

		@Override
		public List<Document> takeDocuments(int numberToReturn) {
			return List.of(new Document("_id", new Document("_data", Long.toHexString(this.position)))
				.append("operationType", "invalidate"));
		}

	}

}
