package de.kommunalpakt.forum.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.PassWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.web.RequestActivity;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Sends the outbox over SMTP on its own thread. A mail is claimed (pending to sending)
 * before it goes to the relay and marked sent when the relay accepted it; a failed
 * attempt waits {@code forum.mail.first-retry}, doubling up to {@code max-retry}, and
 * after {@code max-attempts} the mail stays failed, visible at
 * {@code /admin/postausgang}. Right before sending, the recipient's right to read the
 * thread is checked again: a mail about a space the member may no longer read is dropped.
 * New mails are offered by id ({@link #offer}); the outbox is searched for the others
 * (retries, released claims) every {@link #SCAN_EVERY}, and also as soon as a retry this
 * instance scheduled is due (a retry another instance scheduled goes out at the next
 * search).
 *
 * <p>
 * A mail claimed by an instance that stopped before the relay answered is pending again
 * after {@link #STALE}; if the relay had accepted it in that moment, it goes out a second
 * time with the same {@code Message-ID} (mail clients show it once). That is the only way
 * to a duplicate: SMTP cannot tell whether a message whose answer never arrived was
 * accepted.
 *
 * <p>
 * While the relay cannot be reached at all, the dispatcher tries one mail per round and
 * connection instead of every due one ({@link #outage()}): the rest of the batch waits
 * for the next round without using up a try, and no mail is claimed until then. The
 * rounds come {@code first-retry} apart, doubling up to
 * {@link MailProperties#PROBE_AT_MOST}.
 */
@Service
public class MailDispatcher implements SmartLifecycle {

	/** How long a claim holds before another attempt may take the mail. */
	static final Duration STALE = Duration.ofMinutes(2);

	/** How long finished mails stay in the outbox. */
	static final Duration KEPT = Duration.ofDays(30);

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

	/**
	 * Mails claimed together (offered ids, or the search for due mails, which scans the
	 * outbox on the stand-in).
	 */
	private static final int BATCH = 250;

	/**
	 * Longest wait between the relay accepting a mail and the write that marks it sent
	 * (with the others accepted meanwhile).
	 */
	static final Duration MARK_WITHIN = Duration.ofMillis(100);

	/**
	 * How often the outbox is searched for due mails nobody offered by id: retries after
	 * their wait (at least 30 s), mails released from a stale claim, mails a stopped
	 * instance left (retries this instance scheduled start a search when due). Everything
	 * the forum puts into the outbox is offered (immediate mails, digests, bounces). On
	 * the stand-in the search reads every mail kept (30 days, with their texts); once a
	 * second, as the dispatcher's poll did until 03.12.2026, it read the 10,000 digests
	 * of ./forum bench-mail every second from the morning on.
	 */
	static final Duration SCAN_EVERY = Duration.ofSeconds(30);

	/** How often an outage of the relay is logged again while it lasts. */
	static final Duration REMIND = Duration.ofMinutes(10);

	/**
	 * Threads of the SMTP connections: platform threads, a few per batch. They were
	 * virtual, and a batch sent right after a start froze the whole JVM (seen on the
	 * second start of the crash test): two of them loading Jakarta Mail's classes blocked
	 * in the class loader, pinned to the scheduler's two carrier threads (one per core),
	 * while the third, which held the lock of the forum's jar they waited for, had no
	 * carrier left to go on.
	 */
	private static final ThreadFactory SENDER_THREADS = java.lang.Thread.ofPlatform()
		.name("mail-smtp-", 1)
		.daemon(true)
		.factory();

	static {
		MailStreams.avoidServiceLookups();
	}

	private final MailOutbox outbox;

	private final JavaMailSender sender;

	private final MailProperties properties;

	private final MemberRepository members;

	private final ThreadRepository threads;

	private final SpaceRepository spaces;

	/**
	 * Whether mail to a member is paused (delivery reports), and where refusals count.
	 */
	private final MailSettingsRepository settings;

	private final Clock clock;

	private final RequestActivity activity;

	private final PassWorker worker = new PassWorker("mail-dispatcher", this::sendDue);

	/** Ids offered by {@link #offer}, claimed before the outbox is scanned. */
	private final Queue<String> offered = new ConcurrentLinkedQueue<>();

	/**
	 * When this instance last scanned the outbox for due mails (its thread only), or
	 * null.
	 */
	private Instant scanned;

	/**
	 * When the retries this instance scheduled are due: the outbox is searched as soon as
	 * the first of them is (retries a search found due are removed).
	 */
	private final ConcurrentSkipListSet<Instant> retries = new ConcurrentSkipListSet<>();

	/**
	 * Builds a digest again without the threads its member may no longer read (set by
	 * {@link MailDigests}); empty: nothing left to send.
	 */
	private volatile Function<OutgoingMail, Optional<OutgoingMail>> digests = (mail) -> Optional.empty();

	/** When this instance last released stale claims (its thread only), or null. */
	private Instant released;

	/**
	 * Since when the relay cannot be reached and when it is tried again; null while it
	 * answers (written by the dispatcher's thread).
	 */
	private volatile Outage outage;

	/** When the current outage was last logged (the dispatcher's thread only). */
	private Instant outageLogged;

	/**
	 * The relay's answer that refused the bounces address as envelope sender; from then
	 * on this instance sends with the sender's own (null while it takes it).
	 */
	private final AtomicReference<String> envelopeRefused = new AtomicReference<>();

	/**
	 * How long a domain the relay passed mail on to counts as proof that a refusal to
	 * relay to another domain is about that domain ({@link #relaysOtherDomains}).
	 */
	static final Duration RELAY_MEMORY = Duration.ofDays(1);

	/**
	 * Recipient domains the relay passed mail on to, with when it last did (one entry per
	 * domain the forum mails to).
	 */
	private final Map<String, Instant> relayedTo = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Recipient domains the relay refused to relay to, with when it first did since it
	 * last passed mail on to them.
	 */
	private final Map<String, Instant> relayDeniedTo = new java.util.concurrent.ConcurrentHashMap<>();

	@Autowired
	MailDispatcher(MailOutbox outbox, JavaMailSender sender, MailProperties properties, MemberRepository members,
			ThreadRepository threads, SpaceRepository spaces, MailSettingsRepository settings,
			RequestActivity activity) {
		this(outbox, sender, properties, members, threads, spaces, settings, Clock.systemUTC(), activity);
	}

	/**
	 * With a clock of its own (tests of the backoff).
	 * @param activity whether people use the forum (bulk sending yields to them)
	 */
	public MailDispatcher(MailOutbox outbox, JavaMailSender sender, MailProperties properties, MemberRepository members,
			ThreadRepository threads, SpaceRepository spaces, MailSettingsRepository settings, Clock clock,
			RequestActivity activity) {
		this.outbox = outbox;
		this.settings = settings;
		this.activity = activity;
		this.sender = sender;
		this.properties = properties;
		this.members = members;
		this.threads = threads;
		this.spaces = spaces;
		this.clock = clock;
	}

	/**
	 * How a digest naming a thread its member may no longer read is built again right
	 * before it goes out.
	 */
	public void rebuildDigestsWith(Function<OutgoingMail, Optional<OutgoingMail>> rebuild) {
		this.digests = rebuild;
	}

	@Scheduled(fixedDelay = 1000)
	public void poll() {
		wake();
	}

	/**
	 * Finished mails stay {@link #KEPT} for the administrators' outbox, then go (as
	 * /datenschutz says).
	 */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
	public void prune() {
		try {
			this.outbox.pruneBefore(this.clock.instant().minus(KEPT));
		}
		catch (RuntimeException ex) {
			log.warn("Alte Mails nicht entfernt: {}", ex.toString());
		}
	}

	/** Sends what is due now, on the dispatcher's thread. */
	public void wake() {
		if (this.properties.enabled()) {
			this.worker.wake();
		}
	}

	/**
	 * Sends what is due now, searching the outbox however recently it was searched, and
	 * waits for it (tests).
	 */
	public void drain() throws Exception {
		this.worker.runAndWait(() -> pass(true), Duration.ofSeconds(60));
	}

	/**
	 * Mails just put into the outbox (immediate mails, a batch of digests, a bounce), to
	 * be claimed by id: a morning's 10,000 digests scanned it once per batch of
	 * {@link #BATCH}, and the search for the rest runs only every {@link #SCAN_EVERY}.
	 */
	public void offer(List<String> ids) {
		if (this.properties.enabled() && this.worker.isRunning() && !ids.isEmpty()) {
			this.offered.addAll(ids);
			this.worker.wake();
		}
	}

	/**
	 * A mail that failed for good goes out again, with all its tries (an administrator's
	 * decision, from the outbox page); false when it has not failed.
	 */
	public boolean resend(String id) {
		if (!this.outbox.resend(id, this.clock.instant())) {
			return false;
		}
		offer(List.of(id));
		return true;
	}

	/**
	 * Every mail that failed for good to an address containing {@code to} (null or blank:
	 * any) goes out again, with all its tries; returns how many. The next pass searches
	 * the outbox for them.
	 */
	public long resendFailed(String to) {
		Instant now = this.clock.instant();
		long again = this.outbox.resendFailed(to, now);
		if (again > 0) {
			this.retries.add(now);
			wake();
		}
		return again;
	}

	/**
	 * The relay cannot be reached: since when, the last error, and when it is tried
	 * again; empty while it answers.
	 */
	Optional<Outage> outage() {
		return Optional.ofNullable(this.outage);
	}

	/**
	 * An outage of the relay as the dispatcher saw it.
	 *
	 * @param since the first try that could not reach it
	 * @param error that try's error
	 * @param next when it is tried again (one mail)
	 * @param rounds tries so far
	 */
	record Outage(Instant since, String error, Instant next, int rounds) {
	}

	/**
	 * One pass: every mail due now, each claimed, checked and sent; returns how many the
	 * relay accepted.
	 */
	public int sendDue() {
		return pass(false);
	}

	/**
	 * A pass: offered mails, then a search of the outbox if {@code search} or if the last
	 * one is {@link #SCAN_EVERY} ago or a retry this instance scheduled is due.
	 */
	private int pass(boolean search) {
		int sent = 0;
		try {
			// A scan of the outbox on the stand-in: not on every pass (a digest morning
			// wakes the dispatcher every second), a claim goes stale after minutes.
			Instant now = this.clock.instant();
			if (this.released == null || !now.isBefore(this.released.plus(STALE.dividedBy(4)))) {
				this.outbox.releaseStale(now.minus(STALE));
				this.released = now;
			}
			// Batch after batch while batches come full: one batch per wake-up (once a
			// second) held the outbox at 100 mails/s, 100 s for a morning's 10,000
			// digests. Offered mails first, by id; then, every SCAN_EVERY, the outbox is
			// searched for the rest (again while that comes full).
			boolean retryDue = !this.retries.isEmpty() && !this.retries.first().isAfter(now);
			boolean scan = search || retryDue || this.scanned == null || !now.isBefore(this.scanned.plus(SCAN_EVERY));
			Outage down = this.outage;
			if (down != null) {
				if (now.isBefore(down.next())) {
					// Nothing is claimed before the relay's next try. Offered mails are
					// pending in the outbox, due now: that try's search finds them.
					this.offered.clear();
					return 0;
				}
				scan = true;
			}
			try (Connections connections = new Connections(this.properties.connections())) {
				while (this.worker.isRunning()) {
					List<String> ids = takeOffered();
					if (ids.isEmpty()) {
						if (!scan) {
							break;
						}
						this.scanned = this.clock.instant();
						this.retries.headSet(this.scanned, true).clear();
						ids = this.outbox.due(this.scanned, BATCH);
						scan = ids.size() == BATCH;
						if (ids.isEmpty()) {
							break;
						}
					}
					// The batch claimed in one write: a claim per mail, each waiting for
					// the journal, was half of a digest morning's writes.
					Instant claimedAt = this.clock.instant();
					List<String> claiming = ids;
					List<OutgoingMail> claimed = this.activity.step(() -> this.outbox.claimAll(claiming, claimedAt));
					Batch batch = connections.sendAll(claimed, claimedAt);
					sent += batch.accepted;
					if (batch.unreachable != null) {
						relayDown(down, batch, this.clock.instant());
						return sent;
					}
					if (batch.stopped) {
						break;
					}
				}
			}
			// A try after the wait found the relay (or nothing to send).
			if (down != null && this.outage == down) {
				this.outage = null;
			}
			if (down != null && sent > 0) {
				log.warn("Mailserver wieder erreichbar (kein Versand seit {}, {} Versuche); die wartenden Mails "
						+ "gehen hinaus", down.since(), down.rounds());
			}
		}
		catch (RuntimeException ex) {
			// The database refused: what is claimed comes back after STALE.
			log.warn("Postausgang pausiert: {}", ex.toString());
		}
		return sent;
	}

	/**
	 * A try could not reach the relay: the mails of the batch nobody tried wait for the
	 * next try without using up one of theirs, the outage is kept (the first time and
	 * every {@link #REMIND} logged), and nothing is claimed until the next try.
	 */
	private void relayDown(Outage before, Batch batch, Instant now) {
		int rounds = (before != null) ? before.rounds() + 1 : 1;
		Instant next = now.plus(this.properties.probeWait(rounds));
		String error = answer(batch.unreachable);
		Instant since = (before != null) ? before.since() : now;
		this.outage = new Outage(since, error, next, rounds);
		this.offered.clear();
		Blocked why = Blocked.of(batch.unreachable);
		if (!batch.untried.isEmpty()) {
			this.outbox.postponeAll(batch.untried, next, why.note);
		}
		if (before == null || this.outageLogged == null || !now.isBefore(this.outageLogged.plus(REMIND))) {
			this.outageLogged = now;
			if (before == null) {
				log.warn("{}: {}.{} Der Postausgang versucht je Runde nur eine Mail je Verbindung, die nächste um {}",
						why.text, error, why.check, next);
			}
			else {
				log.warn("{}, seit {} min ({} Versuche): {}. Nächster Versuch um {}", why.text,
						Duration.between(since, now).toMinutes(), rounds, error, next);
			}
		}
	}

	/**
	 * Why no mail can go for now: the note on the mails nobody tried, what the log says,
	 * and what to check.
	 */
	private enum Blocked {

		UNREACHABLE(MailOutbox.RELAY_DOWN, "Mailserver nicht erreichbar", ""),
		LOGIN(MailOutbox.RELAY_LOGIN, "Mailserver lehnt die Anmeldung des Forums ab",
				" FORUM_MAIL_USERNAME, FORUM_MAIL_PASSWORD und FORUM_MAIL_AUTH prüfen (FORUM_MAIL_STARTTLS, "
						+ "wenn er TLS verlangt)."),
		TLS(MailOutbox.RELAY_TLS, "TLS-Verbindung zum Mailserver gescheitert",
				" Sein Zertifikat und FORUM_MAIL_STARTTLS prüfen."),
		RELAY(MailOutbox.RELAY_DENIED, "Mailserver leitet die Mails des Forums nicht weiter",
				" Prüfen, ob er eine Anmeldung verlangt (FORUM_MAIL_USERNAME, FORUM_MAIL_PASSWORD, FORUM_MAIL_AUTH) "
						+ "oder das Forum (seine Adresse, FORUM_MAIL_FROM) erst zulassen muss.");

		final String note;

		final String text;

		final String check;

		Blocked(String note, String text, String check) {
			this.note = note;
			this.text = text;
			this.check = check;
		}

		static Blocked of(Exception ex) {
			return loginRefused(ex) ? LOGIN : relayDenied(ex) ? RELAY : tlsFailed(ex) ? TLS : UNREACHABLE;
		}

	}

	private List<String> takeOffered() {
		List<String> ids = new ArrayList<>();
		String id;
		while (ids.size() < BATCH && (id = this.offered.poll()) != null) {
			ids.add(id);
		}
		return ids;
	}

	/**
	 * How a batch went.
	 *
	 * @param accepted mails the relay accepted
	 * @param stopped the pass ends (stopping, or the claim ran long)
	 * @param unreachable why the relay could not be reached, or null
	 * @param untried the claimed mails nobody tried because it could not be reached
	 */
	private record Batch(int accepted, boolean stopped, Exception unreachable, List<String> untried) {
	}

	/**
	 * The SMTP connections of a pass, {@code forum.mail.connections} of them, each on a
	 * thread of its own per batch: one connection waits for the relay's answer to each
	 * mail before the next (87 to 90 mails/s to the local GreenMail, 10,000 digests in
	 * 115 s). This thread marks the accepted mails sent meanwhile, in one write at most
	 * {@link #MARK_WITHIN} after the first of them was accepted: a write per mail was a
	 * round trip to the database per mail, most of the outbox's waiting. Each mail and
	 * the claim are steps of {@link RequestActivity#step}: while people use the forum,
	 * one at a time over all connections, in the pauses between their requests.
	 */
	private final class Connections implements AutoCloseable {

		private final List<Relay> relays = new ArrayList<>();

		Connections(int count) {
			for (int i = 0; i < count; i++) {
				this.relays.add(new Relay());
			}
		}

		Batch sendAll(List<OutgoingMail> batch, Instant claimedAt) {
			List<OutgoingMail> claimed = withoutPaused(batch);
			if (claimed.isEmpty()) {
				return new Batch(0, false, null, List.of());
			}
			Set<String> unreadable = unreadable(claimed);
			Queue<OutgoingMail> queue = new ConcurrentLinkedQueue<>(revised(claimed, unreadable));
			BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
			AtomicBoolean stopped = new AtomicBoolean();
			AtomicReference<Exception> unreachable = new AtomicReference<>();
			List<Future<?>> senders = new ArrayList<>();
			int marked = 0;
			RuntimeException failed = null;
			try (ExecutorService threads = Executors.newThreadPerTaskExecutor(SENDER_THREADS)) {
				for (Relay relay : this.relays.subList(0, Math.min(this.relays.size(), claimed.size()))) {
					senders.add(threads.submit(() -> {
						try {
							drain(queue, relay, unreadable, claimedAt, accepted, stopped, unreachable);
						}
						finally {
							accepted.add(Accepted.DONE);
						}
					}));
				}
				try {
					marked = mark(accepted, senders);
				}
				catch (RuntimeException ex) {
					// The database refused the marks: no more mails on this claim.
					stopped.set(true);
					failed = ex;
				}
			}
			for (Future<?> sender : senders) {
				try {
					sender.get();
				}
				catch (ExecutionException ex) {
					if (failed == null) {
						failed = (ex.getCause() instanceof RuntimeException runtime) ? runtime
								: new IllegalStateException(ex.getCause());
					}
				}
				catch (InterruptedException ex) {
					java.lang.Thread.currentThread().interrupt();
					stopped.set(true);
				}
			}
			if (failed != null) {
				throw failed;
			}
			List<String> untried = new ArrayList<>();
			if (unreachable.get() != null) {
				queue.forEach((mail) -> untried.add(mail.id()));
			}
			return new Batch(marked, stopped.get(), unreachable.get(), untried);
		}

		/**
		 * Marks accepted mails sent until every sender has finished: each write holds
		 * what was accepted within {@link #MARK_WITHIN} of its first mail. A sender that
		 * ends says so ({@link Accepted#DONE}), so the batch ends with its last mark, not
		 * with a further wait of up to {@link #MARK_WITHIN} (once per batch of
		 * {@link #BATCH}, some 40 times for a morning's 10,000 digests).
		 */
		private int mark(BlockingQueue<Accepted> accepted, List<Future<?>> senders) {
			int marked = 0;
			int done = 0;
			Map<String, Instant> marks = new LinkedHashMap<>();
			try {
				while (true) {
					Accepted first = accepted.poll(MARK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
					if (first == null || first == Accepted.DONE) {
						done += (first == null) ? 0 : 1;
						if ((done == senders.size() || senders.stream().allMatch(Future::isDone))
								&& accepted.isEmpty()) {
							return marked;
						}
						continue;
					}
					marks.put(first.id(), first.at());
					long until = first.nanos() + MARK_WITHIN.toNanos();
					Accepted next;
					while (marks.size() < BATCH && done < senders.size()
							&& (next = accepted.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
						if (next == Accepted.DONE) {
							done++;
						}
						else {
							marks.put(next.id(), next.at());
						}
					}
					// Waiting for the journal: a mark that did not would leave
					// its pages to the next commit, which may be a post's (see
					// MailJournalTests). A crash between the relay's answer and
					// this write sends these mails again after STALE. Not a step
					// of RequestActivity: a mark waiting for a pause between
					// requests would widen that window.
					this.outbox().sentAll(marks);
					marked += marks.size();
					marks.clear();
					if (done == senders.size() && accepted.isEmpty()) {
						return marked;
					}
				}
			}
			catch (InterruptedException ex) {
				java.lang.Thread.currentThread().interrupt();
				// Stopping: what was accepted is marked still.
				accepted.stream().filter((a) -> a != Accepted.DONE).forEach((a) -> marks.put(a.id(), a.at()));
				this.outbox().sentAll(marks);
				return marked + marks.size();
			}
		}

		private MailOutbox outbox() {
			return MailDispatcher.this.outbox;
		}

		/**
		 * One connection's share: mails from the batch until it is empty, the pass stops,
		 * the claim runs long or the relay cannot be reached.
		 */
		private void drain(Queue<OutgoingMail> queue, Relay relay, Set<String> unreadable, Instant claimedAt,
				BlockingQueue<Accepted> accepted, AtomicBoolean stopped, AtomicReference<Exception> unreachable) {
			OutgoingMail mail;
			while (!stopped.get() && (mail = queue.poll()) != null) {
				// Stopping, or a slow relay: the rest of the claim is released after
				// STALE rather than sent while another instance may take it.
				if (!MailDispatcher.this.worker.isRunning()
						|| MailDispatcher.this.clock.instant().isAfter(claimedAt.plus(STALE.dividedBy(2)))) {
					stopped.set(true);
					return;
				}
				try {
					OutgoingMail sending = mail;
					Exception failure = MailDispatcher.this.activity
						.step(() -> send(sending, relay, !unreadable.contains(sending.id())));
					if (failure == null) {
						Instant at = MailDispatcher.this.clock.instant();
						String domain = domain(mail.to());
						MailDispatcher.this.relayedTo.put(domain, at);
						MailDispatcher.this.relayDeniedTo.remove(domain);
						accepted.add(new Accepted(mail.id(), at, System.nanoTime()));
					}
					else if (failure != NOT_SENT && !(failure instanceof DomainRefused) && blocked(failure)) {
						// The other connections stop too: the rest waits for the next
						// try.
						unreachable.compareAndSet(null, failure);
						stopped.set(true);
						return;
					}
				}
				catch (RuntimeException ex) {
					stopped.set(true);
					throw ex;
				}
			}
		}

		@Override
		public void close() {
			this.relays.forEach(Relay::close);
		}

	}

	/**
	 * The batch with each digest that names a thread its member may no longer read built
	 * again without it and stored so (the outbox shows what went out); such a digest
	 * leaves {@code unreadable} unless nothing is left of it.
	 */
	private List<OutgoingMail> revised(List<OutgoingMail> claimed, Set<String> unreadable) {
		if (unreadable.isEmpty()) {
			return claimed;
		}
		List<OutgoingMail> batch = new ArrayList<>(claimed.size());
		for (OutgoingMail claim : claimed) {
			// A claim comes without a digest's source: read with it.
			OutgoingMail mail = unreadable.contains(claim.id()) ? this.outbox.find(claim.id()).orElse(claim) : claim;
			Optional<OutgoingMail> rebuilt = (unreadable.contains(mail.id()) && mail.digest() != null)
					? this.digests.apply(mail) : Optional.empty();
			if (rebuilt.isPresent()) {
				this.outbox.revise(rebuilt.get());
				unreadable.remove(mail.id());
				log.info("Zusammenfassung {} ohne nicht mehr lesbare Themen gebaut: {} statt {} Themen", mail.id(),
						rebuilt.get().threads().size(), mail.threads().size());
				batch.add(rebuilt.get());
			}
			else {
				batch.add(mail);
			}
		}
		return batch;
	}

	/** A mail the relay accepted, to be marked sent. */
	private record Accepted(String id, Instant at, long nanos) {

		/** A sender's last word: it has ended. */
		static final Accepted DONE = new Accepted(null, null, 0);

	}

	/** {@link #send}: the mail was not for sending (dropped). */
	private static final Exception NOT_SENT = new Exception("nicht gesendet");

	/**
	 * {@link #send}: the relay refused to pass the mail on to its recipient's domain
	 * while it passes mail on to others (it relays only to some domains): a refusal about
	 * this mail, not a reason for the others to wait.
	 */
	private static final class DomainRefused extends Exception {

		DomainRefused(Exception cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	/** The domain of an address, in lower case (the address itself without an @). */
	static String domain(String address) {
		return address.substring(address.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the relay passed mail on to a domain other than {@code domain} within
	 * {@link #RELAY_MEMORY}, no earlier than it first refused {@code domain} (since it
	 * last took mail for it): then its refusal to relay to {@code domain} is about that
	 * domain (a relay that passes mail on only to some networks), not about the forum.
	 * Until 06.12.2026 (morning) every such refusal counted as the relay relaying nothing
	 * for the forum: the mails to that domain waited for good, and each of them stopped
	 * everyone's mail for a round (30 s, doubling to 5 min). Until 06.12.2026 (evening)
	 * any domain passed on within the day counted, also before the refusal: a relay that
	 * turned to refusing everything was taken for one that refuses some domains, as long
	 * as a domain of the day had no new mail, and the waiting mails failed after eight
	 * tries.
	 */
	private boolean relaysOtherDomains(String domain, Instant firstDenied, Instant now) {
		Instant since = now.minus(RELAY_MEMORY);
		for (Map.Entry<String, Instant> relayed : this.relayedTo.entrySet()) {
			if (!relayed.getKey().equals(domain) && relayed.getValue().isAfter(since)
					&& !relayed.getValue().isBefore(firstDenied)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Sends one mail; null when the relay accepted it (the caller marks it sent), else
	 * why not. A mail whose recipient may no longer read one of its threads is dropped
	 * ({@link #NOT_SENT}), a refused one waits for its next attempt or fails for good.
	 */
	private Exception send(OutgoingMail mail, Relay relay, boolean readable) {
		if (!readable) {
			// A digest with its source was built again first: none of its threads is
			// left.
			String reason = (mail.digest() == null)
					? ((mail.threads().size() > 1) ? "Kein Lesezugriff mehr auf ein Thema der Zusammenfassung"
							: "Kein Lesezugriff mehr auf das Thema")
					: ((mail.threads().size() > 1) ? "Kein Lesezugriff mehr auf die Themen der Zusammenfassung"
							: "Kein Lesezugriff mehr auf das Thema der Zusammenfassung");
			this.outbox.giveUp(mail.id(), mail.attempts(), reason, true);
			return NOT_SENT;
		}
		try {
			relay.send(message(mail));
			return null;
		}
		catch (MailException | MessagingException ex) {
			String bounces = this.properties.bounceAddress();
			if (relay.withBounces() && envelopeRefused(ex, bounces)) {
				// The same mail again at once without the bounces address, and all
				// mails after it, also those each connection had in hand then.
				if (this.envelopeRefused.compareAndSet(null, ex.getMessage())) {
					log.warn("Das Relay nimmt den Umschlag-Absender {} nicht an: {}. Mails gehen ab jetzt mit ihrem "
							+ "Absender als Umschlag-Absender hinaus, Zustellberichte kommen dann nicht ins Antwortpostfach. "
							+ "FORUM_MAIL_IMAP_BOUNCES=false legt das fest.", bounces, ex.getMessage());
				}
				return send(mail, relay, true);
			}
			int attempts = mail.attempts() + 1;
			String error = answer(ex);
			Instant now = this.clock.instant();
			boolean domainRefused = false;
			if (relayDenied(ex)) {
				String domain = domain(mail.to());
				Instant first = this.relayDeniedTo.putIfAbsent(domain, now);
				domainRefused = relaysOtherDomains(domain, (first != null) ? first : now, now);
				if (domainRefused) {
					error = "Mailserver leitet nicht an " + domain + " weiter: " + error;
				}
			}
			String unknown = recipientUnknown(ex);
			if (unknown != null) {
				// The address itself is refused for good: no further try helps, and it
				// counts like a delivery report (three in a row pause mail to it).
				this.outbox.giveUp(mail.id(), attempts, "Adresse abgelehnt: " + unknown, false);
				boolean paused = this.settings.countFailure(mail.memberId(), mail.to(), this.clock.instant(), unknown);
				log.warn("Mail {} nicht zustellbar, das Relay lehnt die Adresse ab: {}{}", mail.id(), unknown,
						paused ? "; Mails an Mitglied " + mail.memberId() + " pausiert" : "");
				return ex;
			}
			// Only a lasting answer of the relay about this mail ends it: while the relay
			// cannot be reached at all, the mail waits on (at most maxRetry between
			// tries), so that an outage of some hours loses nothing; while it answers
			// "later" (4xx: throttled, greylisted, short of space), for a day.
			boolean waitFor = (blocked(ex) && !domainRefused) || (transientAnswer(ex) && mail.createdAt() != null
					&& mail.createdAt().isAfter(now.minus(TRANSIENT_FOR)));
			if (attempts >= this.properties.maxAttempts() && !waitFor) {
				this.outbox.giveUp(mail.id(), attempts, error, false);
				log.warn("Mail {} nach {} Versuchen aufgegeben: {}", mail.id(), attempts, error);
			}
			else {
				Instant next = now.plus(this.properties.backoff(attempts));
				this.outbox.retry(mail.id(), attempts, next, error);
				this.retries.add(next);
				log.info("Mail {} nicht gesendet (Versuch {}), nächster um {}: {}", mail.id(), attempts, next, error);
			}
			return domainRefused ? new DomainRefused(ex) : ex;
		}
	}

	/**
	 * What the outbox and the log say about a refusal: the relay's own answer where one
	 * is among the causes (a refused recipient comes as Jakarta Mail's "Invalid
	 * Addresses" with the answer inside), else the exception's message.
	 */
	static String answer(Exception ex) {
		return causes(ex).stream()
			.map((t) -> String.valueOf(t.getMessage()).strip())
			.filter((m) -> m.matches("(?s)[45]\\d\\d[ -].*"))
			.findFirst()
			.orElse(ex.getMessage());
	}

	/**
	 * Whether no mail can go until the relay is back or its configuration is mended: it
	 * cannot be reached, refuses the forum's login or relays nothing for it. The mails
	 * then wait without using up their tries.
	 */
	static boolean blocked(Exception ex) {
		return unreachable(ex) || loginRefused(ex) || relayDenied(ex);
	}

	/**
	 * Whether the relay refused to pass the mail on for the forum (relaying denied): the
	 * forum must log in first or be let in by the relay, else no mail to another domain
	 * goes. Postfix {@code 554 5.7.1 <…>: Relay access denied}, Sendmail
	 * {@code 550 5.7.1 <…>... Relaying denied}, Exim {@code 550 relay not permitted},
	 * Exchange {@code 550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain},
	 * Microsoft 365 {@code 550 5.7.64 TenantAttribution; Relay Access Denied}; Postfix
	 * with {@code defer_unauth_destination} answers the same with 454 4.7.1. Other 5.7.x
	 * answers (a message taken for spam, a sender not allowed) are about the mail.
	 */
	static boolean relayDenied(Exception ex) {
		return causes(ex).stream()
			.anyMatch((t) -> RELAY_DENIED.matcher(String.valueOf(t.getMessage()).strip()).matches());
	}

	private static final java.util.regex.Pattern RELAY_DENIED = java.util.regex.Pattern.compile(
			"(?is)[45]\\d\\d[ -](5\\.7\\.(54|64)\\b.*|.*\\b(relay(ing)?( access)? (denied|not permitted|prohibited|refused)"
					+ "|relaying to .* (denied|prohibited|not permitted)|unable to relay)\\b.*)");

	/**
	 * Whether the relay could not be reached or dropped the connection (an I/O failure
	 * anywhere in the causes), rather than answering about the mail.
	 */
	static boolean unreachable(Exception ex) {
		return causes(ex).stream().anyMatch(java.io.IOException.class::isInstance);
	}

	/**
	 * The relay's answer when it refused the recipient's address for good, else null: a
	 * 5xx with an enhanced status (RFC 3463) about the address itself, 5.1.1 (no such
	 * mailbox), 5.1.2 (no such domain), 5.1.3 (bad syntax), 5.1.6 (moved), 5.1.10 (the
	 * domain takes no mail, RFC 7505) or 5.2.1 (mailbox disabled). Refusals of policy
	 * (5.7.x) are about the forum's relay or the mail, not the member: relaying denied
	 * keeps the mails waiting ({@link #relayDenied}), others fail like any refusal.
	 */
	static String recipientUnknown(Exception ex) {
		for (Throwable t : causes(ex)) {
			String answer = String.valueOf(t.getMessage()).strip();
			if (RECIPIENT_UNKNOWN.matcher(answer).matches()) {
				return answer;
			}
		}
		return null;
	}

	private static final java.util.regex.Pattern RECIPIENT_UNKNOWN = java.util.regex.Pattern
		.compile("(?s)5\\d\\d[ -]5\\.(1\\.(1|2|3|6|10)|2\\.1)\\b.*");

	/**
	 * Of a batch, the mails to send: a mail to a member whose mail is paused (three
	 * delivery reports in a row about its address) is not sent, also when it was composed
	 * before the pause began (its member's settings read once for the batch).
	 */
	private List<OutgoingMail> withoutPaused(List<OutgoingMail> batch) {
		List<String> memberIds = batch.stream()
			.map(OutgoingMail::memberId)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
		if (memberIds.isEmpty()) {
			return batch;
		}
		Map<String, MailSettings> chosen = this.settings.findAll(memberIds);
		List<OutgoingMail> sendable = new ArrayList<>(batch.size());
		for (OutgoingMail mail : batch) {
			MailSettings s = (mail.memberId() != null) ? chosen.get(mail.memberId()) : null;
			if (s != null && s.paused() && s.bounces().address().equalsIgnoreCase(mail.to())) {
				this.outbox.giveUp(mail.id(), mail.attempts(), PAUSED, true);
			}
			else {
				sendable.add(mail);
			}
		}
		return sendable;
	}

	/** Why a mail to a paused address was not sent (the outbox shows it). */
	static final String PAUSED = "Nicht gesendet: Mails an diese Adresse pausiert nach "
			+ MailSettings.Bounces.PAUSE_AFTER + " unzustellbaren in Folge";

	/**
	 * Whether the relay refused the forum's login, or wants one or TLS first: Jakarta
	 * Mail's {@code AuthenticationFailedException}, or an answer 530 (authentication or
	 * STARTTLS required), 534 (mechanism too weak), 535 (credentials invalid) or 538
	 * (encryption required). No mail can go until the configuration or the relay is
	 * mended: like an outage, the mails wait without using up their tries.
	 */
	static boolean loginRefused(Exception ex) {
		return causes(ex).stream()
			.anyMatch((t) -> t instanceof jakarta.mail.AuthenticationFailedException
					|| String.valueOf(t.getMessage()).strip().matches("(?s)53[0458][ -].*"));
	}

	/**
	 * Whether no TLS connection to the relay came about (an untrusted or expired
	 * certificate, a relay that speaks no TLS where it is required): an I/O failure like
	 * an outage, but one that the configuration or the relay's certificate mends.
	 */
	static boolean tlsFailed(Exception ex) {
		return causes(ex).stream().anyMatch(javax.net.ssl.SSLException.class::isInstance);
	}

	/**
	 * Whether the relay answered "not now" (SMTP 4xx: throttled, greylisted, short of
	 * space) rather than for good.
	 */
	static boolean transientAnswer(Exception ex) {
		return causes(ex).stream().anyMatch((t) -> String.valueOf(t.getMessage()).strip().matches("(?s)4\\d\\d\\b.*"));
	}

	/**
	 * How long a mail the relay keeps answering "not now" (4xx) is tried, however many
	 * tries that takes: after a day a notification has lost its worth (Postfix keeps such
	 * mails five days).
	 */
	static final Duration TRANSIENT_FOR = Duration.ofDays(1);

	/**
	 * Whether the relay refused the envelope sender {@code bounces} for good: a 5xx
	 * answer to {@code MAIL FROM} (Postfix with {@code reject_sender_login_mismatch}:
	 * {@code 553 5.7.1 … Sender address rejected: not owned by user}), or a 5xx naming
	 * the address or saying that the login may not send as it (Exchange:
	 * {@code 550 5.7.60 … Client does not have permissions to send as this sender},
	 * Exchange Online: {@code SendAsDenied}).
	 */
	static boolean envelopeRefused(Exception ex, String bounces) {
		for (Throwable t : causes(ex)) {
			String answer = String.valueOf(t.getMessage()).strip();
			if (!answer.matches("(?s)5\\d\\d\\b.*")) {
				continue;
			}
			// Angus Mail's exception for a refused MAIL FROM (its classes are not on
			// the compile path).
			if (t.getClass().getSimpleName().equals("SMTPSenderFailedException")
					|| answer.toLowerCase(Locale.ROOT).contains(bounces.toLowerCase(Locale.ROOT))
					|| SEND_AS_DENIED.matcher(answer).find()) {
				return true;
			}
		}
		return false;
	}

	/** Exchange's answers when a login may not send as the envelope sender. */
	private static final java.util.regex.Pattern SEND_AS_DENIED = java.util.regex.Pattern
		.compile("5\\.7\\.60|SendAsDenied|send as this sender", java.util.regex.Pattern.CASE_INSENSITIVE);

	/**
	 * The exception, the exceptions of each failed message of Spring's
	 * {@code MailSendException}, and their causes (at most 20 deep each; a
	 * {@link MessagingException}'s cause is its next exception).
	 */
	private static List<Throwable> causes(Exception ex) {
		List<Throwable> roots = new ArrayList<>();
		roots.add(ex);
		if (ex instanceof org.springframework.mail.MailSendException send) {
			roots.addAll(List.of(send.getMessageExceptions()));
		}
		List<Throwable> causes = new ArrayList<>();
		for (Throwable root : roots) {
			Throwable t = root;
			for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
				causes.add(t);
			}
		}
		return causes;
	}

	/**
	 * One SMTP connection, when the sender is Spring's {@link JavaMailSenderImpl} (a
	 * connection per mail: the relay's greeting, EHLO and teardown each time); any other
	 * sender sends each mail itself. After a failure the next mail connects anew. Used by
	 * one thread at a time.
	 */
	private final class Relay implements AutoCloseable {

		private Transport transport;

		/**
		 * The session {@link #transport} was made in (it changes once the envelope sender
		 * is refused).
		 */
		private jakarta.mail.Session session;

		/** Whether the last connection sent with the bounces address. */
		private boolean withBounces;

		boolean withBounces() {
			return this.withBounces;
		}

		void send(MimeMessage message) throws MessagingException {
			if (!(MailDispatcher.this.sender instanceof JavaMailSenderImpl impl)) {
				MailDispatcher.this.sender.send(message);
				return;
			}
			try {
				jakarta.mail.Session session = relaySession(impl);
				if (this.transport == null || !this.transport.isConnected() || session != this.session) {
					close();
					this.session = session;
					this.withBounces = session != impl.getSession();
					this.transport = session.getTransport((impl.getProtocol() != null) ? impl.getProtocol() : "smtp");
					// As JavaMailSenderImpl does: empty credentials (FORUM_MAIL_USERNAME
					// unset) are none. With "" Jakarta Mail logged in with empty
					// credentials, which a relay without login refuses.
					String username = impl.getUsername();
					String password = impl.getPassword();
					if ("".equals(username)) {
						username = null;
						password = "".equals(password) ? null : password;
					}
					this.transport.connect(impl.getHost(), impl.getPort(), username, password);
				}
				// As JavaMailSenderImpl does: saveChanges() would replace the Message-ID.
				String messageId = message.getMessageID();
				if (message.getSentDate() == null) {
					message.setSentDate(new Date());
				}
				message.saveChanges();
				if (messageId != null) {
					message.setHeader("Message-ID", messageId);
				}
				this.transport.sendMessage(message, message.getAllRecipients());
			}
			catch (MessagingException ex) {
				close();
				throw ex;
			}
		}

		@Override
		public void close() {
			if (this.transport != null) {
				try {
					this.transport.close();
				}
				catch (MessagingException ex) {
					// The connection is gone either way.
				}
				this.transport = null;
			}
		}

	}

	/**
	 * The session of the SMTP connections: the sender's, and while replies by mail are on
	 * with the bounces address as envelope sender ({@code MAIL FROM}), so that the
	 * delivery reports of the recipients' mail servers come to the reply mailbox, where
	 * {@link MailReplies} fails the mail.
	 */
	private jakarta.mail.Session relaySession(JavaMailSenderImpl impl) {
		String bounces = this.properties.bounceAddress();
		if (bounces == null || this.envelopeRefused.get() != null) {
			return impl.getSession();
		}
		jakarta.mail.Session session = this.session;
		if (session == null) {
			java.util.Properties properties = new java.util.Properties();
			properties.putAll(impl.getJavaMailProperties());
			properties.put("mail.smtp.from", bounces);
			properties.put("mail.smtps.from", bounces);
			session = jakarta.mail.Session.getInstance(properties);
			this.session = session;
		}
		return session;
	}

	/** {@link #relaySession}, made once (any thread: the same either way). */
	private volatile jakarta.mail.Session session;

	/**
	 * Of a batch, the mails whose recipient may no longer read one of the threads they
	 * name (a thread gone counts as unreadable, and so does a name no thread can have: a
	 * damaged outbox document is dropped instead of stopping its batch), checked right
	 * before the batch goes out: members, threads and spaces read once for the batch (a
	 * reply's mails to its watchers name one thread, a morning's digests the same few
	 * hundred), not three reads per mail. A digest that names such a thread is not sent
	 * at all: its other news are already built into the same text.
	 */
	private Set<String> unreadable(List<OutgoingMail> batch) {
		List<OutgoingMail> about = batch.stream().filter((m) -> !m.threads().isEmpty()).toList();
		if (about.isEmpty()) {
			return Set.of();
		}
		Map<String, Member> membersById = new HashMap<>();
		this.members.findAllById(about.stream().map((m) -> new MemberId(m.memberId())).distinct().toList())
			.forEach((m) -> membersById.put(m.id().value(), m));
		Map<String, de.kommunalpakt.forum.thread.Thread> threadsById = new HashMap<>();
		this.threads
			.findAllById(about.stream()
				.flatMap((m) -> m.threads().stream())
				.distinct()
				.flatMap((name) -> threadId(name).stream())
				.toList())
			.forEach((t) -> threadsById.put(t.id().value(), t));
		Map<SpaceId, Optional<Space>> spacesById = new HashMap<>();
		Set<String> unreadable = new HashSet<>();
		for (OutgoingMail mail : about) {
			Member member = membersById.get(mail.memberId());
			boolean readable = member != null && mail.threads().stream().allMatch((id) -> {
				de.kommunalpakt.forum.thread.Thread thread = threadsById.get(id);
				return thread != null && de.kommunalpakt.forum.thread.ThreadService.isShownTo(thread, member.asActor())
						&& spacesById.computeIfAbsent(thread.space(), this.spaces::findById)
							.map((space) -> space.readableBy(member.asActor()))
							.orElse(false);
			});
			if (!readable) {
				unreadable.add(mail.id());
			}
		}
		return unreadable;
	}

	/** The thread id of this name, or empty if no thread can have it. */
	private static Optional<ThreadId> threadId(String name) {
		try {
			return Optional.of(new ThreadId(name));
		}
		catch (ForumException.NotFound ex) {
			return Optional.empty();
		}
	}

	/**
	 * The mail as {@code multipart/alternative} of its text and its HTML, nothing around
	 * them: Spring's helper wraps both into {@code multipart/related} inside
	 * {@code multipart/mixed} (room for attachments and inline images, which these mails
	 * never have), and every level costs building here and parsing at the relay. With the
	 * helper's nesting 307 mails/s went to the local GreenMail over four connections, and
	 * it spent 11.8 s of processor on 5,000; as plain alternatives 505/s and 7.5 s
	 * (throwaway client, 04.12.2026).
	 */
	private MimeMessage message(OutgoingMail mail) throws MessagingException {
		MimeMessage message = this.sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
		helper.setFrom(this.properties.from());
		helper.setTo(mail.to());
		helper.setSubject(mail.subject());
		MimeBodyPart text = new MimeBodyPart();
		text.setText(mail.text(), "UTF-8");
		MimeBodyPart html = new MimeBodyPart();
		html.setText(mail.html(), "UTF-8", "html");
		message.setContent(new MimeMultipart("alternative", text, html));
		message.setHeader("Message-ID", "<" + mail.messageId() + ">");
		if (mail.inReplyTo() != null) {
			message.setHeader("In-Reply-To", "<" + mail.inReplyTo() + ">");
			message.setHeader("References", "<" + mail.inReplyTo() + ">");
		}
		if (mail.unsubscribeUrl() != null) {
			// RFC 8058: a POST to this address unsubscribes, without a login.
			message.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
			message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		}
		if (mail.replyTo() != null) {
			helper.setReplyTo(mail.replyTo());
		}
		// No out-of-office answers to the reply address: RFC 3834 for those who follow
		// it, the header Exchange and Outlook look for (common in administrations), and
		// the precedence many vacation programs look at.
		message.setHeader("Auto-Submitted", "auto-generated");
		message.setHeader("X-Auto-Response-Suppress", "All");
		message.setHeader("Precedence", "list");
		return message;
	}

	@Override
	public void start() {
		this.worker.start();
	}

	@Override
	public void stop() {
		this.worker.stop(Duration.ofSeconds(15));
	}

	@Override
	public boolean isRunning() {
		return this.worker.isRunning();
	}

}
