package de.kommunalpakt.forum.reusemodel;

/** Who bears a cost. */
public enum Payer {

	LAND, KOMMUNE, SHARED, BUND

}
