package de.kommunalpakt.forum.space;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import org.springframework.stereotype.Service;

/** Reads spaces with the actor's visibility applied. */
@Service
public class SpaceService {

	private final SpaceRepository spaces;

	public SpaceService(SpaceRepository spaces) {
		this.spaces = spaces;
	}

	public List<Space> readableBy(Actor actor) {
		return this.spaces.findAll().stream().filter((s) -> s.readableBy(actor)).toList();
	}

	public Set<SpaceId> readableIds(Actor actor) {
		return readableBy(actor).stream().map(Space::id).collect(Collectors.toSet());
	}

	/** The space, if it exists and the actor may read it; "not found" otherwise. */
	public Space get(Actor actor, SpaceId id) {
		Space space = this.spaces.findById(id).orElseThrow(() -> new ForumException.NotFound("space.notFound"));
		space.checkReadableBy(actor);
		return space;
	}

	public Space get(Actor actor, String id) {
		return get(actor, new SpaceId(id));
	}

}
