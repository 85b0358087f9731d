package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;

/**
 * The stand-in's online backup, answered on its wire protocol so that a separate process
 * ({@code ./forum backup}) can ask the forum's JVM, which holds the store file open, for
 * a consistent copy: {@code db.adminCommand({forumBackup: "/abs/path/file.zip"})}.
 * <p>
 * A commit of the stand-in's H2 store is not a point in time while commands run: MVStore
 * collects the maps (collections, indexes) one after the other, and the stand-in writes a
 * document and its indexes without a transaction. Measured here: a copy made with H2's
 * own online backup ({@code FileStore.backup}) during four writers held a counter that
 * was updated after a document, but not the document. So every command passes a gate
 * (shared, so commands still run side by side) and the backup closes it for the commit
 * only: the commit then sees every command either done or not begun. While space reuse is
 * off MVStore only appends, so the file up to its end at that commit (and the header
 * blocks as they were then) stays as it is while it is copied, as H2's {@code BACKUP TO}
 * relies on; chunks written later lie beyond the copied end.
 * <p>
 * {@code StandInH2Backend} routes its commands through {@link #handleCommand}.
 */
public final class StandInBackup {

	/** The command's name; its value is the absolute path of the zip file to write. */
	public static final String COMMAND = "forumBackup";

	/**
	 * The name of the store file inside the zip (as H2 names it: the file's own name).
	 */
	static final String STORE_ENTRY = "forum.mv";

	/** MVStore's two header blocks of 4 KiB ({@code FileStore.BLOCK_SIZE}). */
	private static final int HEADER_BYTES = 2 * 4096;

	/**
	 * Commands that change nothing and may wait (a change stream's next batch): they do
	 * not hold the backup up.
	 */
	private static final Set<String> UNGATED = Set.of("getMore", "killCursors", "hello", "isMaster", "ismaster", "ping",
			"buildInfo", "buildinfo", "whatsmyuri", "endSessions");

	/** How long the backup waits for running commands to finish before it gives up. */
	private static final long GATE_TIMEOUT_SECONDS = 10;

	private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

	/**
	 * Answers the backup command, and runs every other command ({@code command}) inside
	 * the gate.
	 */
	public de.bwaldvogel.mongo.bson.Document handleCommand(MVStore store, String name, Document query,
			Supplier<Document> command) {
		if (COMMAND.equals(name)) {
			return backup(store, query);
		}
		if (UNGATED.contains(name)) {
			return command.get();
		}
		this.gate.readLock().lock();
		try {
			return command.get();
		}
		finally {
			this.gate.readLock().unlock();
		}
	}

	/**
	 * Writes the backup the command asks for and answers with its size. Refuses relative
	 * paths, files that exist and names not ending in {@code .zip}: whoever reaches the
	 * port (127.0.0.1 only) must not be able to overwrite arbitrary files.
	 */
	synchronized Document backup(MVStore store, Document command) {
		Object value = command.get(COMMAND);
		if (!(value instanceof String text) || text.isBlank()) {
			throw new MongoServerException(COMMAND + " needs the absolute path of a new .zip file");
		}
		Path target = Path.of(text);
		if (!target.isAbsolute() || !target.getFileName().toString().endsWith(".zip") || Files.exists(target)
				|| !Files.isDirectory(target.getParent())) {
			throw new MongoServerException(COMMAND
					+ ": the target must be an absolute path of a new .zip file in an existing folder: " + text);
		}
		long started = System.nanoTime();
		boolean reuse = store.isSpaceReused();
		store.setReuseSpace(false);
		long paused;
		long end;
		try (FileChannel file = FileChannel.open(Path.of(store.getFileStore().getFileName()),
				StandardOpenOption.READ)) {
			ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
			long[] size = new long[1];
			long closing = System.nanoTime();
			if (!this.gate.writeLock().tryLock(GATE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				throw new MongoServerException(
						COMMAND + ": commands did not finish within " + GATE_TIMEOUT_SECONDS + " s; try again");
			}
			try {
				store.commit();
				// Inside the store's own lock no chunk or header is being written.
				store.executeFilestoreOperation(() -> {
					size[0] = store.getFileStore().size();
					readFully(file, header, 0);
				});
			}
			finally {
				this.gate.writeLock().unlock();
			}
			paused = System.nanoTime() - closing;
			end = size[0];
			try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW);
					ZipOutputStream zip = new ZipOutputStream(out)) {
				// This runs in the forum's JVM while it serves: cheap compression.
				zip.setLevel(Deflater.BEST_SPEED);
				zip.putNextEntry(new ZipEntry(STORE_ENTRY));
				zip.write(header.array(), 0, (int) Math.min(HEADER_BYTES, end));
				if (end > HEADER_BYTES) {
					long position = HEADER_BYTES;
					var sink = Channels.newChannel(zip);
					while (position < end) {
						position += file.transferTo(position, end - position, sink);
					}
				}
				zip.closeEntry();
			}
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			try {
				Files.deleteIfExists(target);
			}
			catch (IOException ignored) {
				// The error below is what matters.
			}
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw (ex instanceof MongoServerException mse) ? mse
					: new MongoServerException(COMMAND + " failed: " + ex, ex);
		}
		finally {
			store.setReuseSpace(reuse);
		}
		Document result = new Document("file", target.toString());
		result.put("storeBytes", end);
		result.put("pausedMicros", paused / 1000);
		result.put("millis", (System.nanoTime() - started) / 1_000_000);
		result.put("ok", 1.0);
		return result;
	}

	private static void readFully(FileChannel file, ByteBuffer buffer, long position) {
		try {
			while (buffer.hasRemaining()) {
				if (file.read(buffer, position + buffer.position()) < 0) {
					break;
				}
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
