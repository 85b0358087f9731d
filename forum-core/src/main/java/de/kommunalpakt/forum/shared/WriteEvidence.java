package de.kommunalpakt.forum.shared;

import java.util.Objects;

/**
 * How to tell afterwards whether a write landed: a query over one collection that finds a
 * document exactly when it did ({@code present}), or finds none exactly when it did (a
 * removal). Made by the store that writes, from its own document shape, and read back by
 * the same store's layer; the domain only passes it on.
 *
 * @param collection where to look
 * @param query the query, as extended JSON
 * @param present whether the write shows as a match (true) or as the lack of one
 */
public record WriteEvidence(String collection, String query, boolean present) {

	public WriteEvidence {
		Objects.requireNonNull(collection, "collection");
		Objects.requireNonNull(query, "query");
	}

}
