package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * A moderator who hides a few posts and shows them again, one decision after another,
 * while the other writers run: after a crash, every post must stand as the newest entry
 * of the audit log says (a decision whose write landed has its entry, one whose write did
 * not has none).
 */
final class ModerationLoad implements AutoCloseable {

	static final String REASON = "Übung: Moderation unter Last";

	private final ForumApi api;

	private final String token;

	private final List<String> posts;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger acknowledged = new AtomicInteger();

	/** The posts hidden as far as the answers tell. */
	private final Set<String> hidden = ConcurrentHashMap.newKeySet();

	private final Thread worker;

	ModerationLoad(ForumApi api, String token, List<String> posts) {
		this.api = api;
		this.token = token;
		this.posts = List.copyOf(posts);
		this.worker = Thread.ofPlatform().name("drill-moderator").start(this::run);
	}

	private void run() {
		int next = 0;
		while (this.running.get()) {
			String post = this.posts.get(next++ % this.posts.size());
			boolean hide = !this.hidden.contains(post);
			try {
				ForumApi.Answer answer = this.api.moderate(this.token, post, hide ? "HIDE" : "RESTORE", REASON);
				if (answer.ok()) {
					this.acknowledged.incrementAndGet();
				}
				if (answer.ok() || answer.status() == 409) {
					// 409: the post already stood so (a decision whose answer was lost).
					if (hide) {
						this.hidden.add(post);
					}
					else {
						this.hidden.remove(post);
					}
				}
			}
			catch (IOException ex) {
				// The forum is down: try again shortly.
				ForumProcess.sleep(200);
			}
		}
	}

	int acknowledged() {
		return this.acknowledged.get();
	}

	/**
	 * The posts whose state (from the thread as a moderator reads it) is not the one the
	 * newest audit entry about them names, each with both.
	 */
	static List<String> disagreements(ForumApi api, String token, String thread, List<String> posts)
			throws IOException {
		Map<String, String> states = new HashMap<>();
		for (JsonNode post : api.thread(token, thread).posts()) {
			states.put(post.path("id").asString(), post.path("state").asString());
		}
		List<String> wrong = new ArrayList<>();
		for (String post : posts) {
			ForumApi.Answer entries = api.get(token, "/api/v1/admin/audit?target=" + post + "&size=1");
			if (!entries.ok()) {
				throw new IOException("Prüfprotokoll nicht lesbar: " + entries.status());
			}
			JsonNode newest = entries.body().path("items").path(0);
			String logged = newest.isMissingNode() ? "sichtbar" : newest.path("after").asString();
			String state = states.getOrDefault(post, "?");
			boolean agrees = ("HIDDEN".equals(state) && "ausgeblendet".equals(logged))
					|| ("VISIBLE".equals(state) && "sichtbar".equals(logged));
			if (!agrees) {
				wrong.add(post + ": " + state + ", Protokoll „" + logged + "“");
			}
		}
		return wrong;
	}

	@Override
	public void close() {
		this.running.set(false);
		try {
			this.worker.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
