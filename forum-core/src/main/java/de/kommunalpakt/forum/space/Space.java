package de.kommunalpakt.forum.space;

import java.util.Objects;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * A space (category) of threads.
 *
 * @param id slug
 * @param name display name
 * @param description one paragraph
 * @param visibility who may read it
 * @param land the Land it is about, if any
 * @param position order on the start page
 */
public record Space(SpaceId id, String name, String description, Visibility visibility, LandCode land, int position) {

	public Space {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(visibility, "visibility");
		if (name == null || name.isBlank()) {
			throw new ForumException.Invalid("name", "space.name.empty");
		}
		description = (description != null) ? description : "";
	}

	public boolean readableBy(Actor actor) {
		return this.visibility.allows(actor);
	}

	/**
	 * Throws "not found" rather than "forbidden", so a hidden space does not reveal
	 * itself.
	 */
	public void checkReadableBy(Actor actor) {
		if (!readableBy(actor)) {
			throw new ForumException.NotFound("space.notFound");
		}
	}

}
