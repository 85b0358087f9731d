package de.kommunalpakt.forum.thread.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import de.kommunalpakt.forum.shared.mongo.DeferredDurability;
import de.kommunalpakt.forum.shared.mongo.DocumentCache;
import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadState;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Repository;

@Repository
class MongoThreadRepository implements ThreadRepository, DisposableBean {

	/**
	 * Threads kept for pages ({@link #findShown}): every thread page read its thread from
	 * the database before its posts, one of its two round trips.
	 */
	static final int KEPT_THREADS = 5_000;

	private static final List<String> REPLYABLE = List.of(ThreadState.OPEN.name(), ThreadState.ANSWERED.name());

	private final MongoCollection<Document> threads;

	private final DocumentCache<Thread> shown;

	MongoThreadRepository(MongoDatabase database) {
		this.threads = database.getCollection("threads");
		this.shown = new DocumentCache<>("thread-cache", this.threads, KEPT_THREADS);
		// Declared for production MongoDB; the embedded stand-in scans (see
		// ARCHITECTURE.md).
		this.threads.createIndex(Indexes.compoundIndex(Indexes.ascending("space"), Indexes.descending("pinned"),
				Indexes.descending("lastActivityAt")));
		this.threads.createIndex(Indexes.descending("lastActivityAt"));
		this.threads.createIndex(Indexes.ascending("author"));
		this.threads.createIndex(Indexes.ascending("authorOrg"));
		this.threads.createIndex(Indexes.ascending("tags"));
	}

	@Override
	public Optional<Thread> findById(ThreadId id) {
		return Optional.ofNullable(this.threads.find(Filters.eq("_id", id.value())).first())
			.map(ThreadDocuments::fromDocument);
	}

	@Override
	public Optional<Thread> findShown(ThreadId id) {
		return Optional.ofNullable(this.shown.get(id.value(), (key) -> findById(id).orElse(null)));
	}

	@Override
	public void destroy() throws InterruptedException {
		this.shown.close();
	}

	@Override
	public List<Thread> findAllById(Collection<ThreadId> ids) {
		List<Thread> found = new ArrayList<>();
		this.threads.find(Filters.in("_id", ids.stream().map(ThreadId::value).toList()))
			.forEach((d) -> found.add(ThreadDocuments.fromDocument(d)));
		return found;
	}

	@Override
	public void insert(Thread thread) {
		DeferredDurability.collection(this.threads).insertOne(ThreadDocuments.toDocument(thread));
	}

