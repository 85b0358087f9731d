package de.kommunalpakt.forum.thread;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.changes.ChangePublisher;
import de.kommunalpakt.forum.changes.ForumChange;
import de.kommunalpakt.forum.thread.PostRepository.Stamp;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Repairs what a crash between the writes of one use case leaves behind (the store has no
 * transactions): a reply reserves its number ({@code postCount}) together with its
 * activity, writes the post and logs the change, each a write of its own. Runs on every
 * start before the application takes requests and before the search indexer starts, and
 * checks each thread against the posts that exist:
 * <ul>
 * <li>{@code postCount} is the highest post number that exists (a reserved number whose
 * post was never written is given back; a post beyond the counter is counted);</li>
 * <li>the accepted answer exists (else it is taken back, ANSWERED becomes OPEN);</li>
 * <li>last activity and last poster are not older than the last post;</li>
 * <li>a thread active since the last check has its version in the change log (else search
 * and caches never learn of its last change).</li>
 * </ul>
 * A corrected thread gets a new version and a {@link ChangeKind#THREAD_REPAIRED} change,
 * one log line per correction. Gaps in the middle of the numbering (a reserved number
 * whose post never got written while a later one did) stay: post numbers are addresses
 * (links, quotes, notifications, search hits), so nothing is renumbered; the page loads
 * its twenty ids by {@code _id $in} and simply shows the posts that exist.
 * <p>
 * Cost: the tail of the change log since the last completed check (an {@code _id} range
 * with a projection), one pass over the threads, and per thread one {@code _id $in}
 * lookup of two or three post ids without their texts; only a thread whose last post is
 * missing is looked at further, 200 ids at a time. Safe to run on every start and by two
 * instances at once: a correction is stored only if the thread is still at the version
 * that was checked, and checked again otherwise.
 */
@Component
@Order(ThreadCheck.ORDER)
public class ThreadCheck implements ApplicationRunner {

	/** Runs before the search index check, which compares the corrected versions. */
	public static final int ORDER = 0;

	private static final Logger log = LoggerFactory.getLogger(ThreadCheck.class);

	private static final int WINDOW = 200;

	private static final int ATTEMPTS = 3;

	/** How far back the first check ever reads the change log. */
	private static final Duration FIRST_WINDOW = Duration.ofHours(1);

	private static final Duration MARGIN = Duration.ofMinutes(5);

	/**
	 * How old a post must be for a missing change to count as lost: a younger one's
	 * change may still be on its way into the log.
	 */
	private static final Duration SETTLED = Duration.ofSeconds(10);

	/** More posts without their change in one thread than a crash leaves. */
	static final int MAX_UNLOGGED = 10;

	private final ThreadRepository threads;

	private final PostRepository posts;

	private final ChangeLog changeLog;

	private final ChangePublisher changes;

	private final Clock clock;

	ThreadCheck(ThreadRepository threads, PostRepository posts, ChangeLog changeLog, ChangePublisher changes,
			Clock clock) {
		this.threads = threads;
		this.posts = posts;
		this.changeLog = changeLog;
		this.changes = changes;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		checkAll();
	}

	/** Checks every thread, corrects and logs what is wrong. */
	public Result checkAll() {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		// Only the tail of the change log since the last completed check (less a margin
		// for writes in flight and clocks of other instances) is read, and only if a
		// thread was active since: the stand-in scans the whole log even for an _id
		// range (5-6 s at 100,000 changes).
		Instant from = this.changeLog.threadCheckAt().orElse(now.minus(FIRST_WINDOW)).minus(MARGIN);
		Tail logged = new Tail(from);
		List<Thread> suspects = new ArrayList<>();
		List<Thread> active = new ArrayList<>();
		int[] checked = { 0 };
		// Corrections are written after the pass, not into the collection being read.
		this.threads.forEach((thread) -> {
			checked[0]++;
			if (!findings(thread, logged, from).isEmpty()) {
				suspects.add(thread);
			}
			if (!thread.lastActivityAt().isBefore(from)) {
				active.add(thread);
			}
		});
		List<String> corrections = new ArrayList<>();
		for (Thread suspect : suspects) {
			corrections.addAll(repair(suspect.id(), logged, from));
		}
		int loaded = 0;
		Set<ThreadId> repaired = new HashSet<>();
		suspects.forEach((suspect) -> repaired.add(suspect.id()));
		for (Thread thread : active) {
			// As the pass read it, unless a repair changed it since.
			Thread current = repaired.contains(thread.id()) ? this.threads.findById(thread.id()).orElse(null) : thread;
			List<String> announced = (current != null) ? announceUnlogged(current, logged, from, now.minus(SETTLED))
					: List.of();
			if (announced == null) {
				loaded++;
			}
			else {
				corrections.addAll(announced);
			}
		}
		if (loaded > 0) {
			log.info("Start-Prüfung: Themen mit mehr als {} Beiträgen ohne Eintrag im Änderungsprotokoll "
					+ "(nicht von einem Absturz, eingespielt?), nicht angekündigt: {}", MAX_UNLOGGED, loaded);
		}
		this.changeLog.recordThreadCheck(now);
		long millis = (System.nanoTime() - started) / 1_000_000;
		log.info(
				"Start-Prüfung der Themen: {} Themen in {} ms geprüft (Änderungsprotokoll seit {}: {} ms), {} Korrekturen",
				checked[0], millis, from, logged.millis, corrections.size());
		return new Result(checked[0], corrections, millis);
	}

	private List<String> repair(ThreadId id, Tail logged, Instant logFrom) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Thread thread = this.threads.findById(id).orElse(null);
			if (thread == null) {
				return List.of();
			}
			List<Finding> findings = findings(thread, logged, logFrom);
			if (findings.isEmpty()) {
				return List.of();
			}
			Thread corrected = thread;
			for (Finding f : findings) {
				corrected = f.corrected();
			}
			OptionalLong version = this.threads.repair(thread, corrected);
			if (version.isEmpty()) {
				// Changed meanwhile (another instance, a reply): check again.
				continue;
			}
			List<String> lines = new ArrayList<>();
			findings.forEach((f) -> lines.add(f.line()));
			long finalVersion = version.getAsLong();
			if (corrected.postCount() < thread.postCount()) {
				// A writer that had reserved a number just before the check may have
				// written its post since: count it again.
				Stamp beyond = highestFrom(id, corrected.postCount() + 1);
				if (beyond != null) {
					this.threads.raisePostCount(id, beyond.number());
					finalVersion = this.threads.findById(id).map(Thread::version).orElse(finalVersion);
				}
			}
			lines.forEach((line) -> log.warn(line));
			this.changes.publish(new ForumChange(null, ChangeKind.THREAD_REPAIRED, id.value(), corrected.postCount(),
					corrected.space().value(), null, finalVersion, this.clock.instant()));
			logged.versions().put(id.value(), finalVersion);
			return lines;
		}
		log.warn("Start-Prüfung: Thema {} ändert sich laufend, nicht korrigiert", id.value());
		return List.of();
	}

	/**
	 * Posts written since the tail began whose change never reached the log (a crash
	 * between the post and its change): each is announced now as the change it missed, so
	 * that notifications and mails reach those who watch, are named or asked (a repair
	 * change alone reloads derived data and notifies nobody). The log names the posts
	 * whose writing it holds; the posts between the lowest of those and the counter that
	 * it does not name, and the ones below it down to the first older than the tail, are
	 * looked up (usually the one post below). Only posts written {@code before} count: a
	 * later one may be in flight now, its change about to be logged. A crash loses the
	 * changes of the posts in flight, a few per thread; more than {@link #MAX_UNLOGGED}
	 * in one thread were written some other way (a bulk load, as the benchmarks do) and
	 * are only counted in the log.
	 * @return the lines logged, or null for such a thread
	 */
	private List<String> announceUnlogged(Thread thread, Tail logged, Instant from, Instant before) {
		ThreadId id = thread.id();
		Set<Integer> written = logged.writtenPosts().getOrDefault(id.value(), Set.of());
		int lowest = written.isEmpty() ? thread.postCount() + 1 : Collections.min(written);
		List<Stamp> unlogged = new ArrayList<>();
		List<Integer> gaps = IntStream.rangeClosed(lowest, thread.postCount())
			.filter((n) -> !written.contains(n))
			.boxed()
			.toList();
		for (int i = 0; i < gaps.size(); i += WINDOW) {
			stamps(id, gaps.subList(i, Math.min(gaps.size(), i + WINDOW))).values()
				.stream()
				.filter((s) -> !s.createdAt().isBefore(from))
				.forEach(unlogged::add);
		}
		// Below the lowest logged post: down to the first one older than the tail, one
		// post first (mostly that is it), then a few more than may be announced.
		int size = 1;
		boolean older = false;
		for (int hi = lowest - 1; hi >= 1 && !older
				&& unlogged.size() <= MAX_UNLOGGED; hi -= size, size = MAX_UNLOGGED + 1) {
			List<Stamp> window = new ArrayList<>(stamps(id, range(Math.max(1, hi - size + 1), hi)).values());
			Collections.reverse(window);
			for (Stamp s : window) {
				if (s.createdAt().isBefore(from)) {
					older = true;
					break;
				}
				unlogged.add(s);
			}
		}
		if (unlogged.size() > MAX_UNLOGGED) {
			log.debug("Start-Prüfung: Thema {}: mehr als {} Beiträge ohne Eintrag im Änderungsprotokoll", id.value(),
					MAX_UNLOGGED);
			return null;
		}
		List<String> lines = new ArrayList<>();
		unlogged.stream()
			.filter((s) -> s.createdAt().isBefore(before))
			.sorted(Comparator.comparingInt(Stamp::number))
			.forEach((s) -> {
				this.changes.publish(new ForumChange(null,
						(s.number() == 1) ? ChangeKind.THREAD_STARTED : ChangeKind.REPLY_POSTED, id.value(), s.number(),
						thread.space().value(), s.author().value(), thread.version(), s.createdAt()));
				String line = String.format(
						"Start-Prüfung: Thema %s: Beitrag #%d (%s) fehlte im Änderungsprotokoll, nachgetragen",
						id.value(), s.number(), s.createdAt());
				log.warn(line);
				lines.add(line);
			});
		return lines;
	}

	/**
	 * What is wrong with the thread; each finding carries the thread corrected up to and
	 * including it.
	 */
	private List<Finding> findings(Thread t, Tail logged, Instant logFrom) {
		List<Finding> findings = new ArrayList<>();
		List<Integer> probe = new ArrayList<>(List.of(t.postCount(), t.postCount() + 1));
		if (t.acceptedAnswer() != null && t.acceptedAnswer() < t.postCount()) {
			probe.add(t.acceptedAnswer());
		}
		Map<Integer, Stamp> found = stamps(t.id(), probe);
		Stamp last;
		if (found.containsKey(t.postCount() + 1)) {
			last = highestFrom(t.id(), t.postCount() + 1);
		}
		else if (found.containsKey(t.postCount())) {
			last = found.get(t.postCount());
		}
		else {
			last = highestBelow(t.id(), t.postCount() - 1);
		}
		if (last == null) {
			log.warn("Start-Prüfung: Thema {} hat keinen einzigen Beitrag; bleibt unverändert", t.id().value());
			return findings;
		}
		found.put(last.number(), last);
		Thread current = t;
		if (last.number() != t.postCount()) {
			current = with(current, last.number(), current.acceptedAnswer(), current.state(), current.lastActivityAt(),
					current.lastPosterName());
			findings.add(new Finding(current, (last.number() < t.postCount())
					? String.format("Start-Prüfung: Thema %s: Beitragszähler %d -> %d (Beiträge %d bis %d fehlen)",
							t.id().value(), t.postCount(), last.number(), last.number() + 1, t.postCount())
					: String.format(
							"Start-Prüfung: Thema %s: Beitragszähler %d -> %d (Beiträge bis %d waren nicht gezählt)",
							t.id().value(), t.postCount(), last.number(), last.number())));
		}
		Integer accepted = t.acceptedAnswer();
		if (accepted != null && (accepted > last.number() || !found.containsKey(accepted))) {
			current = with(current, current.postCount(), null,
					(current.state() == ThreadState.ANSWERED) ? ThreadState.OPEN : current.state(),
					current.lastActivityAt(), current.lastPosterName());
			findings.add(new Finding(current,
					String.format(
							"Start-Prüfung: Thema %s: akzeptierte Antwort #%d existiert nicht, Markierung entfernt",
							t.id().value(), accepted)));
		}
		else if (accepted == null && t.state() == ThreadState.ANSWERED) {
			current = with(current, current.postCount(), null, ThreadState.OPEN, current.lastActivityAt(),
					current.lastPosterName());
			findings.add(new Finding(current, String
				.format("Start-Prüfung: Thema %s: als beantwortet markiert ohne akzeptierte Antwort", t.id().value())));
		}
		boolean lostPosts = last.number() < t.postCount();
		if (last.createdAt().isAfter(t.lastActivityAt()) || (lostPosts && (!last.createdAt().equals(t.lastActivityAt())
				|| !java.util.Objects.equals(last.authorName(), t.lastPosterName())))) {
			current = with(current, current.postCount(), current.acceptedAnswer(), current.state(), last.createdAt(),
					last.authorName());
			findings.add(new Finding(current,
					String.format("Start-Prüfung: Thema %s: letzte Aktivität %s (%s) -> %s (%s, Beitrag #%d)",
							t.id().value(), t.lastActivityAt(), t.lastPosterName(), last.createdAt(), last.authorName(),
							last.number())));
		}
		// Only threads active since the tail began can miss a change in it. A reply
		// logs the version of its one write to the thread, an edit the version of its
		// touch: the newest change carries the thread's version. (Replies before
		// 2026-12-03 wrote the thread twice and logged the version of the first write;
		// such a thread gets one repair change. A lost change of an edit does not move
		// the last activity: the search index check catches that, as the edit moves the
		// version before the text.)
		boolean recent = !t.lastActivityAt().isBefore(logFrom);
		Long newest = recent ? logged.versions().get(t.id().value()) : null;
		if (recent && (newest == null || newest < t.version())) {
			current = with(current, current.postCount(), current.acceptedAnswer(), current.state(),
					current.lastActivityAt(), current.lastPosterName());
			findings.add(new Finding(current, String.format(
					"Start-Prüfung: Thema %s: Version %d fehlt im Änderungsprotokoll (dort zuletzt %s), nachgetragen",
					t.id().value(), t.version(), (newest != null) ? newest : "nichts")));
		}
		return findings;
	}

	/** The highest existing post at or below {@code from}, 200 ids per lookup. */
	private Stamp highestBelow(ThreadId id, int from) {
		for (int hi = from; hi >= 1; hi -= WINDOW) {
			Map<Integer, Stamp> window = stamps(id, range(Math.max(1, hi - WINDOW + 1), hi));
			if (!window.isEmpty()) {
				return ((TreeMap<Integer, Stamp>) window).lastEntry().getValue();
			}
		}
		return null;
	}

	/** The highest existing post from {@code from} upwards, or null if none is there. */
	private Stamp highestFrom(ThreadId id, int from) {
		Stamp highest = null;
		for (int lo = from;; lo += WINDOW) {
			Map<Integer, Stamp> window = stamps(id, range(lo, lo + WINDOW - 1));
			if (window.isEmpty()) {
				return highest;
			}
			highest = ((TreeMap<Integer, Stamp>) window).lastEntry().getValue();
		}
	}

	private Map<Integer, Stamp> stamps(ThreadId id, Collection<Integer> numbers) {
		Map<Integer, Stamp> byNumber = new TreeMap<>();
		this.posts.stamps(id, numbers.stream().filter((n) -> n >= 1).toList())
			.forEach((s) -> byNumber.put(s.number(), s));
		return byNumber;
	}

	private static List<Integer> range(int from, int to) {
		return IntStream.rangeClosed(from, to).boxed().toList();
	}

	private static Thread with(Thread t, int postCount, Integer accepted, ThreadState state, Instant lastActivityAt,
			String lastPosterName) {
		return new Thread(t.id(), t.space(), t.type(), t.title(), t.tags(), t.lands(), t.author(), t.authorName(),
				t.authorOrganisation(), t.authorOrganisationKind(), t.createdAt(), lastActivityAt, lastPosterName,
				postCount, state, t.pinned(), accepted, t.version(), t.hidden());
	}

	private record Finding(Thread corrected, String line) {
	}

	/** The newest logged version per thread since {@code from}, read on first use. */
	private final class Tail {

		private final Instant from;

		private ChangeLog.Tail read;

		private long millis;

		Tail(Instant from) {
			this.from = from;
		}

		Map<String, Long> versions() {
			return tail().newestVersions();
		}

		Map<String, Set<Integer>> writtenPosts() {
			return tail().writtenPosts();
		}

		private ChangeLog.Tail tail() {
			if (this.read == null) {
				long started = System.nanoTime();
				this.read = ThreadCheck.this.changeLog.tailSince(this.from);
				this.millis = (System.nanoTime() - started) / 1_000_000;
			}
			return this.read;
		}

	}

	/**
	 * What one run of the check did.
	 *
	 * @param threads threads checked
	 * @param corrections one line per correction, as logged
	 * @param millis how long it took
	 */
	public record Result(int threads, List<String> corrections, long millis) {
	}

}
