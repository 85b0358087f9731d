package de.kommunalpakt.forum.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.lucene.analysis.CharArraySet;

/**
 * The word parts of German administrative language the project maintains in
 * {@code verwaltungswoerter.txt} (one lower-case word a line, # for comments).
 */
final class AdministrativeDictionary {

	private static final CharArraySet WORDS = load();

	private AdministrativeDictionary() {
	}

	static CharArraySet words() {
		return WORDS;
	}

	private static CharArraySet load() {
		CharArraySet words = new CharArraySet(1024, true);
		try (InputStream in = AdministrativeDictionary.class.getResourceAsStream("verwaltungswoerter.txt");
				BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				String word = line.strip().toLowerCase(Locale.GERMAN);
				if (!word.isEmpty() && !word.startsWith("#")) {
					words.add(word);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return CharArraySet.unmodifiableSet(words);
	}

}
