package de.kommunalpakt.forum.notification.mongo;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchRepository;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.shared.mongo.DocumentCache;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Repository;

/**
 * Two collections, both read by id: {@code watch_settings {_id: member, targets: [{key,
 * level}]}} and {@code watchers {_id: target key, watch: [member], mute: [member]}}. The
 * member document is written first; setting the same level again repairs a target
 * document that a crash left behind. A member's settings, read on every thread page, are
 * kept in a {@link DocumentCache} that any write to the member's document drops.
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
		Map<String, WatchLevel> levels = new LinkedHashMap<>();
		Document d = this.settings.find(Filters.eq("_id", member.value())).first();
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
		Map<String, WatchLevel> levels = read(member);
		if (level == WatchLevel.NORMAL) {
			levels.remove(target.key());
		}
		else {
			levels.put(target.key(), level);
		}
		List<Document> targets = levels.entrySet()
			.stream()
			.map((e) -> new Document("key", e.getKey()).append("level", e.getValue().name()))
			.toList();
		this.settings.replaceOne(Filters.eq("_id", member.value()),
				new Document("_id", member.value()).append("targets", targets), new ReplaceOptions().upsert(true));
		String id = member.value();
		var update = switch (level) {
			case WATCH -> Updates.combine(Updates.addToSet("watch", id), Updates.pull("mute", id));
			case MUTE -> Updates.combine(Updates.addToSet("mute", id), Updates.pull("watch", id));
			case NORMAL -> Updates.combine(Updates.pull("watch", id), Updates.pull("mute", id));
		};
		this.watchers.updateOne(Filters.eq("_id", target.key()), update, new UpdateOptions().upsert(true));
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
