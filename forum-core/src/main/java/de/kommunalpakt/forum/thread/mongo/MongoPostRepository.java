package de.kommunalpakt.forum.thread.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.SafeHtml;
import de.kommunalpakt.forum.shared.WriteEvidence;
import de.kommunalpakt.forum.shared.mongo.DeferredDurability;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostModeration;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.PostRevision;
import de.kommunalpakt.forum.thread.ThreadId;
import org.springframework.stereotype.Repository;

/**
 * One document per post, its {@code _id} the post id {@code "<thread>-<number>"}: a
 * thread page is an {@code _id $in} of its twenty ids, and no two writers ever touch the
 * same document when replies arrive at once. Document:
 * {@code {_id, thread, author, authorName,
 * authorUsername, org, orgName, orgKind, md, html, createdAt, editedAt, editedBy, editor,
 * rev, quotes, helpful[], mod}} ({@code mod}: {@code {state, reason, by, byAuthor, at}}
 * while hidden or deleted). Revisions: {@code post_revisions {_id: "<post>:<rev>", md,
 * editor, editorName, at}}, written only from the post as it stands at that revision
 * ({@link #archive}): the current revision is the post itself.
 */
@Repository
class MongoPostRepository implements PostRepository {

	private final MongoCollection<Document> posts;

	private final MongoCollection<Document> revisions;

	MongoPostRepository(MongoDatabase database) {
		this.posts = database.getCollection("posts");
		this.revisions = database.getCollection("post_revisions");
		// The data export finds a member's posts by author.
		this.posts.createIndex(com.mongodb.client.model.Indexes.ascending("author"));
	}

	@Override
	public List<Post> findPage(ThreadId thread, int page) {
		int first = page * PostId.PAGE_SIZE + 1;
		return find(thread, first, first + PostId.PAGE_SIZE - 1);
	}

	@Override
	public Optional<Post> findById(PostId id) {
		return Optional.ofNullable(this.posts.find(Filters.eq("_id", id.toString())).first())
			.map((d) -> fromDocument(id, d));
	}

	@Override
	public void insert(Post post) {
		DeferredDurability.collection(this.posts)
			.insertOne(
					toDocument(post).append("_id", post.id().toString()).append("thread", post.id().thread().value()));
	}

