package de.kommunalpakt.forum.infra;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.exception.MongoServerError;

/**
 * Refuses the stand-in's writes while its disk has less than a reserve free, with
 * MongoDB's own error ({@code 14031 OutOfDiskSpace}), which the forum answers with a
 * German 503. Without it, a write would reach H2 with the disk full, and H2 closes a
 * store whose write failed: the forum could then not write again until a restart, even
 * after space is freed. With it, writes work again as soon as the reserve is back.
 * <p>
 * The reserve is {@code forum.embedded.mongo.min-free-mb} (default 32 MB): far more than
 * one commit needs (kilobytes), so a write that passed the check finds room. The check is
 * one {@code statfs} per write command.
 */
final class DiskGuard {

	static final int OUT_OF_DISK_SPACE = 14031;

	private final FileStore disk;

	private final long reserveBytes;

	private DiskGuard(FileStore disk, long reserveBytes) {
		this.disk = disk;
		this.reserveBytes = reserveBytes;
	}

	static DiskGuard forStore(MVStore store) {
		long reserve = Long.getLong("forum.embedded.mongo.min-free-mb", 32) * 1024 * 1024;
		String name = (store.getFileStore() != null) ? store.getFileStore().getFileName() : null;
		if (name == null) {
			return new DiskGuard(null, reserve);
		}
		try {
			return new DiskGuard(Files.getFileStore(Path.of(name).toAbsolutePath().getParent()), reserve);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	boolean roomToWrite() {
		if (this.disk == null) {
			return true;
		}
		try {
			return this.disk.getUsableSpace() >= this.reserveBytes;
		}
		catch (IOException ex) {
			return false;
		}
	}

	void ensureRoomToWrite() {
		if (!roomToWrite()) {
			throw new MongoServerError(OUT_OF_DISK_SPACE, "OutOfDiskSpace",
					"less than " + (this.reserveBytes >> 20) + " MB free on the stand-in's disk; write refused");
		}
	}

}