	@Override
	public Optional<Thread> reservePostNumber(ThreadId id, String posterName, Instant at) {
		// One round trip to the database instead of two (number, then activity): each
		// costs about as much as a reply's whole work in the store.
		Document after = DeferredDurability.collection(this.threads)
			.findOneAndUpdate(Filters.and(Filters.eq("_id", id.value()), Filters.in("state", REPLYABLE)),
					Updates.combine(Updates.inc("postCount", 1), Updates.max("lastActivityAt", Date.from(at)),
							Updates.set("lastPosterName", posterName), Updates.inc("version", 1L)),
					new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		this.shown.evict(id.value());
		return Optional.ofNullable(after).map(ThreadDocuments::fromDocument);
	}

	@Override
	public long setHidden(ThreadId id, boolean hidden) {
		Document after = this.threads.findOneAndUpdate(Filters.eq("_id", id.value()),
				Updates.combine(hidden ? Updates.set("hidden", true) : Updates.unset("hidden"),
						Updates.inc("version", 1L)),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		this.shown.evict(id.value());
		return (after != null) ? after.get("version", Number.class).longValue() : 0;
	}

	@Override
	public long touch(ThreadId id) {
		Document after = this.threads.findOneAndUpdate(Filters.eq("_id", id.value()), Updates.inc("version", 1L),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		this.shown.evict(id.value());
		return (after != null) ? after.get("version", Number.class).longValue() : 0;
	}

	@Override
	public boolean update(Thread before, Thread after) {
		try {
			return updateStored(before, after);
		}
		finally {
			this.shown.evict(before.id().value());
		}
	}

	private boolean updateStored(Thread before, Thread after) {
		return this.threads
			.updateOne(Filters.and(Filters.eq("_id", before.id().value()), Filters.eq("version", before.version())),
					Updates.combine(Updates.set("space", after.space().value()), Updates.set("title", after.title()),
							Updates.set("tags", List.copyOf(after.tags())), Updates.set("state", after.state().name()),
							Updates.set("pinned", after.pinned()), Updates.set("accepted", after.acceptedAnswer()),
							Updates.inc("version", 1L)))
			.getModifiedCount() == 1;
	}

	@Override
	public java.util.OptionalLong repair(Thread before, Thread corrected) {
		Document after = this.threads.findOneAndUpdate(
				Filters.and(Filters.eq("_id", before.id().value()), Filters.eq("version", before.version())),
				Updates.combine(Updates.set("postCount", corrected.postCount()),
						Updates.set("accepted", corrected.acceptedAnswer()),
						Updates.set("state", corrected.state().name()),
						Updates.set("lastActivityAt", Date.from(corrected.lastActivityAt())),
						Updates.set("lastPosterName", corrected.lastPosterName()), Updates.inc("version", 1L)),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		this.shown.evict(before.id().value());
		return (after != null) ? java.util.OptionalLong.of(after.get("version", Number.class).longValue())
				: java.util.OptionalLong.empty();
	}

	@Override
	public void raisePostCount(ThreadId id, int postCount) {
		this.threads.updateOne(Filters.eq("_id", id.value()),
				Updates.combine(Updates.max("postCount", postCount), Updates.inc("version", 1L)));
		this.shown.evict(id.value());
	}

	@Override
	public long raiseVersionAbove(ThreadId id, long version) {
		Document after = this.threads.findOneAndUpdate(Filters.eq("_id", id.value()),
				Updates.max("version", version + 1),
				new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
		this.shown.evict(id.value());
		return (after != null) ? after.get("version", Number.class).longValue() : 0;
	}

	@Override
	public Page<Thread> find(ThreadQuery q, int page, int size) {
		Bson filter = filter(q);
		long total = this.threads.countDocuments(filter);
		List<Thread> items = new ArrayList<>();
		this.threads.find(filter)
			.sort(sort(q.sort()))
			.skip(page * size)
			.limit(size)
			.forEach((d) -> items.add(ThreadDocuments.fromDocument(d)));
		return new Page<>(items, page, size, total);
	}

	@Override
	public Map<SpaceId, Long> countBySpace() {
		Map<SpaceId, Long> counts = new HashMap<>();
		this.threads
			.aggregate(List.of(Aggregates.match(Filters.ne("hidden", true)),
					Aggregates.group("$space", Accumulators.sum("n", 1))))
			.forEach((d) -> counts.put(new SpaceId(d.getString("_id")), d.get("n", Number.class).longValue()));
		return counts;
	}

	@Override
	public void forEach(Consumer<Thread> action) {
		this.threads.find()
			.sort(Sorts.ascending("_id"))
			.batchSize(500)
			.forEach((d) -> action.accept(ThreadDocuments.fromDocument(d)));
	}

	@Override
	public long count() {
		return this.threads.countDocuments();
	}

	private static Bson filter(ThreadQuery q) {
		List<Bson> and = new ArrayList<>();
		and.add(Filters.in("space", q.spaces().stream().map(SpaceId::value).toList()));
		if (q.type() != null) {
			and.add(Filters.eq("type", q.type().name()));
		}
		if (q.state() != null) {
			and.add(Filters.eq("state", q.state().name()));
		}
		if (q.land() != null) {
			and.add(Filters.eq("lands", q.land().name()));
		}
		if (q.tag() != null) {
			and.add(Filters.eq("tags", q.tag()));
		}
		if (q.author() != null) {
			and.add(Filters.eq("author", q.author().value()));
		}
		if (q.organisation() != null) {
			and.add(Filters.eq("authorOrg", q.organisation().value()));
		}
		if (Boolean.FALSE.equals(q.hidden())) {
			and.add(Filters.ne("hidden", true));
		}
		else if (Boolean.TRUE.equals(q.hidden())) {
			and.add(Filters.eq("hidden", true));
		}
		return Filters.and(and);
	}

	private static Bson sort(ThreadQuery.Sort sort) {
		return switch (sort) {
			case PINNED_THEN_ACTIVITY -> Sorts.orderBy(Sorts.descending("pinned"), Sorts.descending("lastActivityAt"));
			case ACTIVITY -> Sorts.descending("lastActivityAt");
			case CREATED -> Sorts.descending("createdAt");
		};
	}

	@Override
	public void delete(ThreadId id) {
		this.threads.deleteOne(Filters.eq("_id", id.value()));
		this.shown.evict(id.value());
	}

}
