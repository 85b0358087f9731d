package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Light stemming: "Kommunen" and "Kommune" meet; keeps words recognisable for
 * highlighting.
 */
@NamedComponent("forum_german_stem")
public class GermanStemFilterFactory implements TokenFilterFactory {

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new GermanLightStemFilter(tokenStream);
	}

}
