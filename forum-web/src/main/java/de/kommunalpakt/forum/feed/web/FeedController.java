package de.kommunalpakt.forum.feed.web;

import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;

import de.kommunalpakt.forum.feed.FeedTokens;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Atom feeds (ROME) of a space, a tag, a Land, a thread and the reuse models of the
 * Länder (one entry per new version), at {@code /feeds/<token>/…}: the token stands for
 * its member, and every feed shows only what that member may read now (the same checks as
 * the pages). An unknown or revoked token gets 404.
 */
@RestController
class FeedController {

	static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");

	private static final int ENTRIES = 30;

	private final FeedTokens tokens;

	private final MemberRepository members;

	private final ThreadService threads;

	private final SpaceRepository spaces;

	private final PostRepository posts;

	private final ReuseModelService models;

	private final MessageSource messages;

	FeedController(FeedTokens tokens, MemberRepository members, ThreadService threads, SpaceRepository spaces,
			PostRepository posts, ReuseModelService models, MessageSource messages) {
		this.models = models;
		this.messages = messages;
		this.tokens = tokens;
		this.members = members;
		this.threads = threads;
		this.spaces = spaces;
		this.posts = posts;
	}

	@GetMapping("/feeds/{token}/bereiche/{spaceId}")
	ResponseEntity<String> space(@PathVariable String token, @PathVariable String spaceId) {
		Actor actor = actor(token);
		Space space = this.spaces.findById(new SpaceId(spaceId))
			.filter((s) -> s.readableBy(actor))
			.orElseThrow(() -> new ForumException.NotFound("space.notFound"));
		return threadFeed("Forum Kommunalpakt: " + space.name(), "/bereiche/" + space.id().value(), actor,
				ThreadQuery.in(java.util.Set.of(space.id())));
	}

	@GetMapping("/feeds/{token}/schlagworte/{tag}")
	ResponseEntity<String> tag(@PathVariable String token, @PathVariable String tag) {
		Actor actor = actor(token);
		return threadFeed("Forum Kommunalpakt: #" + tag, "/", actor, ThreadQuery.in(java.util.Set.of()).withTag(tag));
	}

	@GetMapping("/feeds/{token}/laender/{land}")
	ResponseEntity<String> land(@PathVariable String token, @PathVariable String land) {
		Actor actor = actor(token);
		LandCode code = LandCode.parse(land).orElseThrow(() -> new ForumException.NotFound("feed.notFound"));
		return threadFeed("Forum Kommunalpakt: " + code.displayName(), "/", actor,
				ThreadQuery.in(java.util.Set.of()).withLand(code));
	}

	@GetMapping("/feeds/{token}/themen/{threadId}")
	ResponseEntity<String> thread(@PathVariable String token, @PathVariable String threadId) {
		Actor actor = actor(token);
		Thread thread = this.threads.get(actor, new ThreadId(threadId));
		List<Post> all = this.posts.findAll(thread.id(), thread.postCount());
		List<SyndEntry> entries = all.subList(Math.max(0, all.size() - ENTRIES), all.size())
			.reversed()
			.stream()
			// Hidden and deleted posts keep their place without their text, as on the
			// page.
			.map((p) -> p.readableBy(actor))
			.map((p) -> entry(thread.title() + " – Beitrag " + p.number() + " von " + p.authorName(),
					"/beitraege/" + p.id(), p.editedAt() != null ? p.editedAt() : p.createdAt(), p.authorName(),
					MarkdownRenderer.plainText(p.html())))
			.toList();
		return atom(thread.title(), "/t/" + thread.id().value(), entries);
	}

	/**
	 * New and changed reuse models: every version (a new model is its version 1), newest
	 * first; drafts only for their Land and the moderation.
	 */
	@GetMapping("/feeds/{token}/nachnutzungsmodelle")
	ResponseEntity<String> reuseModels(@PathVariable String token) {
		Actor actor = actor(token);
		List<ReuseModelVersion> versions = this.models.changes(actor, EnumSet.allOf(LandCode.class), Instant.EPOCH,
				Instant.now());
		List<SyndEntry> entries = versions.subList(0, Math.min(ENTRIES, versions.size()))
			.stream()
			.map((v) -> entry(
					msg("feeds.reuse.entry", v.land().displayName(), v.profile().name(), v.number(),
							msg("reuse.status." + v.profile().status().name())),
					"/modelle/" + v.land().name().toLowerCase(Locale.ROOT) + "/versionen?version=" + v.number(), v.at(),
					v.authorName(),
					msg("feeds.reuse.changed",
							String.join(", ",
									v.changedFields().stream().map((f) -> msg("reuse.field." + f)).toList()))))
			.toList();
		return atom(msg("feeds.reuse.title"), "/modelle", entries);
	}

	private String msg(String code, Object... args) {
		return this.messages.getMessage(code, args, code, Locale.GERMAN);
	}

	private ResponseEntity<String> threadFeed(String title, String path, Actor actor, ThreadQuery query) {
		List<SyndEntry> entries = this.threads.list(actor, query.sortedBy(ThreadQuery.Sort.ACTIVITY), 0, ENTRIES)
			.items()
			.stream()
			.map((t) -> entry(t.title(), "/t/" + t.id().value(), t.lastActivityAt(), t.authorName(),
					t.postCount() + " Beiträge, zuletzt von " + t.lastPosterName()))
			.toList();
		return atom(title, path, entries);
	}

	private SyndEntry entry(String title, String path, java.time.Instant updated, String author, String text) {
		SyndEntry entry = new SyndEntryImpl();
		entry.setTitle(title);
		entry.setLink(link(path));
		entry.setUri(link(path));
		entry.setUpdatedDate(Date.from(updated));
		entry.setPublishedDate(Date.from(updated));
		entry.setAuthor(author);
		SyndContentImpl content = new SyndContentImpl();
		content.setType("text");
		content.setValue(text);
		entry.setDescription(content);
		return entry;
	}

	private ResponseEntity<String> atom(String title, String path, List<SyndEntry> entries) {
		SyndFeed feed = new SyndFeedImpl();
		feed.setFeedType("atom_1.0");
		feed.setTitle(title);
		feed.setLink(link(path));
		feed.setUri(link(path));
		feed.setLanguage("de");
		feed.setPublishedDate(entries.isEmpty() ? new Date(0) : entries.get(0).getUpdatedDate());
		feed.setEntries(entries);
		try {
			return ResponseEntity.ok().contentType(ATOM).body(new SyndFeedOutput().outputString(feed));
		}
		catch (FeedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Actor actor(String token) {
		return this.tokens.member(token)
			.flatMap(this.members::findById)
			.map(de.kommunalpakt.forum.member.Member::asActor)
			.orElseThrow(() -> new ForumException.NotFound("feed.notFound"));
	}

	private static String link(String path) {
		// Paths are the forum's own (ids, Land codes, a version number), no user text.
		return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() + path;
	}

}
