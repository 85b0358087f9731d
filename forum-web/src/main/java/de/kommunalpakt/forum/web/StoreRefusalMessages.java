package de.kommunalpakt.forum.web;

import de.kommunalpakt.forum.shared.StoreRefusals;

/** The German message and retry hint for a database that refuses for a while. */
final class StoreRefusalMessages {

	static final String RETRY_AFTER_SECONDS = "60";

	private StoreRefusalMessages() {
	}

	static String code(StoreRefusals.Refusal refusal) {
		return switch (refusal) {
			case DISK_FULL -> "error.database.diskFull";
			case UNAVAILABLE -> "error.database";
		};
	}

}
