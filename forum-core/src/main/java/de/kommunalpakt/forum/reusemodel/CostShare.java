package de.kommunalpakt.forum.reusemodel;

/**
 * Who pays a kind of cost, and what exactly.
 *
 * @param payer who bears it (null while a draft leaves it open)
 * @param note what is paid, e.g. "Einrichtung je Kommune 1.500 €, Land erstattet 50 %"
 */
public record CostShare(Payer payer, String note) {

	public CostShare {
		note = (note != null) ? note : "";
	}

	public static CostShare open() {
		return new CostShare(null, "");
	}

}
