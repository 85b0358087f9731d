package de.kommunalpakt.forum.notification.mongo;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchRepository;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.mongo.DocumentCache;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Repository;

/**
 * Two collections, both read by id: {@code watch_settings {_id: member, targets: [{key,
 * level}]}} and {@code watchers {_id: target key, watch: [member], mute: [member]}}. The
 * member document is written first, one entry at a time with update operators
 * ({@link #writeMemberDocument}); setting the same level again repairs a target document
 * that a crash left behind. A member's settings, read on every thread page, are kept in a
 * {@link DocumentCache} that any write to the member's document drops.
 */
@Repository
class MongoWatchRepository implements WatchRepository, DisposableBean {

	/** Members whose settings are kept at most. */
	private static final int KEPT_SETTINGS = 20_000;

	private final MongoCollection<Document> settings;

	private final MongoCollection<Document> watchers;

	private final DocumentCache<Map<String, WatchLevel>> kept;

	MongoWatchRepository(MongoDatabase database) {
		this.settings = database.getCollection("watch_settings");
		this.watchers = database.getCollection("watchers");
		this.kept = new DocumentCache<>("watch-settings", this.settings, KEPT_SETTINGS);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.kept.close();
	}

	@Override
	public Map<String, WatchLevel> settings(MemberId member) {
		return this.kept.get(member.value(), (id) -> Collections.unmodifiableMap(read(member)));
	}

	/** From the database, for changing. */
	private Map<String, WatchLevel> read(MemberId member) {
		return levels(this.settings.find(Filters.eq("_id", member.value())).first());
	}

	private static Map<String, WatchLevel> levels(Document d) {
		Map<String, WatchLevel> levels = new LinkedHashMap<>();
		if (d != null) {
			for (Document t : d.getList("targets", Document.class, List.of())) {
				levels.put(t.getString("key"), WatchLevel.valueOf(t.getString("level")));
			}
		}
		return levels;
	}

	@Override
	public void set(MemberId member, WatchTarget target, WatchLevel level) {
		try {
			write(member, target, level);
		}
		finally {
			this.kept.evict(member.value());
		}
	}

	private void write(MemberId member, WatchTarget target, WatchLevel level) {
		writeMemberDocument(member, target, level);
		String id = member.value();
		var update = switch (level) {
			case WATCH -> Updates.combine(Updates.addToSet("watch", id), Updates.pull("mute", id));
			case MUTE -> Updates.combine(Updates.addToSet("mute", id), Updates.pull("watch", id));
			case NORMAL -> Updates.combine(Updates.pull("watch", id), Updates.pull("mute", id));
		};
		// A reset creates nothing: there is nothing to remove from a target nobody set.
		this.watchers.updateOne(Filters.eq("_id", target.key()), update,
				new UpdateOptions().upsert(level != WatchLevel.NORMAL));
	}

	/** Tries of a write that others keep changing under it. */
	private static final int TRIES = 50;

	/**
	 * Changes the one entry of the target in the member's document with an update of that
	 * entry alone, never by writing back a document read before: two settings saved at
	 * the same moment (a script setting watches through the API in parallel) both stay.
	 * The entry is changed in place if it is there, else pushed on a document that does
	 * not have it (created if missing); an entry pushed by someone else meanwhile makes
	 * the push find nothing (or the creation collide), and the next try changes it.
	 */
	private void writeMemberDocument(MemberId member, WatchTarget target, WatchLevel level) {
		String key = target.key();
		if (level == WatchLevel.NORMAL) {
			this.settings.updateOne(Filters.eq("_id", member.value()),
					Updates.pull("targets", new Document("key", key)));
			return;
		}
		for (int attempt = 0; attempt < TRIES; attempt++) {
			if (this.settings
				.updateOne(Filters.and(Filters.eq("_id", member.value()), Filters.eq("targets.key", key)),
						Updates.set("targets.$.level", level.name()))
				.getMatchedCount() == 1) {
				return;
			}
			try {
				// Pushed, or the document created with the entry.
				this.settings.updateOne(Filters.and(Filters.eq("_id", member.value()), Filters.ne("targets.key", key)),
						Updates.push("targets", new Document("key", key).append("level", level.name())),
						new UpdateOptions().upsert(true));
				return;
			}
			catch (MongoWriteException ex) {
				if (ex.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
				// The document exists and has the entry by now: change it in the next
				// try.
			}
		}
		throw new ForumException.Conflict("watch.busy");
	}

	@Override
	public Map<String, Map<MemberId, WatchLevel>> watchers(Collection<WatchTarget> targets) {
		Map<String, Map<MemberId, WatchLevel>> found = new LinkedHashMap<>();
		List<String> keys = targets.stream().map(WatchTarget::key).distinct().toList();
		if (keys.isEmpty()) {
			return found;
		}
		for (Document d : this.watchers.find(Filters.in("_id", keys))) {
			Map<MemberId, WatchLevel> members = new LinkedHashMap<>();
			d.getList("watch", String.class, List.of()).forEach((m) -> members.put(new MemberId(m), WatchLevel.WATCH));
			d.getList("mute", String.class, List.of()).forEach((m) -> members.put(new MemberId(m), WatchLevel.MUTE));
			found.put(d.getString("_id"), members);
		}
		return found;
	}

}
