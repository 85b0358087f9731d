package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.compound.DictionaryCompoundWordTokenFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Splits compounds into the parts the project's dictionary knows, keeping the whole word:
 * "nachnutzungsmodelle" also yields "nachnutzung" and "modell". Expects lower-case input.
 */
@NamedComponent("forum_decompound")
public class DecompoundFilterFactory implements TokenFilterFactory {

	static final int MIN_WORD_SIZE = 6;

	static final int MIN_SUBWORD_SIZE = 4;

	static final int MAX_SUBWORD_SIZE = 25;

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new DictionaryCompoundWordTokenFilter(tokenStream, AdministrativeDictionary.words(), MIN_WORD_SIZE,
				MIN_SUBWORD_SIZE, MAX_SUBWORD_SIZE, false);
	}

}
