package de.kommunalpakt.forum.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.analysis.CharArraySet;

/**
 * The word parts of German administrative language the project maintains in
 * {@code verwaltungswoerter.txt} (one word a line, # for comments), and the known false
 * parts in {@code scheinteile.txt}. Decompounding sees the text before
 * {@code forum_german_normalization}, so every entry is also kept in its ae/oe/ue/ss and
 * its a/o/u/ss spelling: "Bundeslaender" and "Bundeslander" are split like
 * "Bundesländer".
 */
final class AdministrativeDictionary {

	private static final CharArraySet WORDS = loadWords();

	private static final List<FalsePart> FALSE_PARTS = loadFalseParts();

	private AdministrativeDictionary() {
	}

	/** All dictionary words in all spellings, lower case. */
	static CharArraySet words() {
		return WORDS;
	}

	/** Letter sequences that are dictionary words but not parts in a given context. */
	static List<FalsePart> falseParts() {
		return FALSE_PARTS;
	}

	/**
	 * The lower-case word as written, with umlauts as digraphs, and with umlauts folded;
	 * ß becomes ss in both variants.
	 */
	static Set<String> spellings(String word) {
		String lower = word.toLowerCase(Locale.ROOT);
		Set<String> spellings = new LinkedHashSet<>();
		spellings.add(lower);
		spellings.add(lower.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"));
		spellings.add(lower.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("ß", "ss"));
		return spellings;
	}

	private static CharArraySet loadWords() {
		CharArraySet words = new CharArraySet(2048, true);
		for (String line : lines("verwaltungswoerter.txt")) {
			words.addAll(spellings(line));
		}
		return CharArraySet.unmodifiableSet(words);
	}

	private static List<FalsePart> loadFalseParts() {
		List<FalsePart> falseParts = new ArrayList<>();
		for (String line : lines("scheinteile.txt")) {
			int open = line.indexOf('[');
			int close = line.indexOf(']');
			if (open < 0 || close < open + 2) {
				throw new IllegalStateException("scheinteile.txt: mark the false part with [ ] in '" + line + "'");
			}
			String before = line.substring(0, open);
			String part = line.substring(open + 1, close);
			String after = line.substring(close + 1);
			// Spell each piece separately so the part's offset stays right in every
			// spelling.
			List<String> befores = List.copyOf(spellings(before));
			List<String> parts = List.copyOf(spellings(part));
			List<String> afters = List.copyOf(spellings(after));
			for (int variant = 0; variant < 3; variant++) {
				String b = befores.get(Math.min(variant, befores.size() - 1));
				String p = parts.get(Math.min(variant, parts.size() - 1));
				String a = afters.get(Math.min(variant, afters.size() - 1));
				FalsePart falsePart = new FalsePart(b + p + a, b.length(), p.length());
				if (!falseParts.contains(falsePart)) {
					falseParts.add(falsePart);
				}
			}
		}
		return List.copyOf(falseParts);
	}

	private static List<String> lines(String resource) {
		try (InputStream in = AdministrativeDictionary.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + resource);
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			return reader.lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map((line) -> line.toLowerCase(Locale.ROOT))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * In a word containing {@code context}, the dictionary word of {@code length} chars
	 * at {@code offset} inside the context is no part ("hund" in "hundert").
	 */
	record FalsePart(String context, int offset, int length) {

		boolean covers(char[] term, int termLength, int start, int size) {
			int contextStart = start - this.offset;
			if (size != this.length || contextStart < 0 || contextStart + this.context.length() > termLength) {
				return false;
			}
			for (int i = 0; i < this.context.length(); i++) {
				if (term[contextStart + i] != this.context.charAt(i)) {
					return false;
				}
			}
			return true;
		}

	}

}
