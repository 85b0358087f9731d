package de.kommunalpakt.forum.drill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Compares what the forum acknowledged with what it now serves: acknowledged posts it
 * cannot show (lost), search hits for text no post holds (ghost hits), counters that
 * disagree with the posts (post count, last page, accepted answer), and text it holds
 * that search does not find yet.
 */
public final class Consistency {

	private Consistency() {
	}

	/** What the check found. */
	public record Findings(int acknowledged, List<String> lost, List<String> ghostHits, List<String> wrongCounters,
			List<String> notFound) {

		public boolean consistent() {
			return this.lost.isEmpty() && this.ghostHits.isEmpty() && this.wrongCounters.isEmpty()
					&& this.notFound.isEmpty();
		}

		@Override
		public String toString() {
			return "bestätigt " + this.acknowledged + ", verloren " + this.lost.size() + " " + sample(this.lost)
					+ ", Geistertreffer " + this.ghostHits.size() + " " + sample(this.ghostHits) + ", falsche Zähler "
					+ this.wrongCounters + ", noch nicht gefunden " + this.notFound.size() + " "
					+ sample(this.notFound);
		}

		private static List<String> sample(List<String> items) {
			return items.subList(0, Math.min(5, items.size()));
		}

	}

	public static Findings check(ForumApi api, String token, String threadId, Map<String, String> acknowledged,
			Set<String> attempted) throws IOException {
		ForumApi.ThreadContent content = api.thread(token, threadId);
		Map<String, String> served = new HashMap<>();
		int highest = 0;
		for (JsonNode post : content.posts()) {
			highest = Math.max(highest, post.path("number").asInt());
			String marker = WriteLoad.markerOf(post.path("markdown").asString());
			if (marker != null) {
				served.put(marker, post.path("id").asString());
			}
		}
		List<String> lost = new ArrayList<>();
		for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
			ForumApi.Answer single = api.get(token, "/api/v1/posts/" + ack.getKey());
			boolean readable = single.ok() && single.body().path("markdown").asString().contains(ack.getValue());
			if (!readable || !ack.getKey().equals(served.get(ack.getValue()))) {
				lost.add(ack.getKey());
			}
		}
		List<String> wrong = new ArrayList<>();
		JsonNode thread = content.thread();
		int postCount = thread.path("postCount").asInt();
		if (postCount != highest) {
			wrong.add("postCount " + postCount + ", höchster Beitrag " + highest);
		}
		if (content.pageCount() > 0) {
			ForumApi.Answer last = api.get(token, "/api/v1/threads/" + threadId + "?page=" + (content.pageCount() - 1));
			if (!last.ok() || last.body().path("posts").isEmpty()) {
				wrong.add("letzte Seite " + content.pageCount() + " leer");
			}
		}
		String accepted = thread.path("acceptedPost").asString(null);
		if (accepted != null && !api.get(token, "/api/v1/posts/" + accepted).ok()) {
			wrong.add("akzeptierte Antwort " + accepted + " fehlt");
		}
		List<String> ghosts = new ArrayList<>();
		List<String> notFound = new ArrayList<>();
		for (String marker : attempted) {
			Optional<List<String>> hits = api.search(token, marker);
			if (hits.isEmpty()) {
				notFound.add(marker + " (Suche nicht verfügbar)");
				continue;
			}
			boolean hit = hits.get().contains(threadId);
			if (hit && !served.containsKey(marker)) {
				ghosts.add(marker);
			}
			else if (!hit && served.containsKey(marker)) {
				notFound.add(marker);
			}
		}
		return new Findings(acknowledged.size(), lost, ghosts, wrong, notFound);
	}

}
