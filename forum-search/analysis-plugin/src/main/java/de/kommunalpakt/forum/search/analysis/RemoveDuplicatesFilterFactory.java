package de.kommunalpakt.forum.search.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Drops a term that repeats at the same position. After decompounding and stemming,
 * "Kommunen" yields "kommun" twice (from the word and from its part "kommune"); the test
 * distribution has no {@code remove_duplicates} filter, so the plugin brings one.
 */
@NamedComponent("forum_remove_duplicates")
public class RemoveDuplicatesFilterFactory implements TokenFilterFactory {

	@Override
	public TokenStream create(TokenStream tokenStream) {
		return new RemoveDuplicatesTokenFilter(tokenStream);
	}

}
