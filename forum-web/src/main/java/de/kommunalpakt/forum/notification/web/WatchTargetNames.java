package de.kommunalpakt.forum.notification.web;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.notification.WatchTarget;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadRepository;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.stereotype.Component;

/**
 * What a member reads for something they watch: a space's name, a thread's title, a
 * Land's name, a tag; not an id. A space or thread the member may no longer open has no
 * name (its name is not shown to them any more).
 */
@Component
public class WatchTargetNames {

	private final SpaceService spaces;

	private final ThreadRepository threads;

	WatchTargetNames(SpaceService spaces, ThreadRepository threads) {
		this.spaces = spaces;
		this.threads = threads;
	}

	/**
	 * A target's name and page.
	 *
	 * @param name what the member reads, {@code null} for a space or thread they may no
	 * longer open (or one that is gone)
	 * @param path its page in the forum, or {@code null}
	 */
	public record Named(String name, String path) {
	}

	public Named name(Actor actor, WatchTarget target) {
		return names(actor, List.of(target)).get(target);
	}

	/**
	 * The names of many targets with two reads, whatever their number: the spaces the
	 * member may read and the watched threads by id. The checks are those of opening the
	 * pages ({@link SpaceService#get}, {@link ThreadService#get}).
	 */
	public Map<WatchTarget, Named> names(Actor actor, Collection<WatchTarget> targets) {
		Map<SpaceId, Space> readable = new HashMap<>();
		this.spaces.readableBy(actor).forEach((s) -> readable.put(s.id(), s));
		Set<ThreadId> threadIds = new LinkedHashSet<>();
		for (WatchTarget t : targets) {
			if (t.type() == WatchTarget.Type.THREAD) {
				threadId(t.value()).ifPresent(threadIds::add);
			}
		}
		Map<String, Thread> threads = new HashMap<>();
		if (!threadIds.isEmpty()) {
			this.threads.findAllById(threadIds).forEach((t) -> threads.put(t.id().value(), t));
		}
		Map<WatchTarget, Named> named = new LinkedHashMap<>();
		for (WatchTarget t : targets) {
			named.put(t, switch (t.type()) {
				case SPACE -> space(readable, t.value());
				case THREAD -> thread(actor, readable, threads.get(t.value()));
				case LAND -> land(t.value());
				case TAG -> new Named(t.value(), null);
			});
		}
		return named;
	}

	private static Named space(Map<SpaceId, Space> readable, String id) {
		Space space = spaceId(id).map(readable::get).orElse(null);
		return (space != null) ? new Named(space.name(), "/bereiche/" + id) : GONE;
	}

	private static Named thread(Actor actor, Map<SpaceId, Space> readable, Thread thread) {
		if (thread == null || !readable.containsKey(thread.space()) || !ThreadService.isShownTo(thread, actor)) {
			return GONE;
		}
		return new Named(thread.title(), "/t/" + thread.id().value());
	}

	private static Named land(String code) {
		// A Land code no longer known: its code.
		return new Named(LandCode.parse(code).map(LandCode::displayName).orElse(code), null);
	}

	private static final Named GONE = new Named(null, null);

	private static Optional<ThreadId> threadId(String value) {
		try {
			return Optional.of(new ThreadId(value));
		}
		catch (ForumException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static Optional<SpaceId> spaceId(String value) {
		try {
			return Optional.of(new SpaceId(value));
		}
		catch (ForumException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
