package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Index side: keeps each compound and adds its parts at the same position
 * ("nachnutzungsmodelle" also yields "nachnutzungs", "modelle"), split with
 * jwordsplitter's German dictionary. Expects lower-case input that is not yet normalized
 * (the dictionary is spelled with umlauts).
 */
@NamedComponent("forum_decompound")
public class DecompoundFilterFactory implements TokenFilterFactory {

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new CompoundFilter(tokenStream, CompoundSplitter.instance(), true);
	}

}
