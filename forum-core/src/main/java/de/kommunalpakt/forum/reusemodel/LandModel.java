package de.kommunalpakt.forum.reusemodel;

import de.kommunalpakt.forum.organisation.LandCode;

/**
 * One Land in the comparison.
 *
 * @param land the Land
 * @param model its model in force (published or under revision), or null
 * @param draft whether a draft exists that the viewer may see
 */
public record LandModel(LandCode land, ReuseModel model, boolean draft) {

	public boolean hasModel() {
		return this.model != null;
	}

}
