package de.kommunalpakt.forum.reusemodel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.validation.Problem;

/**
 * The reuse model of one Land: the aggregate guarding who edits it, which status moves
 * are allowed and what a model in force must state. Immutable; every edit returns the
 * next version.
 *
 * @param land the Land (also the id: one model per Land)
 * @param profile the current content
 * @param version number of the current version, from 1
 * @param thread the discussion thread where municipalities ask about it (null until
 * created)
 * @param createdAt first version
 * @param updatedAt current version
 * @param updatedBy who wrote the current version
 * @param updatedByName their display name at the time
 */
public record ReuseModel(LandCode land, ReuseModelProfile profile, long version, ThreadId thread, Instant createdAt,
		Instant updatedAt, MemberId updatedBy, String updatedByName) {

	public ReuseModel {
		Objects.requireNonNull(land, "land");
		Objects.requireNonNull(profile, "profile");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(updatedAt, "updatedAt");
		if (version < 1) {
			throw new IllegalArgumentException("version must be positive");
		}
	}

	/**
	 * Members of the Land's own organisation (kind LAND, same code) and administrators.
	 */
	public static boolean canEdit(Actor actor, LandCode land) {
		return actor.isAdmin() || (actor.organisationKind() == OrganisationKind.LAND && actor.land() == land);
	}

	/** Editors and the moderation also see drafts. */
	public static boolean canSeeDraft(Actor actor, LandCode land) {
		return canEdit(actor, land) || actor.isModerator();
	}

	public boolean readableBy(Actor actor) {
		return this.profile.status().isPublic() || canSeeDraft(actor, this.land);
	}

	public ModelStatus status() {
		return this.profile.status();
	}

	/** The first version of a Land's model. */
	public static ReuseModel create(LandCode land, ReuseModelProfile profile, Actor actor, Instant now) {
		checkEditor(actor, land);
		ModelStatus.checkInitial(profile.status());
		checkComplete(profile);
		return new ReuseModel(land, profile, 1, null, now, now, actor.id(), actor.displayName());
	}

	/**
	 * The next version with the given content; this model itself when nothing changed.
	 */
	public ReuseModel edit(ReuseModelProfile next, Actor actor, Instant now) {
		checkEditor(actor, this.land);
		this.profile.status().checkMoveTo(next.status());
		checkComplete(next);
		if (next.equals(this.profile)) {
			return this;
		}
		return new ReuseModel(this.land, next, this.version + 1, this.thread, this.createdAt, now, actor.id(),
				actor.displayName());
	}

	/**
	 * This model as a stored version describes it (used to finish an interrupted edit).
	 */
	public ReuseModel advancedTo(ReuseModelVersion stored) {
		return new ReuseModel(this.land, stored.profile(), stored.number(), this.thread, this.createdAt, stored.at(),
				stored.author(), stored.authorName());
	}

	public ReuseModel withThread(ThreadId threadId) {
		return new ReuseModel(this.land, this.profile, this.version, threadId, this.createdAt, this.updatedAt,
				this.updatedBy, this.updatedByName);
	}

	private static void checkEditor(Actor actor, LandCode land) {
		if (!canEdit(actor, land)) {
			throw new ForumException.Forbidden("reuseModel.edit.forbidden");
		}
	}

	private static void checkComplete(ReuseModelProfile profile) {
		List<Problem> missing = profile.missing();
		if (!missing.isEmpty()) {
			Problem first = missing.get(0);
			throw new ForumException.Invalid(first.field(), first.code(), first.argArray());
		}
	}

}