	@Override
	public boolean insertIfAbsent(Post post) {
		try {
			insert(post);
			return true;
		}
		catch (com.mongodb.MongoWriteException ex) {
			if (ex.getError().getCategory() == com.mongodb.ErrorCategory.DUPLICATE_KEY) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public void insertAll(List<Post> batch) {
		if (!batch.isEmpty()) {
			this.posts.insertMany(batch.stream()
				.map((post) -> toDocument(post).append("_id", post.id().toString())
					.append("thread", post.id().thread().value()))
				.toList());
		}
	}

	@Override
	public boolean updateText(PostId id, int expectedRevision, Markdown markdown, SafeHtml html, Instant at,
			MemberId editor, String editorName) {
		// Never on a post deleted meanwhile: its text is gone for good.
		return this.posts.updateOne(
				Filters.and(Filters.eq("_id", id.toString()), Filters.eq("rev", expectedRevision),
						Filters.ne("mod.state", PostModeration.State.DELETED.name())),
				Updates.combine(Updates.set("md", markdown.source()), Updates.set("html", html.html()),
						Updates.set("editedAt", Date.from(at)), Updates.set("editedBy", editorName),
						Updates.set("editor", editor.value()), Updates.inc("rev", 1)))
			.getModifiedCount() == 1;
	}

	@Override
	public void setHelpful(PostId id, MemberId member, boolean helpful) {
		this.posts.updateOne(Filters.eq("_id", id.toString()),
				helpful ? Updates.addToSet("helpful", member.value()) : Updates.pull("helpful", member.value()));
	}

	@Override
	public boolean setModeration(PostId id, PostModeration moderation) {
		// Hiding needs a visible post, showing a hidden one: a deletion that came first
		// is not overwritten.
		Bson state = (moderation != null) ? Filters.exists("mod", false)
				: Filters.eq("mod.state", PostModeration.State.HIDDEN.name());
		return this.posts
			.updateOne(Filters.and(Filters.eq("_id", id.toString()), state),
					(moderation != null) ? Updates.set("mod", toDocument(moderation)) : Updates.unset("mod"))
			.getMatchedCount() == 1;
	}

	@Override
	public WriteEvidence moderationEvidence(PostId id, PostModeration moderation) {
		Bson query = (moderation != null)
				? Filters.and(Filters.eq("_id", id.toString()), Filters.eq("mod.state", moderation.state().name()),
						Filters.eq("mod.at", Date.from(moderation.at())))
				: Filters.and(Filters.eq("_id", id.toString()), Filters.exists("mod", false));
		return new WriteEvidence("posts", query.toBsonDocument().toJson(), true);
	}

	@Override
	public void erase(PostId id, PostModeration moderation) {
		Document post = this.posts.find(Filters.eq("_id", id.toString()))
			.projection(Projections.include("rev"))
			.first();
		if (post == null) {
			return;
		}
		// The history first, then the text: a crash in between leaves the post as it
		// was (its current text is the post itself), and the deletion, asked again,
		// finishes. The other way round the deleted post kept its old texts for good,
		// since a deleted post cannot be deleted again.
		this.revisions.deleteMany(Filters.in("_id", revisionIds(id, post.get("rev", Number.class).intValue())));
		this.posts.updateOne(Filters.eq("_id", id.toString()), Updates.combine(Updates.set("md", Post.WITHHELD),
				Updates.set("html", ""), Updates.set("mod", toDocument(moderation))));
	}

	private static Document toDocument(PostModeration m) {
		return new Document("state", m.state().name()).append("reason", m.reason())
			.append("by", m.byName())
			.append("byAuthor", m.byAuthor())
			.append("at", Date.from(m.at()));
	}

	private static PostModeration moderation(Document d) {
		if (d == null) {
			return null;
		}
		return new PostModeration(PostModeration.State.valueOf(d.getString("state")), d.getString("reason"),
				d.getString("by"), Boolean.TRUE.equals(d.getBoolean("byAuthor")), d.getDate("at").toInstant());
	}

	/**
	 * Writes the post's text as it stands into its history, as the revision it is at:
	 * what any writer that read the post at that revision writes alike, so a repeated
	 * write (after a crash, or by two editors at once) replaces it with the same. A
	 * revision written by the code before 07.12.2026 (the new text stored before the post
	 * changed) is kept when the post does not name its editor.
	 */
	@Override
	public void archive(Post post) {
		String id = revisionId(post.id(), post.revision());
		Document current = this.posts.find(Filters.eq("_id", post.id().toString()))
			.projection(Projections.include("editor", "rev", "mod"))
			.first();
		if (current == null || current.get("rev", Number.class).intValue() != post.revision()
				|| PostModeration.State.DELETED.name()
					.equals(current.getEmbedded(List.of("mod", "state"), String.class))) {
			// Changed or deleted since it was read: the edit will find it stale.
			return;
		}
		PostRevision revision = currentRevision(post, current.getString("editor"));
		if (revision == null) {
			if (this.revisions.find(Filters.eq("_id", id)).first() != null) {
				return;
			}
			revision = currentRevision(post, post.author().value());
		}
		this.revisions.replaceOne(Filters.eq("_id", id),
				new Document("_id", id).append("md", revision.markdown().source())
					.append("editor", revision.editor().value())
					.append("editorName", revision.editorName())
					.append("at", Date.from(revision.at())),
				new ReplaceOptions().upsert(true));
	}

	/**
	 * The revision the post is at, {@code editor} having written it; null for an edited
	 * post that does not name its editor.
	 */
	private static PostRevision currentRevision(Post post, String editor) {
		if (post.revision() == 0) {
			return new PostRevision(post.id(), 0, post.markdown(), post.author(), post.authorName(), post.createdAt());
		}
		if (editor == null || post.editedAt() == null) {
			return null;
		}
		return new PostRevision(post.id(), post.revision(), post.markdown(), new MemberId(editor), post.editedByName(),
				post.editedAt());
	}

	/**
	 * The revisions before {@code upToRevision} from the history, and that one from the
	 * post itself while it is the post's current revision (and the post not deleted).
	 */
	@Override
	public List<PostRevision> findRevisions(PostId id, int upToRevision) {
		Map<Integer, PostRevision> found = new TreeMap<>();
		this.revisions.find(Filters.in("_id", revisionIds(id, upToRevision))).forEach((d) -> {
			String docId = d.getString("_id");
			int rev = Integer.parseInt(docId.substring(docId.lastIndexOf(':') + 1));
			found.put(rev, new PostRevision(id, rev, new Markdown(d.getString("md")),
					new MemberId(d.getString("editor")), d.getString("editorName"), d.getDate("at").toInstant()));
		});
		Document post = this.posts.find(Filters.eq("_id", id.toString())).first();
		if (post != null && post.get("rev", Number.class).intValue() == upToRevision) {
			Post current = fromDocument(id, post);
			PostRevision revision = current.isDeleted() ? null : currentRevision(current, post.getString("editor"));
			if (revision != null) {
				found.put(upToRevision, revision);
			}
		}
		return new ArrayList<>(found.values());
	}

	private static String revisionId(PostId post, int revision) {
		return post + ":" + revision;
	}

	/** The ids of revisions 0 to {@code upToRevision} of the post. */
	private static List<String> revisionIds(PostId post, int upToRevision) {
		List<String> ids = new ArrayList<>();
		for (int rev = 0; rev <= upToRevision; rev++) {
			ids.add(revisionId(post, rev));
		}
		return ids;
	}

	@Override
	public List<Post> findAll(ThreadId thread, int postCount) {
		List<Post> all = new ArrayList<>();
		for (int first = 1; first <= postCount; first += 200) {
			all.addAll(find(thread, first, Math.min(postCount, first + 199)));
		}
		return all;
	}

	@Override
	public List<Stamp> stamps(ThreadId thread, Collection<Integer> numbers) {
		List<Stamp> found = new ArrayList<>();
		if (numbers.isEmpty()) {
			return found;
		}
		this.posts.find(Filters.in("_id", numbers.stream().map((n) -> thread.value() + "-" + n).toList()))
			.projection(Projections.include("author", "authorName", "createdAt"))
			.forEach((d) -> found
				.add(new Stamp(PostId.parse(d.getString("_id")).number(), new MemberId(d.getString("author")),
						d.getString("authorName"), d.getDate("createdAt").toInstant())));
		found.sort(Comparator.comparingInt(Stamp::number));
		return found;
	}

	private List<Post> find(ThreadId thread, int from, int to) {
		List<String> ids = new ArrayList<>();
		for (int n = from; n <= to; n++) {
			ids.add(thread.value() + "-" + n);
		}
		List<Post> found = new ArrayList<>();
		this.posts.find(Filters.in("_id", ids))
			.forEach((d) -> found.add(fromDocument(PostId.parse(d.getString("_id")), d)));
		found.sort(Comparator.comparingInt(Post::number));
		return found;
	}

	private static Document toDocument(Post p) {
		Document d = new Document("author", p.author().value()).append("authorName", p.authorName())
			.append("authorUsername", p.authorUsername())
			.append("org", p.organisation().value())
			.append("orgName", p.organisationName())
			.append("orgKind", p.organisationKind().name())
			.append("md", p.markdown().source())
			.append("html", p.html().html())
			.append("createdAt", Date.from(p.createdAt()))
			.append("editedAt", (p.editedAt() != null) ? Date.from(p.editedAt()) : null)
			.append("editedBy", p.editedByName())
			.append("rev", p.revision())
			.append("quotes", p.quotes())
			.append("helpful", p.helpful().stream().map(MemberId::value).sorted().toList());
		if (p.moderation() != null) {
			d.append("mod", toDocument(p.moderation()));
		}
		return d;
	}

	private static Post fromDocument(PostId id, Document d) {
		Date edited = d.getDate("editedAt");
		Number quotes = d.get("quotes", Number.class);
		return new Post(id, new MemberId(d.getString("author")), d.getString("authorName"),
				d.getString("authorUsername"), new OrganisationId(d.getString("org")), d.getString("orgName"),
				OrganisationKind.valueOf(d.getString("orgKind")), new Markdown(d.getString("md")),
				new SafeHtml(d.getString("html")), d.getDate("createdAt").toInstant(),
				(edited != null) ? edited.toInstant() : null, d.getString("editedBy"),
				d.get("rev", Number.class).intValue(), (quotes != null) ? quotes.intValue() : null,
				d.getList("helpful", String.class, List.of()).stream().map(MemberId::new).collect(Collectors.toSet()),
				moderation(d.get("mod", Document.class)));
	}

	@Override
	public List<Post> findByAuthor(MemberId author) {
		List<Post> found = new ArrayList<>();
		this.posts.find(Filters.eq("author", author.value()))
			.forEach((d) -> found.add(fromDocument(PostId.parse(d.getString("_id")), d)));
		return found;
	}

	@Override
	public void deleteThread(ThreadId thread) {
		this.posts.deleteMany(Filters.eq("thread", thread.value()));
		this.revisions.deleteMany(Filters.regex("_id", "^" + java.util.regex.Pattern.quote(thread.value() + "-")));
	}

}
