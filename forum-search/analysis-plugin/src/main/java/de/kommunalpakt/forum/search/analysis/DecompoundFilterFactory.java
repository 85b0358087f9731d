package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Splits compounds into the parts the project's dictionary knows, keeping the whole word:
 * "nachnutzungsmodelle" also yields "nachnutzung", "nutzung" and "modell" at the same
 * position. Expects lower-case input that is not yet normalized (the dictionary holds
 * every spelling; after normalization "Kontoeröffnung" would read "kontoroffnung" and
 * "eröffnung" could no longer be found).
 */
@NamedComponent("forum_decompound")
public class DecompoundFilterFactory implements TokenFilterFactory {

	/** Shorter tokens are not split. */
	static final int MIN_WORD_SIZE = 6;

	/** Three, so that "bau", "amt" and "kfz" are parts. */
	static final int MIN_SUBWORD_SIZE = 3;

	static final int MAX_SUBWORD_SIZE = 25;

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new AdministrativeCompoundFilter(tokenStream, AdministrativeDictionary.words(),
				AdministrativeDictionary.falseParts(), MIN_WORD_SIZE, MIN_SUBWORD_SIZE, MAX_SUBWORD_SIZE);
	}

}
