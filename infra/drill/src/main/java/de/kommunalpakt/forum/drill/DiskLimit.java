package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The stand-in's data folder on a size-limited file system (a tmpfs mounted by root), so
 * the drill can fill it for real: a filler file grows until the kernel answers "no space
 * left on device", and goes again when space is freed. Without root or mount, the disk
 * fault is skipped with the reason.
 */
final class DiskLimit implements AutoCloseable {

	private final Path dir;

	private final String reason;

	private final Path filler;

	private DiskLimit(Path dir, String reason) {
		this.dir = dir;
		this.reason = reason;
		this.filler = dir.resolve("drill-filler.bin");
	}

	static DiskLimit mount(Path dir, int megabytes) {
		if (!"root".equals(System.getProperty("user.name"))) {
			return new DiskLimit(dir, "ein begrenzter Datenordner braucht root (mount -t tmpfs)");
		}
		String failure = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()));
		return new DiskLimit(dir, (failure == null) ? null : "mount -t tmpfs misslang: " + failure);
	}

	boolean limited() {
		return this.reason == null;
	}

	String reason() {
		return this.reason;
	}

	/** Writes the filler until the file system is full. */
	void fill() throws IOException {
		byte[] block = new byte[1 << 20];
		try (OutputStream out = Files.newOutputStream(this.filler)) {
			while (true) {
				out.write(block);
			}
		}
		catch (IOException full) {
			// ENOSPC: the disk is full, which is the point.
		}
		System.out.printf("    Datenordner voll: %d MB frei%n", Files.getFileStore(this.dir).getUsableSpace() >> 20);
	}

	void free() throws IOException {
		Files.deleteIfExists(this.filler);
	}

	/**
	 * One more reply while the disk is full: the forum's words, if it refused with 503.
	 */
	Optional<String> sampleRefusal(ForumApi api, String token, String thread) throws IOException {
		ForumApi.Answer answer = api.reply(token, thread, "Probe bei vollem Datenträger " + WriteLoad.marker());
		if (answer.status() == 503 && answer.body() != null) {
			return Optional.of(answer.body().path("detail").asString());
		}
		return Optional.empty();
	}

	@Override
	public void close() {
		if (limited()) {
			run(List.of("umount", "-l", this.dir.toString()));
		}
	}

	/** Unmounts what an earlier drill left mounted below {@code path}. */
	static void unmountAll(Path path) throws IOException {
		List<String> mounted = new ArrayList<>();
		for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
			String[] fields = line.split(" ");
			if (fields.length > 1 && fields[1].startsWith(path.toAbsolutePath().toString())) {
				mounted.add(fields[1]);
			}
		}
		mounted.forEach((m) -> run(List.of("umount", "-l", m)));
	}

	/** Runs a command; null when it succeeded, else its output. */
	private static String run(List<String> command) {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes());
			if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
				return out.strip();
			}
			return null;
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ex.getMessage();
		}
	}

}
