package de.kommunalpakt.forum.notification.mongo;

import java.util.ArrayList;
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
import org.bson.types.ObjectId;

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
 * level}], pending: [{key, write}]}} and {@code watchers {_id: target key, watch:
 * [member], mute: [member]}}. The member document is the record: it is written first, one
 * entry at a time with update operators ({@link #writeMemberDocument}), and in the same
 * update it notes the target as pending; then the target document is brought in line with
 * the member's level and the note removed ({@link #finish}). A crash, or a failed write,
 * between the two leaves the note, and {@link #finishInterrupted} (on every start)
 * completes the target document from it: without it, a member whose page shows a watched
 * thread would never hear of it. A member's settings, read on every thread page, are kept
 * in a {@link DocumentCache} that any write to the member's document drops.
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
		ObjectId write = new ObjectId();
		writeMemberDocument(member, target, level, write);
		finish(member.value(), target.key(), write);
	}

	/**
	 * Brings the target's document in line with the level the member's document holds now
	 * (read again: of two writes for one target at the same moment, the one that finishes
	 * last writes what the member's document says, not what it set itself) and removes
	 * the write's note.
	 */
	private void finish(String member, String key, ObjectId write) {
		WatchLevel level = levels(this.settings.find(Filters.eq("_id", member)).first()).getOrDefault(key,
				WatchLevel.NORMAL);
		var update = switch (level) {
			case WATCH -> Updates.combine(Updates.addToSet("watch", member), Updates.pull("mute", member));
			case MUTE -> Updates.combine(Updates.addToSet("mute", member), Updates.pull("watch", member));
			case NORMAL -> Updates.combine(Updates.pull("watch", member), Updates.pull("mute", member));
		};
		// A reset creates nothing: there is nothing to remove from a target nobody set.
		this.watchers.updateOne(Filters.eq("_id", key), update, new UpdateOptions().upsert(level != WatchLevel.NORMAL));
		this.settings.updateOne(Filters.eq("_id", member), Updates.pull("pending", new Document("write", write)));
	}

	@Override
	public int finishInterrupted() {
		int finished = 0;
		List<Document> interrupted = this.settings.find(Filters.exists("pending.0"))
			.projection(new Document("pending", 1))
			.into(new ArrayList<>());
		for (Document member : interrupted) {
			for (Document pending : member.getList("pending", Document.class, List.of())) {
				finish(member.getString("_id"), pending.getString("key"), pending.getObjectId("write"));
				finished++;
			}
		}
		return finished;
	}

	/** Tries of a write that others keep changing under it. */
	private static final int TRIES = 50;

	/**
	 * Changes the one entry of the target in the member's document with an update of that
	 * entry alone, never by writing back a document read before: two settings saved at
	 * the same moment (a script setting watches through the API in parallel) both stay.
	 * The entry is changed in place if it is there, else pushed on a document that does
	 * not have it (created if missing); an entry pushed by someone else meanwhile makes
	 * the push find nothing (or the creation collide), and the next try changes it. Each
	 * of these updates notes the target as pending under {@code write}.
	 */
	private void writeMemberDocument(MemberId member, WatchTarget target, WatchLevel level, ObjectId write) {
		String key = target.key();
		var pending = Updates.push("pending", new Document("key", key).append("write", write));
		if (level == WatchLevel.NORMAL) {
			this.settings.updateOne(Filters.eq("_id", member.value()),
					Updates.combine(Updates.pull("targets", new Document("key", key)), pending));
			return;
		}
		for (int attempt = 0; attempt < TRIES; attempt++) {
			if (this.settings
				.updateOne(Filters.and(Filters.eq("_id", member.value()), Filters.eq("targets.key", key)),
						Updates.combine(Updates.set("targets.$.level", level.name()), pending))
				.getMatchedCount() == 1) {
				return;
			}
			try {
				// Pushed, or the document created with the entry.
				this.settings.updateOne(Filters.and(Filters.eq("_id", member.value()), Filters.ne("targets.key", key)),
						Updates.combine(Updates.push("targets", new Document("key", key).append("level", level.name())),
								pending),
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
