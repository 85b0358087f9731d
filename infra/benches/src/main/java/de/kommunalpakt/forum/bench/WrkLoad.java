package de.kommunalpakt.forum.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadId;

/**
 * Thread pages and searches loaded by wrk (Debian package {@code wrk}) from its own
 * process, so the load generator neither shares the server's heap and garbage collector
 * nor costs much CPU. Thread pages carry the session cookie of the Keycloak login (a Lua
 * script picks a random thread and page per request), searches the member's bearer token.
 */
final class WrkLoad {

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(\\d+)%\\s+([\\d.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private WrkLoad() {
	}

	static boolean available() {
		return Files.isExecutable(Path.of("/usr/bin/wrk"));
	}

	static String threadPages(HttpClient client, String base, List<ThreadId> ids, int postsPerThread, int connections,
			int seconds, Path work) throws Exception {
		String cookie = client.cookieHandler()
			.orElseThrow()
			.get(URI.create(base + "/"), java.util.Map.of())
			.getOrDefault("Cookie", List.of(""))
			.get(0);
		int pages = Math.max(1, (postsPerThread + PostId.PAGE_SIZE - 1) / PostId.PAGE_SIZE);
		Path script = work.resolve("thread-pages.lua");
		Files.writeString(script, """
				local ids = {%s}
				math.randomseed(os.time())
				wrk.headers["Cookie"] = "%s"
				request = function()
				  local id = ids[math.random(#ids)]
				  return wrk.format("GET", "/t/" .. id .. "?seite=" .. math.random(%d))
				end
				""".formatted(ids.stream().map((id) -> "'" + id.value() + "'").collect(Collectors.joining(",")), cookie,
				pages), StandardCharsets.UTF_8);
		return measure(script, base, connections, seconds,
				"Themenseite (HTML, 20 Beiträge), " + connections + " Verbindungen, wrk");
	}

	/**
	 * {@code /api/v1/search} with the member's bearer token, the queries in turn, each
	 * with facets and highlighting as the API always answers.
	 */
	static String search(String base, String token, List<String> queries, int connections, int seconds, Path work)
			throws Exception {
		Path script = work.resolve("search.lua");
		Files.writeString(script,
				"""
						local queries = {%s}
						wrk.headers["Authorization"] = "Bearer %s"
						local i = 0
						request = function()
						  i = i + 1
						  return wrk.format("GET", "/api/v1/search?q=" .. queries[(i %% #queries) + 1])
						end
						""".formatted(queries.stream()
					.map((q) -> "'" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8) + "'")
					.collect(Collectors.joining(",")), token),
				StandardCharsets.UTF_8);
		return measure(script, base, connections, seconds,
				"Suche `/api/v1/search` mit Facetten und Hervorhebung, " + connections + " Verbindungen, wrk");
	}

	private static String measure(Path script, String base, int connections, int seconds, String label)
			throws Exception {
		// Warm-up, then the measured run.
		run(List.of("/usr/bin/wrk", "-t2", "-c" + connections, "-d" + BenchMain.warmup + "s", "-s", script.toString(),
				base));
		BenchMain.untilCompiled(
				() -> run(List.of("/usr/bin/wrk", "-t2", "-c" + connections, "-d10s", "-s", script.toString(), base)));
		String out = run(List.of("/usr/bin/wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
				script.toString(), base));
		double p50 = percentile(out, 50);
		double p90 = percentile(out, 90);
		double p99 = percentile(out, 99);
		int requests = Integer.parseInt(find(out, "(\\d+) requests in"));
		double rate = Double.parseDouble(find(out, "Requests/sec:\\s+([\\d.]+)"));
		Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
		int errors = non2xx.find() ? Integer.parseInt(non2xx.group(1)) : 0;
		return BenchMain.threadPageRow(label, requests, p50, p90, p99, rate, errors);
	}

	private static double percentile(String out, int which) {
		Matcher m = PERCENTILE.matcher(out);
		while (m.find()) {
			if (Integer.parseInt(m.group(1)) == which) {
				double value = Double.parseDouble(m.group(2));
				return switch (m.group(3)) {
					case "us" -> value / 1000;
					case "s" -> value * 1000;
					default -> value;
				};
			}
		}
		throw new IllegalStateException("wrk printed no " + which + "% latency:\n" + out);
	}

	private static String find(String out, String regex) {
		Matcher m = Pattern.compile(regex).matcher(out);
		if (!m.find()) {
			throw new IllegalStateException("Not in wrk output: " + regex + "\n" + out);
		}
		return m.group(1);
	}

	private static String run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
		}
		return out;
	}

}
