package de.kommunalpakt.forum.landreport;

import java.util.List;

/**
 * What a Land reports.
 *
 * @param measuresTaken measures taken, one per entry
 * @param measuresPlanned measures planned, one per entry
 * @param obstacles obstacles met
 * @param supportNeeded support the Land needs (from Bund, FITKO, KSpV)
 */
public record LandReportContent(List<String> measuresTaken, List<String> measuresPlanned, String obstacles,
		String supportNeeded) {

	public LandReportContent {
		measuresTaken = List.copyOf(measuresTaken);
		measuresPlanned = List.copyOf(measuresPlanned);
		obstacles = (obstacles != null) ? obstacles : "";
		supportNeeded = (supportNeeded != null) ? supportNeeded : "";
	}

	public static LandReportContent empty() {
		return new LandReportContent(List.of(), List.of(), "", "");
	}

}
