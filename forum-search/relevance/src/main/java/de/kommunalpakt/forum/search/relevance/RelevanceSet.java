package de.kommunalpakt.forum.search.relevance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The relevance set: questions as municipalities, Länder, the KSpV and IT providers ask
 * them ({@code relevance/threads.txt}), and queries with the ids of the threads that
 * answer them ({@code relevance/queries.txt}). Whoever indexes the threads scores a
 * search on them with {@link #score}.
 *
 * @param threads the threads by id, in file order
 * @param queries the queries, in file order
 */
public record RelevanceSet(Map<String, Thread> threads, List<Query> queries) {

	/** The set as this module ships it. */
	public static RelevanceSet load() {
		return new RelevanceSet(threads(lines("/relevance/threads.txt")), queries(lines("/relevance/queries.txt")));
	}

	/**
	 * Runs every query and scores the answer.
	 * @param search a query's text to the thread ids it finds, best first
	 * @return the score, with each query's outcome
	 */
	public RelevanceScore score(Function<String, List<String>> search) {
		RelevanceScore score = new RelevanceScore();
		for (Query query : this.queries) {
			score.add(query.text(), search.apply(query.text()), query.relevant());
		}
		return score;
	}

	/** One line a query: met or not, the query, the titles of its first three threads. */
	public List<String> report(RelevanceScore score) {
		return score.outcomes()
			.stream()
			.map((o) -> String.format("%s %-40s → %s", o.relevantInTop3() ? "✓" : "✗", o.query(),
					o.top3().stream().map((id) -> this.threads.get(id).title()).toList()))
			.toList();
	}

	/** A thread: title, opening post and replies, tags, Länder. */
	public record Thread(String title, List<String> posts, List<String> tags, List<String> lands) {
	}

	/** A query and the ids of the threads that answer it. */
	public record Query(String text, List<String> relevant) {
	}

	/**
	 * Reads the lines of {@code threads.txt}: "== id | tags | Länder", title, opening
	 * post, "--" replies.
	 */
	static Map<String, Thread> threads(List<String> lines) {
		Map<String, Thread> threads = new LinkedHashMap<>();
		String id = null;
		List<String> tags = List.of();
		List<String> lands = List.of();
		String title = null;
		List<String> posts = new ArrayList<>();
		StringBuilder post = new StringBuilder();
		for (String line : lines) {
			if (line.startsWith("== ")) {
				if (id != null) {
					posts.add(post.toString().strip());
					threads.put(id, new Thread(title, List.copyOf(posts), tags, lands));
				}
				String[] head = line.substring(3).split("\\|");
				id = head[0].strip();
				tags = List.of(head[1].strip().split(","));
				lands = List.of(head[2].strip().split(","));
				title = null;
				posts.clear();
				post.setLength(0);
			}
			else if (title == null) {
				title = line;
			}
			else if (line.equals("--")) {
				posts.add(post.toString().strip());
				post.setLength(0);
			}
			else {
				post.append(line).append('\n');
			}
		}
		if (id != null) {
			posts.add(post.toString().strip());
			threads.put(id, new Thread(title, List.copyOf(posts), tags, lands));
		}
		return threads;
	}

	/** Reads the lines of {@code queries.txt}: "query | relevant ids". */
	static List<Query> queries(List<String> lines) {
		return lines.stream().map((line) -> {
			int bar = line.lastIndexOf('|');
			return new Query(line.substring(0, bar).strip(), List.of(line.substring(bar + 1).strip().split(" +")));
		}).toList();
	}

	/** Non-empty lines without # comments. */
	static List<String> lines(String resource) {
		try (InputStream in = RelevanceSet.class.getResourceAsStream(resource)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((l) -> !l.isEmpty() && !l.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
