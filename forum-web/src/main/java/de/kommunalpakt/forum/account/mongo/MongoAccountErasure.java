package de.kommunalpakt.forum.account.mongo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import de.kommunalpakt.forum.account.AccountErasure;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Repository;

/**
 * Erases a member from every collection. Two kinds of steps, each safe to repeat:
 * <ul>
 * <li>by subject id, where the document shape is known: the member's own documents are
 * deleted ({@code members}, {@code notification_inbox}, {@code watch_settings},
 * {@code mail_settings}, {@code mail_outbox}, {@code mail_digest_sources},
 * {@code mail_digests}, {@code mail_reply_keys}, {@code feed_tokens},
 * {@code suspensions}), their id is pulled from {@code watchers} and {@code presence},
 * and their posts, revisions, threads and reports keep the content under "ehemaliges
 * Mitglied" with no user name and no organisation;</li>
 * <li>by name, in every other collection (also ones added later): any text that holds the
 * display name, or mentions {@code @username}, gets "ehemaliges Mitglied" instead. Each
 * change is written only if the field still holds what was read, so a concurrent write is
 * never undone (the document is read again and the step repeated).</li>
 * </ul>
 * The audit log ({@code audit_log}) is the legal record and stays as written; its display
 * shows "ehemaliges Mitglied". The change log holds ids only.
 */
@Repository
class MongoAccountErasure implements AccountErasure {

	/** Collections the scan by name leaves alone. */
	static final Set<String> NOT_SCANNED = Set.of("audit_log", "member_erasures", "changes", "change_log_state",
			"change_checkpoints", "search_state", "http_sessions", "oidc_sessions");

	/** The organisation id that stands for "none" on an erased member's posts. */
	static final String NO_ORGANISATION = "ehemalig";

	private static final String FORMER = MemberErasures.FORMER_MEMBER;

	private final MongoDatabase database;

	MongoAccountErasure(MongoDatabase database) {
		this.database = database;
	}

	private MongoCollection<Document> collection(String name) {
		return this.database.getCollection(name);
	}

	@Override
	public void endSessions(MemberId member) {
		MongoCollection<Document> registry = collection("oidc_sessions");
		MongoCollection<Document> sessions = collection("http_sessions");
		List<Object> ids = new ArrayList<>();
		registry.find(Filters.eq("subject", member.value()))
			.projection(Projections.include("_id"))
			.forEach((d) -> ids.add(d.get("_id")));
		if (!ids.isEmpty()) {
			sessions.deleteMany(Filters.in("_id", ids));
		}
		registry.deleteMany(Filters.eq("subject", member.value()));
		// A session not in the back-channel registry still holds the member's tokens:
		// the serialized security context contains the subject.
		byte[] subject = member.value().getBytes(StandardCharsets.UTF_8);
		List<Object> holding = new ArrayList<>();
		sessions.find().projection(Projections.include("_id", "attrs")).forEach((d) -> {
			Document attributes = d.get("attrs", Document.class);
			if (attributes != null && attributes.values()
				.stream()
				.anyMatch((a) -> a instanceof Binary bytes && contains(bytes.getData(), subject))) {
				holding.add(d.get("_id"));
			}
		});
		if (!holding.isEmpty()) {
			sessions.deleteMany(Filters.in("_id", holding));
		}
	}

	@Override
	public Set<String> scrub(MemberId member, List<String> names) {
		String id = member.value();
		Set<String> threads = new HashSet<>();
		List<String> presenceNames = new ArrayList<>(List.of(id));
		names.stream().filter((n) -> n.startsWith("@")).forEach((n) -> presenceNames.add(n.substring(1)));
		// What belongs to the member alone.
		collection("members").deleteOne(Filters.eq("_id", id));
		collection("notification_inbox").deleteOne(Filters.eq("_id", id));
		collection("watch_settings").deleteOne(Filters.eq("_id", id));
		collection("watchers").updateMany(Filters.or(Filters.eq("watch", id), Filters.eq("mute", id)),
				Updates.combine(Updates.pull("watch", id), Updates.pull("mute", id)));
		collection("mail_settings").deleteOne(Filters.eq("_id", id));
		collection("mail_outbox").deleteMany(Filters.eq("member", id));
		collection("mail_digest_sources").deleteMany(Filters.eq("member", id));
		collection("mail_digests").deleteOne(Filters.eq("_id", id));
		collection("mail_reply_keys").deleteMany(Filters.eq("member", id));
		collection("feed_tokens").deleteOne(Filters.eq("_id", id));
		collection("suspensions").deleteOne(Filters.eq("_id", id));
		collection("presence").updateMany(Filters.in("members", presenceNames),
				Updates.pullAll("members", presenceNames));
		// What stays, without the member's name and organisation.
		collection("posts").find(Filters.eq("author", id))
			.projection(Projections.include("thread"))
			.forEach((d) -> threads.add(d.getString("thread")));
		collection("posts").updateMany(Filters.eq("author", id), Updates.combine(Updates.set("authorName", FORMER),
				Updates.set("authorUsername", null), Updates.set("org", NO_ORGANISATION), Updates.set("orgName", "")));
		collection("post_revisions").updateMany(Filters.eq("editor", id), Updates.set("editorName", FORMER));
		collection("threads").find(Filters.eq("author", id))
			.projection(Projections.include("_id"))
			.forEach((d) -> threads.add(d.getString("_id")));
		collection("threads").updateMany(Filters.eq("author", id),
				Updates.combine(Updates.set("authorName", FORMER), Updates.set("authorOrg", NO_ORGANISATION)));
		collection("post_reports").updateMany(Filters.eq("reporter", id), Updates.set("reporterName", FORMER));
		// Every text that still names them. A thread whose post or listing the scan
		// rewrites is noted in the member's ledger entry first: a scan that stops after
		// rewriting (a crash) finds that text changed already when it is repeated, and
		// the search index must still hear of the thread.
		Document ledger = collection("member_erasures").find(Filters.eq("_id", id))
			.projection(Projections.include("threads"))
			.first();
		if (ledger != null) {
			threads.addAll(ledger.getList("threads", String.class, List.of()));
		}
		UnaryOperator<String> replace = replacement(names);
		for (String name : this.database.listCollectionNames()) {
			if (!NOT_SCANNED.contains(name) && !name.startsWith("system.")) {
				scan(name, replace, (thread) -> {
					if (thread != null && threads.add(thread)) {
						collection("member_erasures").updateOne(Filters.eq("_id", id),
								Updates.addToSet("threads", thread));
					}
				});
			}
		}
		threads.remove(null);
		return threads;
	}

