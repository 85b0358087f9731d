package de.kommunalpakt.forum.reusemodel;

/** The legal route by which a municipality gets the EfA services of a model. */
public enum LegalRoute {

	/** An administrative agreement between Länder. */
	VERWALTUNGSVEREINBARUNG,
	/** FITKO contracts with offering and reusing Land. */
	FIT_STORE,
	/**
	 * The Marktplatz für EfA-Leistungen (govdigital and FITKO), via an in-house operator.
	 */
	MARKTPLATZ_EFA,
	/** The Land's own in-house IT provider passes the services on. */
	IN_HOUSE,
	/** Anything else, described in the note. */
	OTHER

}
