package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.tartarus.snowball.ext.German2Stemmer;

/**
 * Snowball's German stemmer (variant 2: ae/oe/ue read as umlauts): stronger than the
 * light stemmer, it brings verbs, nouns and adjectives of one family together ("kündigen"
 * and "Kündigung", "anmelden" and "Anmeldung", "barrierefrei" and "Barrierefreiheit").
 * Used on the {@code .stem} sub-fields, which weigh less than the light-stemmed ones.
 */
@NamedComponent("forum_german_snowball")
public class GermanSnowballFilterFactory implements TokenFilterFactory {

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new SnowballFilter(tokenStream, new German2Stemmer());
	}

}
