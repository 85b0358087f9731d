package de.kommunalpakt.forum.infra;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stand-in's H2 file backend with its unique-index keys compared without Java
 * serialization, in the same file format, so data folders written before still open.
 * <p>
 * H2 orders keys it does not know (the stand-in's {@code KeyValue}) by the bytes of their
 * Java serialization and serializes both sides of every comparison: some 35
 * serializations for one {@code _id} lookup among 100,000, half of the stand-in's time
 * for a thread page. {@link KeyType} gives exactly the same order.
 * <p>
 * The page cache stays at H2's default (16 MB): a 256 MB cache in the forum's heap made
 * young collections take 100 to 200 ms instead of about 40 (SerialGC, thread page bench).
 * <p>
 * A write command is answered only after H2 has committed it ({@link GroupCommit}); H2's
 * own background commit is off. Pages are compressed (LZF): with a commit per write the
 * chunks are small and many, and compressed they took a quarter of the space in a
 * measurement of reply writes (older uncompressed pages stay readable).
 */
final class StandInH2Backend extends H2Backend {

	private static final Logger log = LoggerFactory.getLogger(StandInH2Backend.class);

	/**
	 * Commands that change nothing: they run without waiting for a commit. Every other
	 * command is treated as a write (a command unknown here costs a commit that finds
	 * nothing to write, never a lost write).
	 */
	private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
			"listindexes", "listdatabases", "dbstats", "collstats", "validate", "ping", "buildinfo", "serverstatus",
			"whatsmyuri", "ismaster", "hello", "killcursors", "endsessions", "getlasterror", "reseterror",
			"connectionstatus", "hostinfo", "getcmdlineopts", "getfreemonitoringstatus", "getlog", "replsetgetstatus",
			"getparameter", "explain");

	/**
	 * How often {@link EmbeddedMongo.Durability#COMMIT} forces the file to disk, if
	 * anything was written.
	 */
	static final long SYNC_INTERVAL_MILLIS = 10;

	/**
	 * At most this long a write answered before its commit ({@code j: false}) waits for
	 * one (MongoDB flushes its journal every 100 ms).
	 */
	static final long DEFERRED_COMMIT_MILLIS = 20;

	/** The stand-in said once that it keeps no non-unique index. */
	private volatile boolean secondaryIndexNoted;

	/**
	 * How long a chunk of the file that no longer holds live data stays before its space
	 * is used again (H2's default is 45 s, meant for disks that flush late and for reads
	 * of old versions). Here every write is forced to disk within milliseconds and every
	 * command registers the version it reads ({@link #onVersionInUse}); with a commit per
	 * write, 45 s of dead chunks would be most of the file.
	 */
	static final int RETENTION_MILLIS = 2_000;

	/**
	 * How often housekeeping runs: rewrite sparse chunks, move chunks to shrink the file.
	 */
	static final long HOUSEKEEPING_MILLIS = 250;

	/**
	 * Bytes of live pages rewritten per housekeeping run while commands write. The next
	 * commit writes them, and writers wait for it: 256 KB every 250 ms put the p99 of a
	 * reply's six writes at 4 writers from about 150 ms to 1 s; so little while busy, and
	 * the rest when idle.
	 */
	static final int REWRITE_BYTES = 64 * 1024;

	/** Bytes of live pages rewritten per housekeeping run while no one writes. */
	static final int IDLE_REWRITE_BYTES = 4 * 1024 * 1024;

	/**
	 * Fewer commands than this per housekeeping run (reads included, no write) count as
	 * idle: about 100 a second, above what a connected forum's change stream and
	 * checkpoint polls send, far below a reading user load.
	 */
	static final int IDLE_COMMANDS = 25;

	/**
	 * Bytes of live pages rewritten at a time while no one writes, up to
	 * {@link #IDLE_REWRITE_BYTES} per housekeeping run: a write that begins meanwhile
	 * waits for one step at most.
	 */
	static final int IDLE_STEP_BYTES = 256 * 1024;

	/** Bytes of chunks moved per housekeeping run (only while idle). */
	static final int MOVE_BYTES = 16 * 1024 * 1024;

	/** Bytes of chunks moved at a time, up to {@link #MOVE_BYTES} per run. */
	static final int MOVE_STEP_BYTES = 1024 * 1024;

	/**
	 * Housekeeping works while less than this percentage of the chunks is live (H2's
	 * default).
	 */
	static final int TARGET_FILL_RATE = 90;

	private final GroupCommit commits;

	/** Refuses writes before the disk is full (see {@link DiskGuard}). */
	private final DiskGuard disk;

	/** Online backups ({@code ./forum backup}), answered on the wire protocol. */
	private final StandInBackup backup = new StandInBackup();

	/** Held by a backup for its whole copy; housekeeping skips its run meanwhile. */
	private final java.util.concurrent.locks.ReentrantLock housekeepingPause = new java.util.concurrent.locks.ReentrantLock();

	private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor((r) -> {
		java.lang.Thread t = new java.lang.Thread(r, "mongo-store-maintenance");
		t.setDaemon(true);
		return t;
	});

	/** Commands begun, reads included: housekeeping's measure of idleness. */
	private final java.util.concurrent.atomic.AtomicLong commandsBegun = new java.util.concurrent.atomic.AtomicLong();

	/** Write commands begun (idle housekeeping stops between its steps when one has). */
	private final java.util.concurrent.atomic.AtomicLong writesBegun = new java.util.concurrent.atomic.AtomicLong();

	/** Commands begun at the last housekeeping run. */
	private long commandsAtLastHousekeeping;

	/**
	 * Finished writes at the last housekeeping run: none since is one sign of idleness.
	 */
	private long writesAtLastHousekeeping = -1;

	private StandInH2Backend(MVStore store, EmbeddedMongo.Durability durability) {
		super(store);
		this.commits = new GroupCommit(store, durability);
		this.disk = DiskGuard.forStore(store);
		store.setRetentionTime(RETENTION_MILLIS);
		// Writes answered before their commit (j: false) are committed within this
		// interval if no acknowledged write commits them first.
		this.maintenance.scheduleWithFixedDelay(this::commitDeferredQuietly, DEFERRED_COMMIT_MILLIS,
				DEFERRED_COMMIT_MILLIS, TimeUnit.MILLISECONDS);
		if (durability == EmbeddedMongo.Durability.COMMIT) {
			this.maintenance.scheduleWithFixedDelay(this::syncQuietly, SYNC_INTERVAL_MILLIS, SYNC_INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
		}
		if (store.getFileStore() instanceof RandomAccessStore) {
			this.maintenance.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS,
					TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * What MVStore's background thread did besides committing (it is off, see
	 * {@link #open}). With a commit per write, each chunk of the file holds the pages of
	 * one or a few writes, and a chunk stays as long as one of its pages is live (say the
	 * leaf of a collection that no later write touches): the file grows by about a chunk
	 * per stranded page. Housekeeping rewrites the live pages of sparse chunks, so whole
	 * chunks become free and their space is used again, a little at a time while commands
	 * write (the rewrite holds H2's store lock, so commits wait for it), more while no
	 * one writes; then it also moves chunks together and truncates the file, which
	 * commits, so only while no command writes. While idle it works in steps and stops
	 * when a write command begins, so that the write waits for one step, not for the
	 * whole run.
	 */
	private void housekeeping() {
		if (!this.housekeepingPause.tryLock()) {
			return;
		}
		try {
			if (!this.disk.roomToWrite()) {
				return;
			}
			MVStore store = getMvStore();
			RandomAccessStore file = (RandomAccessStore) store.getFileStore();
			// Idle means no write and hardly a read: the heavy rewrite and the chunk
			// moves compete with readers for CPU, disk and the page cache (a read-only
			// load such as the thread page bench looked idle when only writes counted).
			// A connected forum's own polls stay below IDLE_COMMANDS.
			long writes = this.commits.finishedWrites();
			long commands = this.commandsBegun.get();
			boolean idle = writes == this.writesAtLastHousekeeping
					&& commands - this.commandsAtLastHousekeeping < IDLE_COMMANDS;
			if (!idle) {
				if (file.getChunksFillRate() < TARGET_FILL_RATE) {
					this.commits.write(() -> store.compact(TARGET_FILL_RATE, REWRITE_BYTES));
				}
			}
			else {
				// In steps, each holding the lock on its own, until a write command
				// begins: a write that came in the middle of 4 MB at once waited for all
				// of it (a single insert up to 116 ms instead of about 10 ms when it came
				// 300 to 400 ms after a burst of writes).
				long writesBegun = this.writesBegun.get();
				for (int rewritten = 0; rewritten < IDLE_REWRITE_BYTES && this.writesBegun.get() == writesBegun
						&& file.getChunksFillRate() < TARGET_FILL_RATE; rewritten += IDLE_STEP_BYTES) {
					if (!this.commits.write(() -> store.compact(TARGET_FILL_RATE, IDLE_STEP_BYTES))) {
						break;
					}
				}
				for (int moved = 0; moved < MOVE_BYTES && this.writesBegun.get() == writesBegun
						&& file.getFillRate() < TARGET_FILL_RATE; moved += MOVE_STEP_BYTES) {
					this.commits.exclusive(() -> file.compactMoveChunks(TARGET_FILL_RATE, MOVE_STEP_BYTES, store));
				}
			}
			this.writesAtLastHousekeeping = this.commits.finishedWrites();
			this.commandsAtLastHousekeeping = this.commandsBegun.get();
		}
		catch (RuntimeException ex) {
			// The store is closed; the next write reports it.
		}
		finally {
			this.housekeepingPause.unlock();
		}
	}

	private void commitDeferredQuietly() {
		try {
			this.commits.commitDeferred();
		}
		catch (RuntimeException ex) {
			// The store is closed; the next write reports it.
		}
	}

	private void syncQuietly() {
		try {
			this.commits.syncIfWritten();
		}
		catch (RuntimeException ex) {
			// The store is closed; the next write reports it.
		}
	}

	/**
	 * Opens (or creates) the store file. MVStore's own commits are off: its background
	 * thread would commit once a second, and a write filling its buffer would commit in
	 * the middle of a command; every commit is {@link GroupCommit}'s.
	 */
	static StandInH2Backend open(String fileName, EmbeddedMongo.Durability durability) {
		MVStore store = new MVStore.Builder().fileName(fileName)
			.autoCommitDisabled()
			.autoCommitBufferSize(0)
			.compress()
			.open();
		return new StandInH2Backend(store, durability);
	}

	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		this.commandsBegun.incrementAndGet();
		if (StandInBackup.COMMAND.equals(command)) {
			// Housekeeping moves chunks and truncates the file: never while it is copied.
			this.housekeepingPause.lock();
			try {
				return this.backup.handleCommand(getMvStore(), command, query, () -> null);
			}
			finally {
				this.housekeepingPause.unlock();
			}
		}
		// Inside the backup's gate, so a backup sees every command either whole and
		// committed or not begun.
		return this.backup.handleCommand(getMvStore(), command, query, () -> {
			if (isRead(command, query)) {
				return onVersionInUse(() -> super.handleCommand(channel, databaseName, command, query));
			}
			this.disk.ensureRoomToWrite();
			this.writesBegun.incrementAndGet();
			if (journalNotAwaited(query)) {
				return this.commits.writeDeferred(
						() -> onVersionInUse(() -> super.handleCommand(channel, databaseName, command, query)));
			}
			return this.commits
				.write(() -> onVersionInUse(() -> super.handleCommand(channel, databaseName, command, query)));
		});
	}

	/**
	 * Whether the client's write concern says {@code j: false}: MongoDB then answers
	 * before the journal has the write; the stand-in before the commit (see
	 * {@link GroupCommit#writeDeferred}).
	 */
	static boolean journalNotAwaited(Document query) {
		return query.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
	}

	/**
	 * Runs a command with the store's current version registered as in use, so that the
	 * chunks it reads are not overwritten before it ends, however short the retention
	 * time (H2 does this for its own transactions; plain map reads do not).
	 */
	private <T> T onVersionInUse(Supplier<T> command) {
		MVStore.TxCounter inUse = getMvStore().registerVersionUsage();
		try {
			return command.get();
		}
		finally {
			getMvStore().deregisterVersionUsage(inUse);
		}
	}

	/** An aggregation writes only with an {@code $out} or {@code $merge} stage. */
	private static boolean isRead(String command, Document query) {
		String name = command.toLowerCase(Locale.ROOT);
		if (name.equals("aggregate")) {
			return !(query.get("pipeline") instanceof List<?> stages) || stages.stream()
				.noneMatch(
						(stage) -> stage instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
		}
		return READS.contains(name);
	}

	@Override
	public void close() {
		// No interrupt: H2 closes its file when a thread is interrupted in the middle of
		// writing.
		this.maintenance.shutdown();
		try {
			this.maintenance.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
		// Waits for write commands in flight; MVStore commits on close.
		this.commits.exclusive(super::close);
	}

	/**
	 * The oplog in memory ({@link RecentOplog}). The collection {@code local.oplog.rs}
	 * that earlier versions kept in the file is dropped.
	 */
	@Override
	protected Oplog createOplog() {
		MongoDatabase local = resolveDatabase("local");
		if (local.resolveCollection("oplog.rs", false) != null) {
			this.commits.write(() -> {
				local.dropCollection("oplog.rs", NoopOplog.get());
				return null;
			});
		}
		return new RecentOplog(this, getCursorRegistry());
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		// The store is set before H2Backend's constructor opens the existing databases.
		return new Database(databaseName, getMvStore(), getCursorRegistry());
	}

	/**
	 * H2's database with the index maps opened on {@link KeyType}. An inner class:
	 * H2Database opens its indexes in its constructor, before a field of a subclass is
	 * set, while the reference to the backend (and its store) already is.
	 */
	private final class Database extends H2Database {

		Database(String name, MVStore store, de.bwaldvogel.mongo.backend.CursorRegistry cursors) {
			super(name, store, cursors);
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			// The same map name as H2Database's, so existing indexes are found.
			MVMap<KeyValue, Object> map = StandInH2Backend.this.getMvStore()
				.openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
						new MVMap.Builder<KeyValue, Object>().keyType(KeyType.INSTANCE)
							.valueType(DocumentType.INSTANCE));
			return new KeyIndex(map, indexName, keys, sparse);
		}

		/**
		 * mongo-java-server keeps no index without a unique key and warned once for each,
		 * some 20 lines at every start of the forum. One line says it now.
		 */
		@Override
		protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			if (!StandInH2Backend.this.secondaryIndexNoted) {
				// Not a final field: H2Database opens existing indexes before it is set.
				StandInH2Backend.this.secondaryIndexNoted = true;
				log.info("Der MongoDB-Stand-in führt Indizes ohne Eindeutigkeit nicht (zuerst {} in {}); "
						+ "Abfragen nach ihren Feldern durchsuchen die Sammlung. MongoDB in Produktion führt sie.",
						indexName, collectionName);
			}
			else {
				log.debug("Index ohne Eindeutigkeit {} in {} nicht geführt", indexName, collectionName);
			}
			return new EmptyIndex<>(indexName, keys);
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			// H2Database's map names, so existing collections are found; the documents
			// on DocumentType (BSON) instead of Java serialization.
			String fullName = getFullCollectionNamespace(collectionName);
			MVStore store = StandInH2Backend.this.getMvStore();
			MVMap<Object, Document> data = store.openMap("databases." + fullName,
					new MVMap.Builder<Object, Document>().keyType(DocumentType.INSTANCE)
						.valueType(DocumentType.INSTANCE));
			MVMap<String, Object> meta = store.openMap("meta." + fullName);
			return new KeyedCollection(this, collectionName, options, data, meta,
					StandInH2Backend.this.getCursorRegistry());
		}

	}

	/**
	 * H2's collection, with one more way to an index: a query that names {@code _id} with
	 * a plain value, at its top level or in a top-level {@code $and}, reads the one
	 * document with that id and checks the rest of the query on it, as MongoDB does. The
	 * stand-in itself uses an index only for a query of exactly the index's fields, so
	 * {@code {_id: x, version: 3}} or the driver's {@code $and} of two conditions (a
	 * conditional update) read the whole collection, document by document. A range of
	 * {@code ObjectId}s on {@code _id} alone reads only its stretch of the data map
	 * ({@link #idRange}).
	 */
	static final class KeyedCollection extends H2Collection {

		private final MVMap<Object, Document> data;

		/**
		 * Set while this thread runs an update of this kind of collection: the documents
		 * it reads are copies (see {@link #updateDocuments}).
		 */
		private static final ThreadLocal<Boolean> UPDATING = ThreadLocal.withInitial(() -> Boolean.FALSE);

		KeyedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
				MVMap<String, Object> meta, de.bwaldvogel.mongo.backend.CursorRegistry cursors) {
			super(database, name, options, data, meta, cursors);
			this.data = data;
		}

		/**
		 * Updates a copy of each document and stores the copy, instead of changing the
		 * stored document in place. mongo-java-server changes the very object the data
		 * map holds (removes and puts its fields), while a query that found the same
		 * object a moment earlier encodes it for its answer outside the collection's
		 * lock: the reader could get a document half old and half new (a new
		 * {@code version} with the old {@code items}), and a writer that checks the
		 * version would then write back what it never saw. A stored document is now never
		 * changed; readers keep the one they found. The copy is shallow: the update
		 * builds its new values on a deep copy of its own and only puts and removes
		 * top-level fields of the document it found, so the values the stored document
		 * shares with the copy are never changed either.
		 */
		@Override
		public synchronized Document updateDocuments(Document selector, Document update,
				de.bwaldvogel.mongo.backend.ArrayFilters arrayFilters, boolean multi, boolean upsert, Oplog oplog) {
			return updating(() -> super.updateDocuments(selector, update, arrayFilters, multi, upsert, oplog));
		}

		/** As {@link #updateDocuments}: the document found is changed as a copy. */
		@Override
		public synchronized Document findAndModify(Document query) {
			return updating(() -> super.findAndModify(query));
		}

		private static <T> T updating(Supplier<T> update) {
			UPDATING.set(Boolean.TRUE);
			try {
				return update.get();
			}
			finally {
				UPDATING.set(Boolean.FALSE);
			}
		}

		/** The stored document, or while updating a copy of it. */
		@Override
		protected Document getDocument(Object position) {
			Document document = super.getDocument(position);
			return (document != null && UPDATING.get()) ? new Document(document) : document;
		}

		/**
		 * No running total of the documents' size. The stand-in kept one per collection:
		 * every insert and delete encoded the whole document as BSON to measure it, every
		 * update both the old and the new one, and each wrote the total into the
		 * collection's meta map, one more map for the next commit to write. In a reduced
		 * {@code ./forum bench-mail} run these encodings were a tenth of the stand-in's
		 * allocations while the digests went out. Only {@code collStats} and
		 * {@code validate} report the size, and the forum calls neither; they measure it
		 * when asked ({@link #getStats}, {@link #validate}).
		 */
		@Override
		protected boolean tracksDataSize() {
			return false;
		}

		@Override
		public Document getStats() {
			Document stats = super.getStats();
			long size = measuredSize();
			int count = ((Number) stats.get("count")).intValue();
			stats.put("size", (int) Math.min(size, Integer.MAX_VALUE));
			stats.put("avgObjSize", (count > 0) ? (int) (size / count) : 0);
			return stats;
		}

		@Override
		public Document validate() {
			Document result = super.validate();
			result.put("datasize", measuredSize());
			return result;
		}

		/** The BSON size of every document, summed: read and encoded one by one. */
		private long measuredSize() {
			long size = 0;
			io.netty.buffer.ByteBuf buffer = io.netty.buffer.Unpooled.buffer();
			try {
				for (Document document : this.data.values()) {
					buffer.clear();
					de.bwaldvogel.mongo.wire.bson.BsonEncoder.encodeDocument(document, buffer);
					size += buffer.writerIndex();
				}
			}
			finally {
				buffer.release();
			}
			return size;
		}

		@Override
		protected de.bwaldvogel.mongo.backend.QueryResult matchDocuments(Document query, Document orderBy,
				int numberToSkip, int numberToReturn, int batchSize, Document fieldSelector) {
			Object id = idEquality(query);
			if (id != null) {
				Document byId = new Document("_id", id);
				for (Index<Object> index : getIndexes()) {
					if (index.canHandle(byId)) {
						// Through getDocument: copies while an update runs.
						return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, numberToReturn,
								batchSize, fieldSelector);
					}
				}
			}
			de.bwaldvogel.mongo.backend.QueryResult found = matchWithoutIndex(query, orderBy, numberToSkip,
					numberToReturn, batchSize, fieldSelector);
			if (!UPDATING.get()) {
				return found;
			}
			// What an update found by a range or a scan (which read the stored documents
			// themselves, not through getDocument), as copies.
			List<Document> copies = new java.util.ArrayList<>();
			found.forEach((document) -> copies.add(new Document(document)));
			return new de.bwaldvogel.mongo.backend.QueryResult(copies, found.getCursorId());
		}

		private de.bwaldvogel.mongo.backend.QueryResult matchWithoutIndex(Document query, Document orderBy,
				int numberToSkip, int numberToReturn, int batchSize, Document fieldSelector) {
			IdRange range = idRange(query);
			if (range != null && !isNaturalDescending(orderBy)) {
				// The documents from the lower to the upper bound, in the map's order,
				// each checked against the whole query: a reader of the change log asking
				// for what came after its checkpoint read the whole log, under the
				// collection's lock that every append waits for.
				Cursor<Object, Document> cursor = this.data.cursor(range.from(), range.to(), false);
				Iterator<Document> documents = new Iterator<>() {

					@Override
					public boolean hasNext() {
						return cursor.hasNext();
					}

					@Override
					public Document next() {
						cursor.next();
						return cursor.getValue();
					}

				};
				return matchDocumentsFromStream(StreamSupport
					.stream(Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false), query, orderBy,
						numberToSkip, numberToReturn, batchSize, fieldSelector);
			}
			return super.matchDocuments(query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
		}

		/**
		 * Bounds of {@code _id} (either may be open).
		 *
		 * @param from the lowest {@code _id} that may match, or {@code null}
		 * @param to the highest {@code _id} that may match, or {@code null}
		 */
		record IdRange(ObjectId from, ObjectId to) {
		}

		/**
		 * The range a query of nothing but {@code $gt}, {@code $gte}, {@code $lt} and
		 * {@code $lte} of {@code ObjectId}s on {@code _id} allows (the change log's and
		 * its readers' queries), or {@code null}. The data map orders {@code ObjectId}s
		 * by their bytes, as MongoDB does ({@link DocumentType#compare}), and such a
		 * condition matches only {@code ObjectId}s: every document it matches lies
		 * between the bounds in the map.
		 */
		static IdRange idRange(Document query) {
			if (query == null || query.size() != 1 || !(query.get("_id") instanceof Document condition)
					|| condition.isEmpty()) {
				return null;
			}
			ObjectId from = null;
			ObjectId to = null;
			for (Map.Entry<String, Object> bound : condition.entrySet()) {
				if (!(bound.getValue() instanceof ObjectId id)) {
					return null;
				}
				switch (bound.getKey()) {
					case "$gt", "$gte" -> from = (from == null || id.compareTo(from) > 0) ? id : from;
					case "$lt", "$lte" -> to = (to == null || id.compareTo(to) < 0) ? id : to;
					default -> {
						return null;
					}
				}
			}
			return new IdRange(from, to);
		}

		/**
		 * The value the query requires {@code _id} to equal, or {@code null}: a plain
		 * value (no operator document) at the top level or in a top-level {@code $and}.
		 */
		static Object idEquality(Document query) {
			if (query == null) {
				return null;
			}
			Object id = plain(query.get("_id"));
			if (id != null) {
				return id;
			}
			if (query.get("$and") instanceof List<?> conditions) {
				for (Object condition : conditions) {
					if (condition instanceof Document part && (id = plain(part.get("_id"))) != null) {
						return id;
					}
				}
			}
			return null;
		}

		private static Object plain(Object value) {
			if (value == null || value instanceof java.util.regex.Pattern) {
				return null;
			}
			if (value instanceof Document document && document.keySet().stream().anyMatch((k) -> k.startsWith("$"))) {
				return null;
			}
			return value;
		}

	}

	/** A unique index on an H2 map, as the stand-in's own, but on {@link KeyType}. */
	private static final class KeyIndex extends AbstractUniqueIndex<Object> {

		private final MVMap<KeyValue, Object> map;

		KeyIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
			super(name, keys, sparse);
			this.map = map;
		}

		@Override
		protected Object removeDocument(KeyValue key) {
			return this.map.remove(key);
		}

		@Override
		protected boolean putKeyPosition(KeyValue key, Object position) {
			return this.map.putIfAbsent(key, de.bwaldvogel.mongo.backend.Missing.ofNullable(position)) == null;
		}

		@Override
		protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
			return this.map.entrySet();
		}

		@Override
		protected Object getPosition(KeyValue key) {
			return this.map.get(key);
		}

		@Override
		public long getCount() {
			return this.map.sizeAsLong();
		}

		@Override
		public boolean isEmpty() {
			return this.map.isEmpty();
		}

		@Override
		public long getDataSize() {
			return getCount();
		}

	}

	/**
	 * Index keys in H2's order without its cost, stored as {@link DocumentType} stores
	 * them. H2 orders a {@code KeyValue} by the bytes of its Java serialization. For the
	 * common key, one string of under 64 KiB (every {@code _id} of the forum), those
	 * bytes are the same for all keys up to the string, which follows as a two-byte
	 * length and modified UTF-8; comparing that part, computed from the characters
	 * without building the bytes, gives the same order. The same holds for one
	 * {@code ObjectId} (the change log's and the oplog's {@code _id}): its twelve bytes
	 * are the only difference. Other keys are compared by serializing them, as H2 does.
	 */
	static final class KeyType extends BasicDataType<Object> {

		static final KeyType INSTANCE = new KeyType();

		@Override
		public int getMemory(Object key) {
			return DocumentType.memory(key, 0);
		}

		/** Written without Java serialization where it can be ({@link DocumentType}). */
		@Override
		public void write(WriteBuffer buffer, Object key) {
			DocumentType.writeValue(buffer, key);
		}

		@Override
		public Object read(ByteBuffer buffer) {
			return DocumentType.readValue(buffer);
		}

		@Override
		public Object[] createStorage(int size) {
			return new Object[size];
		}

		@Override
		public int compare(Object a, Object b) {
			if (a == b) {
				return 0;
			}
			String text = singleString(a);
			return compare(a, text, (text != null) ? utfLength(text) : -1, b);
		}

		@Override
		public int binarySearch(Object key, Object storage, int size, int initialGuess) {
			String searched = singleString(key);
			int searchedLength = (searched != null) ? utfLength(searched) : -1;
			Object[] keys = (Object[]) storage;
			int low = 0;
			int high = size - 1;
			int x = initialGuess - 1;
			if (x < 0 || x > high) {
				x = high >>> 1;
			}
			while (low <= high) {
				int c = compare(key, searched, searchedLength, keys[x]);
				if (c > 0) {
					low = x + 1;
				}
				else if (c < 0) {
					high = x - 1;
				}
				else {
					return x;
				}
				x = (low + high) >>> 1;
			}
			return -(low + 1);
		}

		/**
		 * Compares as H2 compares the serialized keys, without serializing when both are
		 * one string of under 64 KiB: first the two-byte length of the modified UTF-8,
		 * then its bytes, which at the first differing character order as {@link #rank}
		 * does.
		 */
		private int compare(Object a, String aText, int aLength, Object b) {
			if (aText == null) {
				ObjectId aId = singleObjectId(a);
				ObjectId bId = (aId != null) ? singleObjectId(b) : null;
				if (bId != null) {
					// Two serializations that differ only in the twelve bytes, compared
					// unsigned as H2 compares serialized bytes, which is ObjectId's
					// order.
					return aId.compareTo(bId);
				}
			}
			if (aText != null && aLength <= 0xFFFF) {
				String bText = singleString(b);
				int bLength = (bText != null) ? utfLength(bText) : -1;
				if (bText != null && bLength <= 0xFFFF) {
					if (aLength != bLength) {
						return (aLength < bLength) ? -1 : 1;
					}
					int n = Math.min(aText.length(), bText.length());
					for (int i = 0; i < n; i++) {
						char x = aText.charAt(i);
						char y = bText.charAt(i);
						if (x != y) {
							return (rank(x) < rank(y)) ? -1 : 1;
						}
					}
					return Integer.compare(aText.length(), bText.length());
				}
			}
			return DocumentType.h2Compare(a, b);
		}

		/**
		 * A character's place in the order of its modified UTF-8 bytes: the code unit's
		 * own order (one, two and three bytes keep it), except {@code U+0000}, written as
		 * the two bytes {@code C0 80}, which comes after {@code U+007F} and before
		 * {@code U+0080} ({@code C2 80}).
		 */
		private static int rank(char c) {
			return (c == 0) ? 0x7F * 2 + 1 : c * 2;
		}

		/** The key's only value if it is a string, else null. */
		private static String singleString(Object key) {
			return (key instanceof KeyValue kv && kv.size() == 1 && kv.get(0) instanceof String text) ? text : null;
		}

		/** The key's only value if it is an ObjectId, else null. */
		private static ObjectId singleObjectId(Object key) {
			return (key instanceof KeyValue kv && kv.size() == 1 && kv.get(0) instanceof ObjectId id) ? id : null;
		}

		/** The length of the modified UTF-8 {@code DataOutput.writeUTF} writes. */
		private static int utfLength(String text) {
			int length = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				length += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF) ? 2 : 3;
			}
			return length;
		}

	}

}
