package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** "Länder", "Laender" and "Lander" become one token; ß becomes ss. */
@NamedComponent("forum_german_normalization")
public class GermanNormalizationFilterFactory implements TokenFilterFactory {

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new GermanNormalizationFilter(tokenStream);
	}

	@Override
	public TokenStream normalize(TokenStream tokenStream) {
		return new GermanNormalizationFilter(tokenStream);
	}

}
