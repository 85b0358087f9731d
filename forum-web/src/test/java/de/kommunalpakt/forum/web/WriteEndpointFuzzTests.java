package de.kommunalpakt.forum.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.mongodb.client.MongoDatabase;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

/**
 * Generated bad input against every write endpoint of the API and of the pages: broken
 * JSON, wrong types, huge numbers, deep nesting, invalid UTF-8, control characters, path
 * tricks, wrong media types. Every answer is a client error (never 5xx); on /api it is a
 * German problem detail, on pages the German error or form page; and no domain collection
 * changes, so nothing was half-written. The seed is fixed, so a failure can be repeated.
 */
class WriteEndpointFuzzTests extends WebTestSupport {

	private static final int PER_ENDPOINT = 200;

	/** What the fuzz must not change; read paths and deliveries are left out. */
	private static final List<String> DOMAIN = List.of("threads", "posts", "post_revisions", "changes", "submissions",
			"pilot_applications", "land_reports", "report_rounds", "reuse_models", "reuse_model_versions",
			"watch_settings", "watchers", "spaces", "organisations", "post_reports", "suspensions", "audit_log",
			"audit_pending");

	private static final String[] PATH_TRICKS = { "..", "%2e%2e", "..;x=1", "a;b=c", "%00", "%252F", "x".repeat(3000),
			"%C3%28", "%FF%FE", "ÄÖÜ", "{id}", "0", "-1", "99999999999999999999999", "%20", "null", "%E2%80%AE",
			"..%5C..%5Cetc", "*", "$where", "t-%0d%0aSet-Cookie:x=1" };

	@Autowired
	MongoDatabase database;

	private final Random random = new Random(20261202L);

