package de.kommunalpakt.forum.infra;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;

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
 */
final class StandInH2Backend extends H2Backend {

	private StandInH2Backend(MVStore store) {
		super(store);
	}

	/** Opens (or creates) the store file. */
	static StandInH2Backend open(String fileName) {
		return new StandInH2Backend(MVStore.open(fileName));
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
						new MVMap.Builder<KeyValue, Object>().keyType(KeyType.INSTANCE));
			return new KeyIndex(map, indexName, keys, sparse);
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
	 * H2's {@link ObjectDataType} for reading and writing, and its order without its
	 * cost. H2 orders a {@code KeyValue} by the bytes of its Java serialization. For the
	 * common key, one string of under 64 KiB (every {@code _id} of the forum), those
	 * bytes are the same for all keys up to the string, which follows as a two-byte
	 * length and modified UTF-8; comparing just that part gives the same order. Other
	 * keys are serialized as H2 does.
	 */
	static final class KeyType extends BasicDataType<Object> {

		static final KeyType INSTANCE = new KeyType();

		private final ObjectDataType objects = new ObjectDataType();

		@Override
		public int getMemory(Object key) {
			return this.objects.getMemory(key);
		}

		@Override
		public void write(WriteBuffer buffer, Object key) {
			this.objects.write(buffer, key);
		}

		@Override
		public Object read(ByteBuffer buffer) {
			return this.objects.read(buffer);
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
			return compare(a, stringBytes(a), b);
		}

		@Override
		public int binarySearch(Object key, Object storage, int size, int initialGuess) {
			byte[] searched = stringBytes(key);
			Object[] keys = (Object[]) storage;
			int low = 0;
			int high = size - 1;
			int x = initialGuess - 1;
			if (x < 0 || x > high) {
				x = high >>> 1;
			}
			while (low <= high) {
				int c = compare(key, searched, keys[x]);
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

		private int compare(Object a, byte[] aString, Object b) {
			byte[] bString = (aString != null) ? stringBytes(b) : null;
			if (aString != null && bString != null) {
				return ObjectDataType.compareNotNull(aString, bString);
			}
			return this.objects.compare(a, b);
		}

		/**
		 * The two-byte length and the modified UTF-8 of a key that is one string of under
		 * 64 KiB (as {@code DataOutput.writeUTF} writes it), or null for any other key.
		 */
		static byte[] stringBytes(Object key) {
			if (!(key instanceof KeyValue kv) || kv.size() != 1 || !(kv.get(0) instanceof String text)) {
				return null;
			}
			int length = 0;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				length += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF) ? 2 : 3;
			}
			if (length > 0xFFFF) {
				return null;
			}
			byte[] bytes = new byte[length + 2];
			bytes[0] = (byte) (length >>> 8);
			bytes[1] = (byte) length;
			int at = 2;
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c >= 0x0001 && c <= 0x007F) {
					bytes[at++] = (byte) c;
				}
				else if (c <= 0x07FF) {
					bytes[at++] = (byte) (0xC0 | (c >> 6));
					bytes[at++] = (byte) (0x80 | (c & 0x3F));
				}
				else {
					bytes[at++] = (byte) (0xE0 | (c >> 12));
					bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
					bytes[at++] = (byte) (0x80 | (c & 0x3F));
				}
			}
			return bytes;
		}

	}

}
