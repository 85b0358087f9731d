package de.kommunalpakt.forum.drill;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writers that post replies into one thread over the API, each carrying a word of its own
 * (a marker), and readers that open the thread and search meanwhile. It records every
 * marker it sent and which of them the forum acknowledged ({@code 201} with the post's
 * id): what the consistency check compares the forum with afterwards.
 */
public final class WriteLoad implements AutoCloseable {

	private static final String ALPHABET = "bcdfghjklmnpqrstvwxz";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ForumApi api;

	private final String threadId;

	private final List<String> tokens;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Thread> workers = new ArrayList<>();

	private final Set<String> attempted = ConcurrentHashMap.newKeySet();

	private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

	private final List<Ack> acks = Collections.synchronizedList(new ArrayList<>());

	private final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicInteger reads = new AtomicInteger();

	private final AtomicInteger readErrors = new AtomicInteger();

	/**
	 * Starts one writer per token and {@code readers} readers (with the first token).
	 */
	public WriteLoad(ForumApi api, String threadId, List<String> tokens, int readers) {
		this.api = api;
		this.threadId = threadId;
		this.tokens = List.copyOf(tokens);
		for (int i = 0; i < tokens.size(); i++) {
			String token = tokens.get(i);
			int writer = i;
			this.workers.add(Thread.ofPlatform().name("drill-writer-" + i).start(() -> write(writer, token)));
		}
		for (int i = 0; i < readers; i++) {
			this.workers.add(Thread.ofPlatform().name("drill-reader-" + i).start(this::read));
		}
	}

	/**
	 * A word no dictionary splits and no typo of another marker reaches: ten random
	 * consonants (20^10 possibilities).
	 */
	static String marker() {
		StringBuilder word = new StringBuilder("zq");
		for (int i = 0; i < 10; i++) {
			word.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return word.toString();
	}

	/** The marker of a post's markdown, if it has one. */
	static String markerOf(String markdown) {
		for (String word : markdown.split("[^a-z]+")) {
			if (word.length() == 12 && word.startsWith("zq")) {
				return word;
			}
		}
		return null;
	}

	private void write(int writer, String token) {
		while (this.running.get()) {
			String marker = marker();
			this.attempted.add(marker);
			try {
				long sent = System.nanoTime();
				ForumApi.Answer answer = this.api.reply(token, this.threadId,
						"Rückmeldung aus der Übung: Kennwort " + marker + ". Der Antrag ist bei uns eingegangen.");
				if (answer.status() == 201 && answer.body() != null) {
					this.acknowledged.put(answer.body().path("id").asString(), marker);
					this.acks.add(new Ack(writer, marker, sent, System.nanoTime()));
				}
				else {
					this.refusals.computeIfAbsent(answer.status(), (s) -> new AtomicInteger()).incrementAndGet();
					ForumProcess.sleep(100);
				}
			}
			catch (Exception ex) {
				// The forum is down (the fault): count and try again shortly.
				this.failures.incrementAndGet();
				ForumProcess.sleep(100);
			}
		}
	}

	private void read() {
		String token = this.tokens.get(0);
		while (this.running.get()) {
			try {
				boolean ok = this.api.get(token, "/api/v1/threads/" + this.threadId).ok();
				List<String> recent = List.copyOf(this.acknowledged.values());
				if (!recent.isEmpty()) {
					ok &= this.api.search(token, recent.get(RANDOM.nextInt(recent.size()))).isPresent();
				}
				this.reads.incrementAndGet();
				if (!ok) {
					this.readErrors.incrementAndGet();
				}
			}
			catch (Exception ex) {
				this.readErrors.incrementAndGet();
				ForumProcess.sleep(100);
			}
		}
	}

	/** Stops writers and readers and waits for their last request. */
	@Override
	public void close() {
		this.running.set(false);
		for (Thread worker : this.workers) {
			try {
				worker.join(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * One acknowledged reply.
	 *
	 * @param writer the index of the writer's token
	 * @param marker its marker
	 * @param sentNanos {@link System#nanoTime()} when the request went out
	 * @param ackNanos when the {@code 201} arrived
	 */
	public record Ack(int writer, String marker, long sentNanos, long ackNanos) {

		public long millis() {
			return (this.ackNanos - this.sentNanos) / 1_000_000;
		}

	}

	/** Every acknowledged reply, in the order the answers arrived. */
	public List<Ack> acks() {
		synchronized (this.acks) {
			return List.copyOf(this.acks);
		}
	}

	/** Markers sent, acknowledged or not. */
	public Set<String> attempted() {
		return Set.copyOf(this.attempted);
	}

	/** Post id to marker, for every {@code 201}. */
	public Map<String, String> acknowledged() {
		return Map.copyOf(this.acknowledged);
	}

	/** Answers other than 201, by status. */
	public Map<Integer, Integer> refusals() {
		Map<Integer, Integer> counts = new java.util.TreeMap<>();
		this.refusals.forEach((status, n) -> counts.put(status, n.get()));
		return counts;
	}

	/** Requests that got no answer at all. */
	public int failures() {
		return this.failures.get();
	}

	public int reads() {
		return this.reads.get();
	}

	public int readErrors() {
		return this.readErrors.get();
	}

}
