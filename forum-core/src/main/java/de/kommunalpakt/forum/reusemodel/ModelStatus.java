package de.kommunalpakt.forum.reusemodel;

import de.kommunalpakt.forum.shared.ForumException;

/** Life of a reuse model. */
public enum ModelStatus {

	/** Being written; visible to its Land and the moderation only. */
	DRAFT,
	/** In force and visible to everyone. */
	PUBLISHED,
	/** In force and visible, while the Land revises it. */
	UNDER_REVISION;

	/** Whether members outside the Land see the model. */
	public boolean isPublic() {
		return this != DRAFT;
	}

	/** Refuses a move the life of a model does not allow. */
	public void checkMoveTo(ModelStatus next) {
		if (this == next) {
			return;
		}
		if (next == DRAFT) {
			throw new ForumException.Conflict("reuseModel.status.backToDraft");
		}
		if (this == DRAFT && next == UNDER_REVISION) {
			throw new ForumException.Conflict("reuseModel.status.revisionOfDraft");
		}
	}

	/** A new model starts as a draft or published, never "under revision". */
	public static void checkInitial(ModelStatus status) {
		if (status == UNDER_REVISION) {
			throw new ForumException.Conflict("reuseModel.status.revisionOfDraft");
		}
	}

}
