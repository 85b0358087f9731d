package de.kommunalpakt.forum.search.analysis;

import java.util.List;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.compound.CompoundWordTokenFilterBase;

/**
 * Lucene's dictionary decompounding ({@code DictionaryCompoundWordTokenFilter}: every
 * dictionary word found anywhere in the token is added at the token's position, the token
 * itself stays), with two differences: a known false part ("hund" in "hundert") is
 * skipped, and the whole token is not added a second time when it is itself a dictionary
 * word.
 */
final class AdministrativeCompoundFilter extends CompoundWordTokenFilterBase {

	private final List<AdministrativeDictionary.FalsePart> falseParts;

	AdministrativeCompoundFilter(TokenStream input, CharArraySet dictionary,
			List<AdministrativeDictionary.FalsePart> falseParts, int minWordSize, int minSubwordSize,
			int maxSubwordSize) {
		super(input, dictionary, minWordSize, minSubwordSize, maxSubwordSize, false);
		this.falseParts = falseParts;
	}

	@Override
	protected void decompose() {
		char[] term = this.termAtt.buffer();
		int length = this.termAtt.length();
		for (int start = 0; start <= length - this.minSubwordSize; start++) {
			int maxSize = Math.min(this.maxSubwordSize, length - start);
			for (int size = this.minSubwordSize; size <= maxSize; size++) {
				if (size < length && this.dictionary.contains(term, start, size)
						&& !isFalsePart(term, length, start, size)) {
					this.tokens.add(new CompoundToken(start, size));
				}
			}
		}
	}

	private boolean isFalsePart(char[] term, int length, int start, int size) {
		for (AdministrativeDictionary.FalsePart falsePart : this.falseParts) {
			if (falsePart.covers(term, length, start, size)) {
				return true;
			}
		}
		return false;
	}

}
