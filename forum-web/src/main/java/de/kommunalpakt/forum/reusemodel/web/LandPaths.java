package de.kommunalpakt.forum.reusemodel.web;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * The Land in a path of the reuse models' and the Kurzberichte's pages and API
 * ({@code /modelle/he}, {@code /api/v1/reporting-rounds/…/reports/HE}).
 */
public final class LandPaths {

	private LandPaths() {
	}

	/**
	 * The Land of {@code he}, {@code HE} or {@code DE-HE}; 404 with the German message
	 * for anything else.
	 * @param code the path segment
	 * @return the Land
	 */
	public static LandCode land(String code) {
		if (code == null || code.length() > 5) {
			throw new ForumException.NotFound("reuse.land.unknown");
		}
		return LandCode.parse(code).orElseThrow(() -> new ForumException.NotFound("reuse.land.unknown"));
	}

}