	/**
	 * Rewrites every document of the collection whose texts name the member; tells
	 * {@code rewriting} the thread of a post or thread before it rewrites it.
	 */
	private void scan(String name, UnaryOperator<String> replace, java.util.function.Consumer<String> rewriting) {
		MongoCollection<Document> collection = collection(name);
		for (Document d : collection.find()) {
			for (int attempt = 0; attempt < 5 && d != null; attempt++) {
				Map<String, Object> changed = new LinkedHashMap<>();
				for (Map.Entry<String, Object> field : d.entrySet()) {
					if (field.getKey().equals("_id")) {
						continue;
					}
					Object after = rewrite(field.getValue(), replace);
					if (!Objects.equals(after, field.getValue())) {
						changed.put(field.getKey(), after);
					}
				}
				if (changed.isEmpty()) {
					break;
				}
				if (name.equals("posts")) {
					rewriting.accept(d.getString("thread"));
				}
				else if (name.equals("threads")) {
					rewriting.accept(String.valueOf(d.get("_id")));
				}
				Document read = d;
				List<Bson> unchanged = new ArrayList<>(List.of(Filters.eq("_id", read.get("_id"))));
				changed.keySet().forEach((key) -> unchanged.add(Filters.eq(key, read.get(key))));
				long matched = collection
					.updateOne(Filters.and(unchanged), Updates.combine(
							changed.entrySet().stream().map((e) -> Updates.set(e.getKey(), e.getValue())).toList()))
					.getMatchedCount();
				if (matched > 0) {
					break;
				}
				// Written meanwhile: read it again.
				d = collection.find(Filters.eq("_id", d.get("_id"))).first();
			}
		}
	}

	private static Object rewrite(Object value, UnaryOperator<String> replace) {
		if (value instanceof String text) {
			return replace.apply(text);
		}
		if (value instanceof Document document) {
			Document copy = new Document();
			document.forEach((k, v) -> copy.append(k, rewrite(v, replace)));
			return copy;
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((v) -> copy.add(rewrite(v, replace)));
			return copy;
		}
		return value;
	}

	/**
	 * A display name anywhere in a text, and a mention of a user name ({@code @name}
	 * entries), become "ehemaliges Mitglied". Names shorter than three characters are too
	 * likely to be something else.
	 */
	static UnaryOperator<String> replacement(List<String> names) {
		List<Pattern> patterns = new ArrayList<>();
		for (String name : names) {
			if (name == null) {
				continue;
			}
			if (name.startsWith("@") && name.length() >= 4) {
				patterns.add(Pattern.compile("(?<![\\w@/])" + Pattern.quote(name) + "(?![\\w-]|\\.\\w)",
						Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
			}
			else if (!name.startsWith("@") && name.strip().length() >= 3) {
				patterns.add(Pattern.compile(Pattern.quote(name.strip())));
			}
		}
		return (text) -> {
			String result = text;
			for (Pattern pattern : patterns) {
				Matcher matcher = pattern.matcher(result);
				if (matcher.find()) {
					result = matcher.replaceAll(Matcher.quoteReplacement(FORMER));
				}
			}
			return result;
		};
	}

	/** Whether the bytes hold the part (as Latin-1 text: one char per byte). */
	private static boolean contains(byte[] data, byte[] part) {
		return new String(data, StandardCharsets.ISO_8859_1).contains(new String(part, StandardCharsets.ISO_8859_1));
	}

}
