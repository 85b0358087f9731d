package de.kommunalpakt.forum.infra;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;

/**
 * How the stand-in's values are stored in its H2 file: documents as BSON (the format they
 * come in on the wire), {@code ObjectId}s as their twelve bytes and index keys of strings
 * and {@code ObjectId}s field by field, instead of H2's {@link ObjectDataType}, which
 * stores every object it does not know by Java serialization. Java serialization was the
 * stand-in's largest cost: every commit serializes the whole pages a write touched (with
 * a commit per write, about 40 % of a reply's time in the store), and every page read
 * from the file deserializes what it holds.
 * <p>
 * The order of keys is H2's ({@link ObjectDataType#compare}); only how a value is written
 * changes. Each value starts with a tag byte. {@link #OBJECT_ID}, {@link #KEY} and
 * {@link #BSON} are none of {@link ObjectDataType}'s tags (0 to 119), so files written
 * before keep opening: values without them are read as H2 wrote them, and are written
 * anew the next time their page is written. A value these forms cannot hold exactly is
 * written as H2 would.
 */
final class DocumentType extends BasicDataType<Object> {

	/** For data and index maps: keys, documents and positions. */
	static final DocumentType INSTANCE = new DocumentType();

	/** An {@code ObjectId}: twelve bytes follow. */
	static final byte OBJECT_ID = 125;

	/**
	 * An index key of strings and {@code ObjectId}s: the count, then each as
	 * {@link #OBJECT_ID} or {@link #STRING}.
	 */
	static final byte KEY = 126;

	/** A document: its BSON follows. */
	static final byte BSON = 127;

	/** A string inside a {@link #KEY}: length in characters, then H2's string data. */
	private static final byte STRING = 1;

	/**
	 * Bytes a value is assumed to take in the page cache besides its strings: a map, an
	 * entry, a boxed number.
	 */
	private static final int ENTRY_MEMORY = 48;

	private static final ObjectDataType OBJECTS = new ObjectDataType();

	private DocumentType() {
	}

	/**
	 * H2's order: strings and {@code ObjectId}s (every {@code _id} of the forum, the
	 * change log's and the oplog's) by their own order, as {@link ObjectDataType}
	 * compares two of the same kind; anything else by {@link #h2Compare}.
	 */
	@Override
	public int compare(Object a, Object b) {
		if (a instanceof String x && b instanceof String y) {
			return Integer.signum(x.compareTo(y));
		}
		if (a instanceof ObjectId x && b instanceof ObjectId y) {
			return x.compareTo(y);
		}
		return h2Compare(a, b);
	}

	/**
	 * {@link ObjectDataType#compare} on an instance of its own: the type remembers the
	 * last kind of object it saw, and one instance shared by threads and maps compared
	 * with the wrong kind ("Can not compare", seen once while seeding 10,000 posts).
	 */
	static int h2Compare(Object a, Object b) {
		return new ObjectDataType().compare(a, b);
	}

	@Override
	public void write(WriteBuffer buffer, Object value) {
		writeValue(buffer, value);
	}

	@Override
	public Object read(ByteBuffer buffer) {
		return readValue(buffer);
	}

	@Override
	public int getMemory(Object value) {
		return memory(value, 0);
	}

	@Override
	public Object[] createStorage(int size) {
		return new Object[size];
	}

	static void writeValue(WriteBuffer buffer, Object value) {
		if (value instanceof Document document) {
			ByteBuf bson = Unpooled.buffer(256);
			try {
				BsonEncoder.encodeDocument(document, bson);
			}
			catch (IllegalArgumentException unknownType) {
				OBJECTS.write(buffer, value);
				return;
			}
			buffer.put(BSON);
			buffer.put(bson.nioBuffer());
		}
		else if (value instanceof ObjectId id) {
			buffer.put(OBJECT_ID);
			buffer.put(id.toByteArray());
		}
		else if (value instanceof KeyValue key && isSimple(key)) {
			buffer.put(KEY);
			buffer.putVarInt(key.size());
			for (Object part : key) {
				if (part instanceof ObjectId id) {
					buffer.put(OBJECT_ID);
					buffer.put(id.toByteArray());
				}
				else {
					String text = (String) part;
					buffer.put(STRING);
					buffer.putVarInt(text.length());
					buffer.putStringData(text, text.length());
				}
			}
		}
		else {
			OBJECTS.write(buffer, value);
		}
	}

	static Object readValue(ByteBuffer buffer) {
		byte tag = buffer.get(buffer.position());
		if (tag == BSON) {
			buffer.get();
			ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice());
			Document document = BsonDecoder.decodeBson(bson);
			buffer.position(buffer.position() + bson.readerIndex());
			return document;
		}
		if (tag == OBJECT_ID) {
			buffer.get();
			return readObjectId(buffer);
		}
		if (tag == KEY) {
			buffer.get();
			int size = DataUtils.readVarInt(buffer);
			List<Object> parts = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				if (buffer.get() == OBJECT_ID) {
					parts.add(readObjectId(buffer));
				}
				else {
					parts.add(DataUtils.readString(buffer, DataUtils.readVarInt(buffer)));
				}
			}
			return new KeyValue(parts);
		}
		return OBJECTS.read(buffer);
	}

	private static ObjectId readObjectId(ByteBuffer buffer) {
		byte[] bytes = new byte[12];
		buffer.get(bytes);
		return new ObjectId(bytes);
	}

	/**
	 * A key of strings and {@code ObjectId}s only: read back, it is equal to the key and
	 * serializes to the same bytes, so its place in H2's order is the same.
	 */
	private static boolean isSimple(KeyValue key) {
		for (Object part : key) {
			if (!(part instanceof String) && !(part instanceof ObjectId)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * An estimate from the value's shape, as H2's own types estimate: strings at two
	 * bytes a character, other values and entries at a fixed size. It decides how many
	 * pages the cache keeps, so it must not be far below the heap they take.
	 */
	static int memory(Object value, int depth) {
		if (value instanceof String text) {
			return 40 + 2 * text.length();
		}
		if (depth > 32) {
			return ENTRY_MEMORY;
		}
		if (value instanceof Map<?, ?> map) {
			int total = ENTRY_MEMORY;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				total += ENTRY_MEMORY + memory(entry.getKey(), depth + 1) + memory(entry.getValue(), depth + 1);
			}
			return total;
		}
		if (value instanceof Collection<?> items) {
			int total = ENTRY_MEMORY;
			for (Object item : items) {
				total += 8 + memory(item, depth + 1);
			}
			return total;
		}
		if (value instanceof KeyValue key) {
			int total = ENTRY_MEMORY;
			for (Object part : key) {
				total += 8 + memory(part, depth + 1);
			}
			return total;
		}
		return ENTRY_MEMORY;
	}

}