	@Test
	void apiWriteEndpointsAnswerEveryBadInputWithAProblemDetailAndWriteNothing() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Ziel der Prüfung mit schlechten Eingaben");
		String t = question.thread().value();
		String p = question.toString();
		Map<String, Long> before = counts();
		int sent = 0;
		sent += json(HttpMethod.POST, "/api/v1/threads/{}", "", Members.ADMIN, threadFields(), "");
		sent += json(HttpMethod.POST, "/api/v1/threads/{}/posts", t, Members.ADMIN,
				Map.of("markdown", "S", "quotes", "I"), "markdown");
		sent += json(HttpMethod.POST, "/api/v1/threads/{}/moderation", t, Members.ADMIN,
				Map.of("action", "E", "targetSpace", "S"), "action");
		sent += json(HttpMethod.PUT, "/api/v1/posts/{}", p, Members.ADMIN,
				Map.of("markdown", "S", "expectedRevision", "I"), "markdown");
		sent += pathOnly(HttpMethod.POST, "/api/v1/posts/{}/accept", Members.ADMIN, true);
		sent += pathOnly(HttpMethod.PUT, "/api/v1/posts/{}/helpful", Members.ADMIN, true);
		sent += pathOnly(HttpMethod.DELETE, "/api/v1/posts/{}/helpful", Members.ADMIN, true);
		sent += pathOnly(HttpMethod.POST, "/api/v1/admin/reindex/{}", Members.ADMIN, true);
		sent += json(HttpMethod.POST, "/api/v1/posts/{}/reports", p, Members.KOELN, Map.of("reason", "E", "note", "S"),
				"reason");
		sent += json(HttpMethod.POST, "/api/v1/posts/{}/moderation", p, Members.ADMIN,
				Map.of("action", "E", "reason", "S"), "action");
		sent += json(HttpMethod.PUT, "/api/v1/members/{}/suspension", "koeln", Members.ADMIN,
				Map.of("days", "I", "reason", "S"), "days");
		sent += pathOnly(HttpMethod.DELETE, "/api/v1/posts/{}", Members.ADMIN, true);
		sent += pathOnly(HttpMethod.DELETE, "/api/v1/members/{}/suspension", Members.ADMIN, true);
		assertThat(sent).isGreaterThanOrEqualTo(13 * PER_ENDPOINT);
		assertThat(counts()).isEqualTo(before);
	}

	@Test
	void pageWriteEndpointsNeverFailAndWriteNothing() throws Exception {
		PostId question = question(Members.DARMSTADT, OPEN_SPACE, "Ziel der Formular-Prüfung");
		String t = question.thread().value();
		String p = question.toString();
		Map<String, Long> before = counts();
		int sent = 0;
		sent += form("/t/" + t + "/antworten", Members.ADMIN, fields("text", "", "zitat", "I", "token", "S"));
		sent += form("/bereiche/fragen/neu", Members.ADMIN,
				fields("titel", "", "typ", "E", "text", "S", "schlagworte", "S", "laender", "E", "token", "S"));
		sent += form("/beitraege/" + p + "/bearbeiten", Members.ADMIN, fields("text", "", "revision", "I"));
		for (String path : List.of("/t/{}/antworten", "/t/{}/moderation", "/beitraege/{}/hilfreich",
				"/beitraege/{}/akzeptieren", "/t/{}/akzeptanz-aufheben", "/beitraege/{}/bearbeiten", "/bereiche/{}/neu",
				"/pilot/{}/status", "/berichte/{}/HE", "/berichte/runde/{}", "/berichte/{}/HE/zurueckgeben",
				"/modelle/{}/bearbeiten", "/beitraege/{}/melden", "/beitraege/{}/moderation", "/beitraege/{}/loeschen",
				"/mitglieder/{}/sperre", "/mitglieder/{}/sperre/aufheben")) {
			sent += pathOnly(HttpMethod.POST, path, Members.ADMIN, false);
		}
		sent += form("/pilot/neu", Members.DARMSTADT, fields("zzz", "S", "version", "I"));
		sent += form("/berichte", Members.DARMSTADT, fields("titel", "S", "frist", "S"));
		sent += form("/beobachten", Members.DARMSTADT, fields("ziel", "S", "stufe", "E"));
		sent += form("/beitraege/" + p + "/melden", Members.KOELN, fields("grund", "E", "hinweis", "S"));
		sent += form("/beitraege/" + p + "/moderation", Members.ADMIN, fields("aktion", "E", "begruendung", "S"));
		// Never the confirmation word: the account stays.
		sent += form("/konto/loeschen", Members.KOELN, fields("bestaetigung", "S"));
		assertThat(sent).isGreaterThanOrEqualTo(26 * PER_ENDPOINT);
		assertThat(counts()).isEqualTo(before);
	}

	/** Form fields in the order given: the first is the one always left invalid. */
	private static Map<String, String> fields(String... namesAndKinds) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i < namesAndKinds.length; i += 2) {
			fields.put(namesAndKinds[i], namesAndKinds[i + 1]);
		}
		return fields;
	}

	/** Fields of a new thread: S string, E enum, I integer, A array of strings. */
	private static Map<String, String> threadFields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("space", "S");
		fields.put("type", "E");
		fields.put("title", "S");
		fields.put("markdown", "S");
		fields.put("tags", "A");
		fields.put("lands", "A");
		return fields;
	}

	/**
	 * Sends {@link #PER_ENDPOINT} bad JSON requests. {@code broken} names a field whose
	 * value is always made invalid where a generated body could otherwise be valid.
	 */
	private int json(HttpMethod method, String template, String id, Members member, Map<String, String> fields,
			String broken) throws Exception {
		for (int i = 0; i < PER_ENDPOINT; i++) {
			String path = template.replace("{}", id);
			byte[] body;
			MediaType type = MediaType.APPLICATION_JSON;
			Map<String, String> values = validValues(fields);
			switch (i % 9) {
				case 0 -> {
					String whole = object(values);
					body = utf8(whole.substring(0, 1 + this.random.nextInt(whole.length() - 1)));
				}
				case 1 -> {
					String field = pick(new ArrayList<>(fields.keySet()));
					values.put(field, wrongType(fields.get(field)));
					if (!field.equals(broken) && !broken.isEmpty()) {
						values.put(broken, wrongType(fields.get(broken)));
					}
					if (broken.isEmpty()) {
						values.put("type", "\"UNSINN\"");
					}
					body = utf8(object(values));
				}
				case 2 -> {
					String huge = pick(List.of("1e400", "-1e400", "99999999999999999999999999", "2147483648",
							"9".repeat(2000), "1" + "0".repeat(5000), "-0.0000000000000000001"));
					String target = fields.entrySet()
						.stream()
						.filter((e) -> e.getValue().equals("I"))
						.map(Map.Entry::getKey)
						.findFirst()
						.orElse(null);
					if (target == null) {
						body = utf8("[" + huge + "]");
					}
					else {
						values.put(target, huge);
						// Some huge values are read as a valid number; the body still
						// fails.
						values.put(broken, wrongType(fields.get(broken)));
						body = utf8(object(values));
					}
				}
				case 3 -> {
					int depth = 200 + this.random.nextInt(5000);
					String nested = "[".repeat(depth) + "]".repeat(depth);
					values.put(pick(new ArrayList<>(fields.keySet())), nested);
					if (!broken.isEmpty()) {
						values.put(broken, nested);
					}
					else {
						values.put("title", nested);
					}
					body = utf8(object(values));
				}
				case 4 -> {
					String whole = object(values);
					int at = whole.indexOf(":\"") + 2;
					byte[] bad = pick(List.of(new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
							new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
							new byte[] { (byte) 0xC0, (byte) 0xAF },
							new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }));
					byte[] head = utf8(whole.substring(0, at));
					byte[] tail = utf8(whole.substring(at));
					body = new byte[head.length + bad.length + tail.length];
					System.arraycopy(head, 0, body, 0, head.length);
					System.arraycopy(bad, 0, body, head.length, bad.length);
					System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
				}
				case 5 -> {
					path = template.replace("{}", trick());
					if (id.isEmpty()) {
						path = "/api/v1/threads/" + trick() + "/x";
					}
					body = utf8(object(values));
				}
				case 6 -> {
					String control = pick(List.of("\\u0000", "\\u202e", "\\u2066", "\\u001b", "\\u0008", "\\u007f"));
					if (fields.containsKey("title")) {
						values.put("title", "\"Titel" + control + "\"");
					}
					else {
						values.put(broken, "\"" + control + "\"");
					}
					body = utf8(object(values));
				}
				case 7 -> {
					type = pick(List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_XML,
							MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA,
							MediaType.APPLICATION_OCTET_STREAM));
					body = utf8(object(values));
				}
				default -> body = utf8(pick(List.of("", "null", "[]", "\"text\"", "{}", "{\"\":{}}", "0", "true",
						"{\"markdown\":null}", "\uFEFF{}", "{\"a\":1,\"a\":2}", "/*x*/{}")));
			}
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders
				.request(method, java.net.URI.create(safe(path)))
				.with(member.bearer())
				.contentType(type)
				.content(body);
			expectProblemDetail(request, path, body);
		}
		return PER_ENDPOINT;
	}

	/** Requests whose only input is the address: every id is a trick, bodies are junk. */
	private int pathOnly(HttpMethod method, String template, Members member, boolean api) throws Exception {
		for (int i = 0; i < PER_ENDPOINT; i++) {
			String path = template.replace("{}", trick());
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders
				.request(method, java.net.URI.create(safe(path)))
				.contentType(pick(List.of(MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN,
						MediaType.APPLICATION_FORM_URLENCODED)))
				.content(pick(List.of("", "{", "null", "x=1&x=2", "\u0000", "[".repeat(3000))));
			if (api) {
				expectProblemDetail(request.with(member.bearer()), path, new byte[0]);
			}
			else {
				expectPage(request.with(member.session()).with(csrf()).param("text", junk()).param("version", junk()),
						path);
			}
		}
		return PER_ENDPOINT;
	}

	/** Form posts whose fields get junk; the first field is always left invalid. */
	private int form(String path, Members member, Map<String, String> fields) throws Exception {
		for (int i = 0; i < PER_ENDPOINT; i++) {
			MockHttpServletRequestBuilder request = MockMvcRequestBuilders.post(path)
				.with(member.session())
				.with(csrf());
			boolean first = true;
			for (Map.Entry<String, String> field : fields.entrySet()) {
				// The first field is always empty once control characters are removed; a
				// second value would be joined to it with a comma, so it gets none.
				String value = first ? pick(List.of("", "   ", "\u0000\u202E", "\u202E", "\u2066\u0007\t"))
						: this.random.nextInt(4) == 0 ? "" : junk();
				request.param(field.getKey(), value);
				if (!first && this.random.nextInt(5) == 0) {
					request.param(field.getKey(), junk());
				}
				first = false;
			}
			if (this.random.nextInt(3) == 0) {
				request.param(junk(), junk());
			}
			expectPage(request, path);
		}
		return PER_ENDPOINT;
	}

	private void expectProblemDetail(MockHttpServletRequestBuilder request, String path, byte[] body) throws Exception {
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		String described = path.substring(0, Math.min(120, path.length())) + " with "
				+ new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
		assertThat(response.getStatus()).as(described).isBetween(400, 499);
		response = errorDispatch(response, path);
		assertThat(response.getContentType()).as(described).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		String json = response.getContentAsString(StandardCharsets.UTF_8);
		assertThat(json).as(described).contains("\"title\"", "\"status\"", "\"detail\"");
		assertThat(json).as(described).doesNotContain("Exception", "at de.", "at org.");
	}

	private void expectPage(MockHttpServletRequestBuilder request, String path) throws Exception {
		MockHttpServletResponse response = errorDispatch(this.mvc.perform(request).andReturn().getResponse(), path);
		String described = path.substring(0, Math.min(120, path.length()));
		assertThat(response.getStatus()).as(described).isLessThan(500);
		if (response.getStatus() >= 400 && response.getContentType() != null
				&& response.getContentType().startsWith("text/html")) {
			String html = response.getContentAsString(StandardCharsets.UTF_8);
			assertThat(html).as(described).contains("lang=\"de\"", "Forum Kommunalpakt").doesNotContain("Exception");
		}
	}

	/**
	 * What Tomcat does after {@code sendError} (MockMvc does not): the error dispatch to
	 * /error with the status and the original address. ContainerErrorPageTests shows on a
	 * real port that Tomcat does dispatch there.
	 */
	private MockHttpServletResponse errorDispatch(MockHttpServletResponse response, String path) throws Exception {
		if (response.getStatus() < 400 || response.getContentType() != null) {
			return response;
		}
		MockHttpServletResponse error = this.mvc
			.perform(MockMvcRequestBuilders.get("/error")
				.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, response.getStatus())
				.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, path))
			.andReturn()
			.getResponse();
		assertThat(error.getStatus()).isEqualTo(response.getStatus());
		return error;
	}

	private Map<String, Long> counts() {
		Map<String, Long> counts = new TreeMap<>();
		for (String name : DOMAIN) {
			counts.put(name, this.database.getCollection(name).countDocuments());
		}
		return counts;
	}

	private static Map<String, String> validValues(Map<String, String> fields) {
		Map<String, String> values = new LinkedHashMap<>();
		fields.forEach((name, kind) -> values.put(name, switch (kind) {
			case "I" -> "1";
			case "A" -> "[]";
			case "E" -> name.equals("action") ? "\"PIN\"" : "\"QUESTION\"";
			default -> name.equals("space") ? "\"fragen\"" : "\"Text\"";
		}));
		return values;
	}

	private String wrongType(String kind) {
		return switch (kind) {
			case "I" -> pick(List.of("\"abc\"", "{}", "[]", "[1]", "\"1.5.3\"", "{\"x\":1}"));
			case "A" -> pick(List.of("\"x\"", "{}", "{\"a\":\"b\"}", "[{}]", "[[\"x\"]]"));
			case "E" -> pick(List.of("\"UNSINN\"", "{}", "[]", "\"\"", "\"question; drop\""));
			default -> pick(List.of("{}", "[]", "{\"x\":\"y\"}", "[\"a\"]"));
		};
	}

	private static String object(Map<String, String> values) {
		StringBuilder json = new StringBuilder("{");
		values
			.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
		return json.append('}').toString();
	}

	private static Map<String, String> put(Map<String, String> values, String key, String value) {
		values.put(key, value);
		return values;
	}

	private String trick() {
		return pick(List.of(PATH_TRICKS));
	}

	private String junk() {
		return pick(List.of("", "abc", "-1", "99999999999999999999", "1e400", "\u0000", "\u202Eabc",
				"<script>x</script>", "'; db.dropDatabase(); '", "%", "\uD83D", "x".repeat(5000), "{\"a\":1}", "../..",
				"Ä\uFFFD", "null"));
	}

	private <T> T pick(List<T> options) {
		return options.get(this.random.nextInt(options.size()));
	}

	private static String safe(String path) {
		// Tricks are sent as written where they are valid in a URI, else percent-encoded.
		StringBuilder out = new StringBuilder();
		for (char c : path.toCharArray()) {
			if (c > 0x7E || c <= 0x20 || "{}|\\^`\"<>".indexOf(c) >= 0) {
				for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
					out.append('%').append(String.format("%02X", b));
				}
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
