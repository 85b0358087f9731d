package de.kommunalpakt.forum.organisation;

/** The kinds of organisation taking part in the Kommunalpakt. */
public enum OrganisationKind {

	BUND, LAND, KOMMUNE, KSPV, FITKO, IT_DIENSTLEISTER;

	/**
	 * Parties of the pact above the municipal level (they see spaces reserved for them).
	 */
	public boolean isStateLevel() {
		return this == BUND || this == LAND || this == KSPV || this == FITKO;
	}

}
