package de.kommunalpakt.forum.mail;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.notification.WatchLevel;
import de.kommunalpakt.forum.notification.WatchRepository;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelRepository;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.PostRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadType;
import de.kommunalpakt.forum.web.RequestActivity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Daily and weekly digests. Every minute, for each member with waiting notifications, the
 * newest slot of each digest they chose (the day at their hour, or the week on their day
 * at their hour, in German time) that has passed: the waiting notifications from before
 * it are tied to it, built into one mail and put into the outbox under the id
 * {@code digest:<member>:<slot>}, then removed. A slot whose mail is in the outbox
 * already is never built again (a crash after adding, or a notification composed late:
 * that waits for the next slot). Only threads the member may read at building time
 * appear; unanswered questions (no reply yet) about the member's Land come first, then
 * the new or changed reuse models of the Länder the member follows (watch level WATCH on
 * the Land), then the rest grouped by space and thread.
 *
 * <p>
 * Reuse models are not stored per member: at building time the digest of the watched
 * category lists the versions stored in its period (from the slot before to its slot) of
 * the followed Länder's models. A member following a Land whose model changed gets a
 * digest even without other news.
 */
@Service
public class MailDigests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final Logger log = LoggerFactory.getLogger(MailDigests.class);

	/** Digests built, added to the outbox and cleared together. */
	static final int BATCH = 50;

	/** The length of a post's excerpt in a digest, in characters (about three lines). */
	static final int EXCERPT = 240;

	private final DigestItems items;

	private final MailSettingsRepository settings;

	private final MailOutbox outbox;

	private final MemberRepository members;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final SpaceRepository spaces;

	private final MailComposer composer;

	private final MailProperties properties;

	private final MailTokens tokens;

	private final MailDispatcher dispatcher;

	private final ReuseModelRepository reuseModels;

	private final ReuseModelService reuse;

	private final WatchRepository watches;

	private final RequestActivity activity;

	/**
	 * Followers whose digest of a slot was looked at already: no second outbox lookup.
	 */
	private final Map<String, Instant> followersDone = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	MailDigests(DigestItems items, MailSettingsRepository settings, MailOutbox outbox, MemberRepository members,
			ThreadRepository threads, PostRepository posts, SpaceRepository spaces, MailComposer composer,
			MailProperties properties, MailTokens tokens, MailDispatcher dispatcher, ReuseModelRepository reuseModels,
			ReuseModelService reuse, WatchRepository watches, RequestActivity activity) {
		this.activity = activity;
		this.posts = posts;
		this.reuseModels = reuseModels;
		this.reuse = reuse;
		this.watches = watches;
		this.items = items;
		this.settings = settings;
		this.outbox = outbox;
		this.members = members;
		this.threads = threads;
		this.spaces = spaces;
		this.composer = composer;
		this.properties = properties;
		this.tokens = tokens;
		this.dispatcher = dispatcher;
		dispatcher.rebuildDigestsWith(this::rebuild);
	}

	@Scheduled(fixedDelay = 60_000, initialDelay = 30_000)
	public void run() {
		if (!this.properties.enabled()) {
			return;
		}
		try {
			if (sendDue(this.clock.instant()) > 0) {
				this.dispatcher.wake();
			}
		}
		catch (RuntimeException ex) {
			log.warn("Zusammenfassungen pausieren: {}", ex.toString());
		}
	}

	/**
	 * Builds every digest due at {@code now}; returns how many went into the outbox. A
	 * category is due when its oldest waiting item is older than its latest slot: members
	 * with nothing due cost nothing but their share of one read of the waiting items and
	 * of the settings (by id, in batches).
	 */
	public int sendDue(Instant now) {
		int added = 0;
		Map<String, DigestItems.Waiting> waiting = this.items.waiting();
		// Länder whose model changed within the longest digest period, and their
		// followers.
		Set<LandCode> changed = this.reuseModels.findAll()
			.stream()
			.filter((m) -> m.updatedAt().isAfter(now.minus(Duration.ofDays(8))))
			.map(ReuseModel::land)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(LandCode.class)));
		Set<String> candidates = new LinkedHashSet<>(waiting.keySet());
		Set<String> followers = followers(changed);
		candidates.addAll(followers);
		Map<String, MailSettings> settingsById = this.settings.findAll(candidates);
		Map<String, Map<Instant, List<Category>>> due = new LinkedHashMap<>();
		for (String memberId : candidates) {
			MailSettings chosen = settingsById.getOrDefault(memberId, MailSettings.defaults(memberId, null));
			DigestItems.Waiting state = waiting.get(memberId);
			Map<Category, Instant> oldest = (state != null) ? state.oldest() : Map.of();
			Instant built = (state != null) ? state.built() : null;
			boolean follower = followers.contains(memberId);
			Map<Instant, List<Category>> slots = new TreeMap<>();
			for (Category category : Category.values()) {
				Delivery delivery = (category == Category.OWN) ? chosen.own() : chosen.watched();
				if (delivery == Delivery.DAILY || delivery == Delivery.WEEKLY) {
					Instant slot = latestSlot(delivery, chosen.digestHour(), chosen.digestDay(), now);
					Instant first = oldest.get(category);
					boolean itemsDue = first != null && first.isBefore(slot) && !slot.equals(built);
					boolean modelsDue = category == Category.WATCHED && follower
							&& !slot.equals(this.followersDone.get(memberId));
					if (itemsDue || modelsDue) {
						slots.computeIfAbsent(slot, (s) -> new ArrayList<>()).add(category);
					}
				}
				else if (oldest.containsKey(category)) {
					// Immediately or never now: what waited for a digest goes.
					this.items.removeFree(memberId, category);
				}
			}
			if (!slots.isEmpty()) {
				due.put(memberId, slots);
			}
		}
		// The due members' records in batches (an _id lookup each on the stand-in).
		Map<String, Member> membersById = new HashMap<>();
		List<MemberId> dueIds = due.keySet().stream().map(MemberId::new).toList();
		for (int from = 0; from < dueIds.size(); from += 500) {
			this.members.findAllById(dueIds.subList(from, Math.min(dueIds.size(), from + 500)))
				.forEach((m) -> membersById.put(m.id().value(), m));
		}
		Pass pass = new Pass();
		List<Job> batch = new ArrayList<>();
		Set<String> inBatch = new HashSet<>();
		for (Map.Entry<String, Map<Instant, List<Category>>> member : due.entrySet()) {
			String memberId = member.getKey();
			MailSettings chosen = settingsById.getOrDefault(memberId, MailSettings.defaults(memberId, null));
			boolean follower = followers.contains(memberId);
			for (Map.Entry<Instant, List<Category>> slot : member.getValue().entrySet()) {
				// A member's second slot (weekly and daily at once) goes into the next
				// batch: a batch reads and writes each member's document once.
				if (batch.size() == BATCH || inBatch.contains(memberId)) {
					added += digests(batch, pass);
					batch.clear();
					inBatch.clear();
				}
				boolean watched = slot.getValue().contains(Category.WATCHED);
				Set<LandCode> followed = (watched && follower) ? followed(memberId, changed) : Set.of();
				batch.add(new Job(chosen, Optional.ofNullable(membersById.get(memberId)),
						new DigestItems.Due(memberId, slot.getValue(), slot.getKey()), followed, watched && follower));
				inBatch.add(memberId);
			}
		}
		added += digests(batch, pass);
		return added;
	}

	/**
	 * One member's digest of one slot.
	 *
	 * @param chosen the member's settings
	 * @param member the member's record, if there is one
	 * @param due the slot and its categories
	 * @param followed the followed Länder whose models changed
	 * @param follower whether the slot is the one of a follower's watched digest
	 */
	private record Job(MailSettings chosen, Optional<Member> member, DigestItems.Due due, Set<LandCode> followed,
			boolean follower) {
	}

	/**
	 * The digests of one batch: their items tied in one write, the mails into the outbox
	 * in one, the slots cleared in one or two (each waits for the journal); the mails
	 * offered to the dispatcher by id. Each read, each digest and the writes are steps of
	 * {@link RequestActivity#step}: while people use the forum, one at a time in the
	 * pauses between their requests, so that posting meanwhile finds at most one step
	 * running; while nobody does, at once. The items are tied before the mails are built:
	 * after a crash before the mails are in the outbox, the same items make the same
	 * mails; after one between adding them and clearing the slots, the same mails are
	 * built again and the outbox refuses them by their ids. Clearing notes the slot as
	 * built, so items that arrive later wait for the next one.
	 */
	private int digests(List<Job> batch, Pass pass) {
		if (batch.isEmpty()) {
			return 0;
		}
		List<DigestItems.Due> due = batch.stream().map(Job::due).toList();
		Map<String, List<DigestItem>> taken = this.activity.step(() -> this.items.takeAll(due));
		List<OutgoingMail> mails = new ArrayList<>();
		for (Job job : batch) {
			List<DigestItem> waiting = taken.getOrDefault(job.due().memberId(), List.of());
			Instant slot = job.due().slot();
			if (job.member().isPresent() && job.chosen().recipient() != null) {
				this.activity.step(() -> {
					List<ReuseModelVersion> models = job.followed().isEmpty() ? List.of()
							: this.reuse.changes(job.member().get().asActor(), job.followed(),
									previousSlot(job.chosen().watched(), slot), slot);
					if (!waiting.isEmpty() || !models.isEmpty()) {
						build("digest:" + job.due().memberId() + ":" + slot, job.member().get(), job.chosen(), slot,
								waiting, models, job.followed(), pass)
							.ifPresent(mails::add);
					}
				});
			}
		}
		int added = this.activity.step(() -> {
			int stored = this.outbox.addAll(mails);
			this.items.doneAll(due);
			return stored;
		});
		for (Job job : batch) {
			if (job.follower()) {
				this.followersDone.put(job.due().memberId(), job.due().slot());
			}
		}
		if (added > 0) {
			// Claimed by id: no scan of the outbox to find them.
			this.dispatcher.offer(mails.stream().map(OutgoingMail::id).toList());
		}
		return added;
	}

	/**
	 * Threads, spaces and posts read once per pass (a day's digests name the same ones),
	 * and each post's excerpt made once (from its HTML, a parse each time).
	 */
	private static final class Pass {

		final Map<String, Optional<Thread>> threads = new HashMap<>();

		final Map<PostId, Optional<Post>> posts = new HashMap<>();

		final Map<PostId, String> excerpts = new HashMap<>();

		final Map<String, Optional<Space>> spaces = new HashMap<>();

	}

	/** Members watching any of these Länder. */
	private Set<String> followers(Set<LandCode> lands) {
		if (lands.isEmpty()) {
			return Set.of();
		}
		Set<String> followers = new LinkedHashSet<>();
		this.watches.watchers(lands.stream().map((l) -> WatchTarget.land(l.name())).toList())
			.values()
			.forEach((byMember) -> byMember.forEach((member, level) -> {
				if (level == WatchLevel.WATCH) {
					followers.add(member.value());
				}
			}));
		return followers;
	}

	/** Of these Länder, those the member watches. */
	private Set<LandCode> followed(String memberId, Set<LandCode> lands) {
		Map<String, WatchLevel> own = this.watches.settings(new MemberId(memberId));
		return lands.stream()
			.filter((l) -> own.get(WatchTarget.land(l.name()).key()) == WatchLevel.WATCH)
			.collect(Collectors.toCollection(() -> EnumSet.noneOf(LandCode.class)));
	}

	/** The start of the digest period that ends at {@code slot}. */
	static Instant previousSlot(Delivery delivery, Instant slot) {
		ZonedDateTime at = slot.atZone(BERLIN);
		return ((delivery == Delivery.WEEKLY) ? at.minusWeeks(1) : at.minusDays(1)).toInstant();
	}

	/** The newest start of a digest period at or before {@code now}. */
	static Instant latestSlot(Delivery delivery, int hour, DayOfWeek day, Instant now) {
		ZonedDateTime at = now.atZone(BERLIN);
		ZonedDateTime slot = at.toLocalDate().atTime(hour, 0).atZone(BERLIN);
		if (delivery == Delivery.WEEKLY) {
			slot = slot.with(TemporalAdjusters.previousOrSame(day));
			return (slot.isAfter(at) ? slot.minusWeeks(1) : slot).toInstant();
		}
		return (slot.isAfter(at) ? slot.minusDays(1) : slot).toInstant();
	}

	/**
	 * The digest {@code mail} built again from its source, as it goes out now: threads
	 * the member may no longer read are left out, so that its other news are not lost
	 * with them. Same id, {@code Message-ID} and recipient; empty when nothing is left,
	 * the member is gone or has no address, or the mail is no digest with a source.
	 */
	public Optional<OutgoingMail> rebuild(OutgoingMail mail) {
		OutgoingMail.DigestSource source = mail.digest();
		if (source == null) {
			return Optional.empty();
		}
		Optional<Member> member = this.members.findById(new MemberId(mail.memberId()));
		MailSettings chosen = this.settings.findOrDefault(mail.memberId());
		if (member.isEmpty() || chosen.recipient() == null) {
			return Optional.empty();
		}
		List<ReuseModelVersion> models = source.followed().isEmpty() ? List.of()
				: this.reuse.changes(member.get().asActor(), source.followed(),
						previousSlot(chosen.watched(), source.slot()), source.slot());
		return build(mail.id(), member.get(), chosen, source.slot(), source.items(), models, source.followed(),
				new Pass())
			.map((rebuilt) -> mail.withContent(rebuilt.subject(), rebuilt.text(), rebuilt.html(), rebuilt.threads(),
					rebuilt.digest()));
	}

	private Optional<OutgoingMail> build(String id, Member member, MailSettings chosen, Instant slot,
			List<DigestItem> waiting, List<ReuseModelVersion> models, Set<LandCode> followed, Pass pass) {
		// Per thread: its items, in order; only threads the member may read now.
		Map<String, List<DigestItem>> byThread = new LinkedHashMap<>();
		waiting.forEach((i) -> byThread.computeIfAbsent(i.threadId(), (t) -> new ArrayList<>()).add(i));
		Map<String, Space> spaceById = new LinkedHashMap<>();
		Map<String, Map<Thread, List<DigestItem>>> bySpace = new TreeMap<>();
		List<Thread> unanswered = new ArrayList<>();
		for (Map.Entry<String, List<DigestItem>> entry : byThread.entrySet()) {
			Thread thread = pass.threads.computeIfAbsent(entry.getKey(), (t) -> this.threads.findById(new ThreadId(t)))
				.orElse(null);
			if (thread == null) {
				continue;
			}
			Space space = spaceById.computeIfAbsent(thread.space().value(),
					(s) -> pass.spaces.computeIfAbsent(s, (k) -> this.spaces.findById(thread.space())).orElse(null));
			if (space == null || !space.readableBy(member.asActor())
					|| !de.kommunalpakt.forum.thread.ThreadService.isShownTo(thread, member.asActor())) {
				continue;
			}
			if (thread.type() == ThreadType.QUESTION && thread.postCount() <= 1 && member.land() != null
					&& thread.lands().contains(member.land())) {
				unanswered.add(thread);
			}
			bySpace.computeIfAbsent(space.name(), (n) -> new LinkedHashMap<>()).put(thread, entry.getValue());
		}
		if (bySpace.isEmpty() && models.isEmpty()) {
			return Optional.empty();
		}
		int count = bySpace.values().stream().mapToInt((m) -> m.values().stream().mapToInt(List::size).sum()).sum();
		int threadCount = bySpace.values().stream().mapToInt(Map::size).sum();
		Set<Category> categories = EnumSet.noneOf(Category.class);
		waiting.forEach((i) -> categories.add(i.category()));
		Category unsubscribeFrom = (categories.contains(Category.WATCHED) || !models.isEmpty()) ? Category.WATCHED
				: Category.OWN;
		String unsubscribe = this.properties
			.link("/mail/abbestellen/" + this.tokens.sign("unsubscribe", member.id().value(), unsubscribeFrom.name()));
		String settingsLink = this.properties.link("/benachrichtigungen/einstellungen");
		String subject = (count > 0) ? msg("digest.subject", count, threadCount)
				: msg("digest.subjectModels", models.size());
		String intro = (count > 0) ? msg("digest.intro", count, threadCount) : msg("digest.introModels");
		StringBuilder text = new StringBuilder(msg("mail.greeting", member.displayName())).append("\n\n")
			.append(intro)
			.append("\n");
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>")
			.append(esc(subject))
			.append("</title></head><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\"><p>")
			.append(esc(msg("mail.greeting", member.displayName())))
			.append("</p><p>")
			.append(esc(intro))
			.append("</p>");
		if (!unanswered.isEmpty()) {
			String heading = msg("digest.unanswered", member.land().displayName());
			text.append("\n").append(heading).append("\n");
			html.append("<h2>").append(esc(heading)).append("</h2><ul>");
			for (Thread t : unanswered) {
				String link = this.properties.link("/t/" + t.id().value());
				text.append("- ").append(t.title()).append(": ").append(link).append("\n");
				html.append("<li><a href=\"")
					.append(esc(link))
					.append("\">")
					.append(esc(t.title()))
					.append("</a></li>");
			}
			html.append("</ul>");
		}
		if (!models.isEmpty()) {
			String heading = msg("digest.reuseModels");
			text.append("\n").append(heading).append("\n");
			html.append("<h2>").append(esc(heading)).append("</h2><ul>");
			for (ReuseModelVersion v : models) {
				String link = this.properties
					.link("/modelle/" + v.land().name().toLowerCase(Locale.ROOT) + "/versionen?version=" + v.number());
				String fields = String.join(", ",
						v.changedFields().stream().map((f) -> msg("reuse.field." + f)).toList());
				String line = msg("digest.reuseModel", v.land().displayName(), v.profile().name(), v.number(),
						msg("reuse.status." + v.profile().status().name()), fields);
				text.append("- ").append(line).append("\n  ").append(link).append("\n");
				html.append("<li><a href=\"").append(esc(link)).append("\">").append(esc(line)).append("</a></li>");
			}
			html.append("</ul>");
		}
		for (Map.Entry<String, Map<Thread, List<DigestItem>>> space : bySpace.entrySet()) {
			text.append("\n").append(space.getKey()).append("\n");
			html.append("<h2>").append(esc(space.getKey())).append("</h2><ul>");
			for (Map.Entry<Thread, List<DigestItem>> thread : space.getValue().entrySet()) {
				List<DigestItem> news = thread.getValue();
				DigestItem newest = news.get(news.size() - 1);
				String link = this.properties.link("/beitraege/" + newest.threadId() + "-" + newest.postNumber());
				Optional<Post> latest = latestPost(news, member, pass);
				// "zuletzt von" only when the newest news is not the post quoted below.
				boolean newestQuoted = latest.isPresent() && MailComposer.BY_AUTHOR.contains(newest.kind())
						&& latest.get().number() == newest.postNumber();
				String summary = msg("digest.news", news.size())
						+ (newestQuoted ? "" : msg("digest.lastBy", newest.actorName()));
				text.append("- ").append(thread.getKey().title()).append(": ").append(summary).append("\n");
				html.append("<li><a href=\"")
					.append(esc(link))
					.append("\">")
					.append(esc(thread.getKey().title()))
					.append("</a>: ")
					.append(esc(summary));
				if (latest.isPresent()) {
					Post post = latest.get();
					String by = msg("digest.latestPost", post.authorName(), MailComposer.organisationOf(post));
					String excerpt = pass.excerpts.computeIfAbsent(post.id(),
							(key) -> MailComposer.excerpt(post, EXCERPT));
					text.append("  ").append(by).append("\n  > ").append(excerpt.replace("\n", "\n  > ")).append("\n");
					html.append("<br>")
						.append(esc(by))
						.append("<blockquote style=\"border-left:4px solid #7a7a7a;margin:0.25em 0;padding:0 1em\">")
						.append(esc(excerpt))
						.append("</blockquote>");
				}
				text.append("  ").append(link).append("\n");
				html.append("</li>");
			}
			html.append("</ul>");
		}
		// A reply to a digest goes to the sender's address, which posts nothing: say so
		// where it names threads (a reply to a single post's mail does post).
		String why = msg("digest.why") + (bySpace.isEmpty() ? "" : " " + msg("digest.noReply"));
		text.append("\n-- \n")
			.append(why)
			.append("\n")
			.append(msg("mail.settings"))
			.append(": ")
			.append(settingsLink)
			.append("\n")
			.append(msg("mail.unsubscribe"))
			.append(": ")
			.append(unsubscribe)
			.append("\n");
		html.append("<hr><p style=\"font-size:0.9em\">")
			.append(esc(why))
			.append("<br><a href=\"")
			.append(esc(settingsLink))
			.append("\">")
			.append(esc(msg("mail.settings")))
			.append("</a> · <a href=\"")
			.append(esc(unsubscribe))
			.append("\">")
			.append(esc(msg("mail.unsubscribe")))
			.append("</a></p></body></html>");
		// The threads it names, each checked again right before sending; its source
		// (their items), to build it again without one the member can no longer read.
		List<String> named = bySpace.values()
			.stream()
			.flatMap((m) -> m.keySet().stream())
			.map((t) -> t.id().value())
			.toList();
		Set<String> included = new HashSet<>(named);
		List<DigestItem> source = waiting.stream().filter((i) -> included.contains(i.threadId())).toList();
		return Optional.of(OutgoingMail
			.compose(id, member.id().value(), chosen.recipient(), subject, text.toString(), html.toString(),
					this.composer.messageId("digest." + slot.toEpochMilli(), member.id().value()), null, null,
					unsubscribe, this.clock.instant())
			.withThreads(named)
			.withDigest(new OutgoingMail.DigestSource(slot, source, models.isEmpty() ? Set.of() : followed)));
	}

	/**
	 * The newest post among a thread's news whose text the member may read now (a post
	 * hidden or deleted since is passed over), read once per pass; empty when the news
	 * are no posts (an accepted answer, moderation) or none is readable.
	 */
	private Optional<Post> latestPost(List<DigestItem> news, Member member, Pass pass) {
		int tried = 0;
		for (int i = news.size() - 1; i >= 0 && tried < 3; i--) {
			DigestItem item = news.get(i);
			if (!MailComposer.BY_AUTHOR.contains(item.kind())) {
				continue;
			}
			tried++;
			PostId id = new PostId(new ThreadId(item.threadId()), item.postNumber());
			Optional<Post> post = pass.posts.computeIfAbsent(id, this.posts::findById);
			if (post.isPresent() && post.get().showsTextTo(member.asActor())) {
				return post;
			}
		}
		return Optional.empty();
	}

	private String msg(String code, Object... args) {
		return this.composer.msg(code, args);
	}

	private static String esc(String text) {
		return MailComposer.esc(text);
	}

}
