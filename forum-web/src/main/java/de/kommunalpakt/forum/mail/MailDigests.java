package de.kommunalpakt.forum.mail;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.MailSettings.Delivery;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadType;
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
 * appear; unanswered questions (no reply yet) about the member's Land come first, the
 * rest grouped by space and thread.
 */
@Service
public class MailDigests {

	static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final Logger log = LoggerFactory.getLogger(MailDigests.class);

	private final DigestItems items;

	private final MailSettingsRepository settings;

	private final MailOutbox outbox;

	private final MemberRepository members;

	private final ThreadRepository threads;

	private final SpaceRepository spaces;

	private final MailComposer composer;

	private final MailProperties properties;

	private final MailTokens tokens;

	private final MailDispatcher dispatcher;

	private final Clock clock = Clock.systemUTC();

	MailDigests(DigestItems items, MailSettingsRepository settings, MailOutbox outbox, MemberRepository members,
			ThreadRepository threads, SpaceRepository spaces, MailComposer composer, MailProperties properties,
			MailTokens tokens, MailDispatcher dispatcher) {
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

	/** Builds every digest due at {@code now}; returns how many went into the outbox. */
	public int sendDue(Instant now) {
		int added = 0;
		for (String memberId : this.items.membersWaiting()) {
			MailSettings chosen = this.settings.findOrDefault(memberId);
			Map<Instant, List<Category>> slots = new TreeMap<>();
			for (Category category : Category.values()) {
				Delivery delivery = (category == Category.OWN) ? chosen.own() : chosen.watched();
				if (delivery == Delivery.DAILY || delivery == Delivery.WEEKLY) {
					slots
						.computeIfAbsent(latestSlot(delivery, chosen.digestHour(), chosen.digestDay(), now),
								(s) -> new ArrayList<>())
						.add(category);
				}
				else if (delivery == Delivery.NEVER || chosen.email() == null) {
					this.items.removeFree(memberId, category);
				}
			}
			for (Map.Entry<Instant, List<Category>> slot : slots.entrySet()) {
				if (digest(chosen, slot.getKey(), slot.getValue())) {
					added++;
				}
			}
		}
		return added;
	}

	private boolean digest(MailSettings chosen, Instant slot, List<Category> categories) {
		String id = "digest:" + chosen.memberId() + ":" + slot;
		if (this.outbox.find(id).isPresent()) {
			this.items.removeSlot(chosen.memberId(), slot);
			return false;
		}
		this.items.assign(chosen.memberId(), categories, slot);
		List<DigestItem> waiting = this.items.inSlot(chosen.memberId(), slot);
		Optional<Member> member = this.members.findById(new MemberId(chosen.memberId()));
		boolean added = false;
		if (!waiting.isEmpty() && member.isPresent() && chosen.email() != null) {
			Optional<OutgoingMail> mail = build(id, member.get(), chosen, slot, waiting);
			added = mail.isPresent() && this.outbox.add(mail.get());
		}
		this.items.removeSlot(chosen.memberId(), slot);
		return added;
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

	private Optional<OutgoingMail> build(String id, Member member, MailSettings chosen, Instant slot,
			List<DigestItem> waiting) {
		// Per thread: its items, in order; only threads the member may read now.
		Map<String, List<DigestItem>> byThread = new LinkedHashMap<>();
		waiting.forEach((i) -> byThread.computeIfAbsent(i.threadId(), (t) -> new ArrayList<>()).add(i));
		Map<String, Space> spaceById = new LinkedHashMap<>();
		Map<String, Map<Thread, List<DigestItem>>> bySpace = new TreeMap<>();
		List<Thread> unanswered = new ArrayList<>();
		for (Map.Entry<String, List<DigestItem>> entry : byThread.entrySet()) {
			Thread thread = this.threads.findById(new ThreadId(entry.getKey())).orElse(null);
			if (thread == null) {
				continue;
			}
			Space space = spaceById.computeIfAbsent(thread.space().value(),
					(s) -> this.spaces.findById(thread.space()).orElse(null));
			if (space == null || !space.readableBy(member.asActor())) {
				continue;
			}
			if (thread.type() == ThreadType.QUESTION && thread.postCount() <= 1 && member.land() != null
					&& thread.lands().contains(member.land())) {
				unanswered.add(thread);
			}
			bySpace.computeIfAbsent(space.name(), (n) -> new LinkedHashMap<>()).put(thread, entry.getValue());
		}
		if (bySpace.isEmpty()) {
			return Optional.empty();
		}
		int count = bySpace.values().stream().mapToInt((m) -> m.values().stream().mapToInt(List::size).sum()).sum();
		int threadCount = bySpace.values().stream().mapToInt(Map::size).sum();
		Set<Category> categories = EnumSet.noneOf(Category.class);
		waiting.forEach((i) -> categories.add(i.category()));
		Category unsubscribeFrom = categories.contains(Category.WATCHED) ? Category.WATCHED : Category.OWN;
		String unsubscribe = this.properties
			.link("/mail/abbestellen/" + this.tokens.sign("unsubscribe", member.id().value(), unsubscribeFrom.name()));
		String settingsLink = this.properties.link("/benachrichtigungen/einstellungen");
		String subject = msg("digest.subject", count, threadCount);
		StringBuilder text = new StringBuilder(msg("mail.greeting", member.displayName())).append("\n\n")
			.append(msg("digest.intro", count, threadCount))
			.append("\n");
		StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>")
			.append(esc(subject))
			.append("</title></head><body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\"><p>")
			.append(esc(msg("mail.greeting", member.displayName())))
			.append("</p><p>")
			.append(esc(msg("digest.intro", count, threadCount)))
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
		for (Map.Entry<String, Map<Thread, List<DigestItem>>> space : bySpace.entrySet()) {
			text.append("\n").append(space.getKey()).append("\n");
			html.append("<h2>").append(esc(space.getKey())).append("</h2><ul>");
			for (Map.Entry<Thread, List<DigestItem>> thread : space.getValue().entrySet()) {
				List<DigestItem> news = thread.getValue();
				DigestItem newest = news.get(news.size() - 1);
				String link = this.properties.link("/beitraege/" + newest.threadId() + "-" + newest.postNumber());
				String line = msg("digest.thread", thread.getKey().title(), news.size(), newest.actorName());
				text.append("- ").append(line).append("\n  ").append(link).append("\n");
				html.append("<li><a href=\"")
					.append(esc(link))
					.append("\">")
					.append(esc(thread.getKey().title()))
					.append("</a>: ")
					.append(esc(msg("digest.threadNews", news.size(), newest.actorName())))
					.append("</li>");
			}
			html.append("</ul>");
		}
		String why = msg("digest.why");
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
		return Optional
			.of(OutgoingMail.compose(id, member.id().value(), chosen.email(), subject, text.toString(), html.toString(),
					"digest." + slot.toEpochMilli() + "." + member.id().value().hashCode() + "@" + this.composer.host(),
					null, null, unsubscribe, this.clock.instant()));
	}

	private String msg(String code, Object... args) {
		return this.composer.msg(code, args);
	}

	private static String esc(String text) {
		return MailComposer.esc(text);
	}

}
