package de.kommunalpakt.forum.reusemodel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;

/**
 * One stored version of a reuse model: the whole content, who wrote it, when, and which
 * fields changed against the version before.
 *
 * @param land the Land
 * @param number version number, from 1
 * @param profile the content of this version
 * @param author who wrote it
 * @param authorName their display name at the time
 * @param at when
 * @param changedFields names of the fields that differ from the previous version (all
 * filled fields for the first)
 */
public record ReuseModelVersion(LandCode land, long number, ReuseModelProfile profile, MemberId author,
		String authorName, Instant at, List<String> changedFields) {

	public ReuseModelVersion {
		Objects.requireNonNull(land, "land");
		Objects.requireNonNull(profile, "profile");
		Objects.requireNonNull(at, "at");
		changedFields = List.copyOf(changedFields);
	}

	/** The version a model's current state is, with its fields compared to before. */
	public static ReuseModelVersion of(ReuseModel model, ReuseModelProfile before) {
		List<String> fields = ReuseModelDiff.between(before, model.profile())
			.stream()
			.map(ReuseModelDiff.FieldChange::field)
			.toList();
		return new ReuseModelVersion(model.land(), model.version(), model.profile(), model.updatedBy(),
				model.updatedByName(), model.updatedAt(), fields);
	}

}
