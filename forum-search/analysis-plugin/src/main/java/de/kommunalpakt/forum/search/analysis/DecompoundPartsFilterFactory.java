package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Query side: replaces each compound by its parts, one position each, so a search for
 * "Wohngeldantrag" can ask for "wohn", "geld" and "antrag" when no text has the whole
 * word.
 */
@NamedComponent("forum_decompound_parts")
public class DecompoundPartsFilterFactory implements TokenFilterFactory {

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new CompoundFilter(tokenStream, CompoundSplitter.instance(), false);
	}

}
