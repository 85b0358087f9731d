package de.kommunalpakt.forum.landreport;

/** A report is a draft until its Land submits it. */
public enum ReportStatus {

	DRAFT, SUBMITTED

}
