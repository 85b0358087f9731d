package de.kommunalpakt.forum.mail;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import de.kommunalpakt.forum.member.Actor;
import org.springframework.stereotype.Component;

/**
 * What every page's header tells administrators about mail: how many mails wait untried
 * because the relay could not be used (unreachable, login or relaying refused, no TLS;
 * {@link MailOutbox#countPostponed}), so that a stalled relay is seen without opening the
 * outbox. Counted in the outbox, so for all instances; asked on every page, so from a
 * cache of {@link #TTL} (a scan of the outbox on the stand-in). Templates reach it as
 * {@code @mailState}.
 */
@Component("mailState")
public class MailState {

	static final Duration TTL = Duration.ofSeconds(30);

	private final MailOutbox outbox;

	private final Cache<String, Long> waiting = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(1).build();

	MailState(MailOutbox outbox) {
		this.outbox = outbox;
	}

	/**
	 * Mails waiting untried for the relay, for administrators (0 for everybody else, and
	 * while the database does not answer: the page must still render).
	 */
	public long waiting(Actor actor) {
		if (actor == null || !actor.isAdmin()) {
			return 0;
		}
		try {
			return this.waiting.get("postponed", (k) -> this.outbox.countPostponed().total());
		}
		catch (RuntimeException databaseDown) {
			return 0;
		}
	}

	/** Counts again at the next page. */
	public void forget() {
		this.waiting.invalidateAll();
	}

}
