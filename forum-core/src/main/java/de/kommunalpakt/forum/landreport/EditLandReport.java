package de.kommunalpakt.forum.landreport;

import de.kommunalpakt.forum.validation.Problems;

/**
 * A report as the form sends it.
 *
 * @param measuresTaken one measure per line
 * @param measuresPlanned one measure per line
 * @param obstacles text
 * @param supportNeeded text
 * @param expectedVersion the version the writer started from (optional)
 */
public record EditLandReport(String measuresTaken, String measuresPlanned, String obstacles, String supportNeeded,
		Long expectedVersion) {

	public static final int MAX_ITEMS = 30;

	public static final int MAX_ITEM = 1000;

	public static final int MAX_TEXT = 8000;

	public static EditLandReport of(LandReport report) {
		LandReportContent c = report.content();
		return new EditLandReport(String.join("\n", c.measuresTaken()), String.join("\n", c.measuresPlanned()),
				c.obstacles(), c.supportNeeded(), report.version());
	}

	public static EditLandReport empty() {
		return new EditLandReport("", "", "", "", null);
	}

	/**
	 * Checks every field; a submission needs measures taken and planned, a draft nothing.
	 */
	public Checked check(boolean forSubmission) {
		Problems p = new Problems("landReport");
		LandReportContent content = new LandReportContent(
				p.lines("measuresTaken", this.measuresTaken, forSubmission, MAX_ITEMS, MAX_ITEM),
				p.lines("measuresPlanned", this.measuresPlanned, forSubmission, MAX_ITEMS, MAX_ITEM),
				p.text("obstacles", this.obstacles, false, MAX_TEXT),
				p.text("supportNeeded", this.supportNeeded, false, MAX_TEXT));
		return new Checked(content, p);
	}

	/**
	 * The checked content and its problems.
	 *
	 * @param content clean content
	 * @param problems what is wrong
	 */
	public record Checked(LandReportContent content, Problems problems) {
	}

}
