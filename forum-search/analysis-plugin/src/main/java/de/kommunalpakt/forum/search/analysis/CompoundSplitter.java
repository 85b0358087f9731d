package de.kommunalpakt.forum.search.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import de.danielnaber.jwordsplitter.GermanWordSplitter;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;

/**
 * Splits German compounds with jwordsplitter's dictionary (strict mode: every part is a
 * word it knows). On top of the library:
 * <ul>
 * <li>a word written with ae/oe/ue ("Bundeslaender") is also tried with umlauts;</li>
 * <li>a word the library leaves whole is tried once more as a known word followed by a
 * compound or word it knows ("Onlinezugangsgesetz" = "online" + "zugangsgesetz");</li>
 * <li>a part that is a German stop word or shorter than three letters is glued to its
 * neighbour, so "Nachnutzung" stays one part and "nach" never becomes a search term;</li>
 * <li>the few administrative words the library splits wrongly or not at all come from
 * {@code projektwoerter.txt}.</li>
 * </ul>
 * Results are cached: splitting costs 20 to 80 µs per long word, and forum text repeats
 * its words.
 */
final class CompoundSplitter {

	/** Shorter words are left whole ("Bauamt" still splits). */
	static final int MIN_WORD_LENGTH = 6;

	/** The library refuses longer input; such tokens are no words anyway. */
	static final int MAX_WORD_LENGTH = 60;

	private static final int MIN_PART_LENGTH = 3;

	/** The fallback split's head: "bauamt" stays the library's to split. */
	private static final int MIN_HEAD_LENGTH = 4;

	/**
	 * Only words this long try a compound as the fallback's head: each try costs a
	 * library split (20 to 80 µs), and shorter words seldom hold three parts.
	 */
	private static final int MIN_LENGTH_FOR_COMPOUND_HEAD = 14;

	/** Stop words up to this length ("nach", "über") are prefixes, not parts. */
	private static final int MAX_WEAK_LENGTH = 5;

	/**
	 * Beyond this the cache is dropped and refilled; 200,000 entries take about 40 MB.
	 */
	private static final int CACHE_LIMIT = 200_000;

	private static final CharArraySet STOP_PARTS = GermanAnalyzer.getDefaultStopSet();

	private static final CompoundSplitter INSTANCE = new CompoundSplitter();

	private final Splitter splitter;

	private final Map<String, List<String>> projectSplits;

	private final Set<String> projectWords;

	private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

	private CompoundSplitter() {
		Map<String, List<String>> splits = new LinkedHashMap<>();
		Set<String> words = new LinkedHashSet<>();
		loadProjectList(splits, words);
		this.projectSplits = Map.copyOf(splits);
		this.projectWords = Set.copyOf(words);
		try {
			this.splitter = new Splitter(this.projectWords);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static CompoundSplitter instance() {
		return INSTANCE;
	}

	/**
	 * The parts of a lower-case word, in order, or an empty list when it is no compound.
	 */
	List<String> parts(String word) {
		if (word.length() < MIN_WORD_LENGTH || word.length() > MAX_WORD_LENGTH || !isLetters(word)) {
			return List.of();
		}
		List<String> cached = this.cache.get(word);
		if (cached != null) {
			return cached;
		}
		List<String> parts = List.copyOf(split(word));
		if (this.cache.size() >= CACHE_LIMIT) {
			this.cache.clear();
		}
		this.cache.put(word, parts);
		return parts;
	}

	/**
	 * The project's own splits ({@code projektwoerter.txt}); one part means "keep whole".
	 */
	Map<String, List<String>> projectSplits() {
		return this.projectSplits;
	}

	/**
	 * Words the project adds to the library's dictionary ({@code projektwoerter.txt}).
	 */
	Set<String> projectWords() {
		return this.projectWords;
	}

	/** What jwordsplitter alone, with its own dictionary, makes of a lower-case word. */
	List<String> libraryParts(String word) {
		try {
			return new GermanWordSplitter(false).splitWord(word);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the library's own dictionary has the word. */
	boolean libraryKnows(String word) {
		return EmbeddedDictionary.WORDS.contains(word);
	}

	private List<String> split(String word) {
		List<String> project = this.projectSplits.get(word);
		if (project != null) {
			return (project.size() > 1) ? project : List.of();
		}
		List<String> parts = splitWithSpellings(word);
		return glued(parts);
	}

	private List<String> splitWithSpellings(String word) {
		List<String> parts = splitOnce(word);
		if (parts.size() > 1 || !hasDigraph(word)) {
			return parts;
		}
		// "Bundeslaender": the dictionary has "länder". Each digraph is tried both ways,
		// since "ue" is also just u+e ("Steuer", "neue").
		List<int[]> digraphs = digraphs(word);
		int variants = 1 << Math.min(digraphs.size(), 3);
		for (int mask = 1; mask < variants; mask++) {
			String spelled = withUmlauts(word, digraphs, mask);
			List<String> spelledParts = splitOnce(spelled);
			if (spelledParts.size() > 1) {
				return spelledParts;
			}
		}
		return parts;
	}

	private List<String> splitOnce(String word) {
		List<String> parts = this.splitter.splitWord(word);
		if (parts.size() > 1) {
			return parts;
		}
		// The library leaves whole what its dictionary holds as one word
		// ("kommunalverwaltung", "ordnungsamt") and gives up on some compounds whose
		// parts
		// it knows ("onlinezugangsgesetz"): the longest known head (with a linking s)
		// followed by a rest that is a word or splits.
		for (int i = word.length() - MIN_PART_LENGTH; i >= MIN_HEAD_LENGTH; i--) {
			List<String> head = head(word.substring(0, i), word.length());
			if (head.isEmpty()) {
				continue;
			}
			String rest = word.substring(i);
			List<String> restParts = this.splitter.isWord(rest) ? List.of(rest) : this.splitter.splitWord(rest);
			if (restParts.size() > 1 || this.splitter.isWord(rest)) {
				List<String> all = new ArrayList<>(head);
				all.addAll(restParts);
				return all;
			}
		}
		return List.of(word);
	}

	/**
	 * The head of a fallback split: a known word (with a linking s), or in a long word a
	 * compound the library splits ("datenschutzfolgen" in
	 * "datenschutzfolgenabschätzung"); empty when it is neither.
	 */
	private List<String> head(String head, int wordLength) {
		if (this.splitter.isWord(head)
				|| (head.endsWith("s") && this.splitter.isWord(head.substring(0, head.length() - 1)))) {
			return List.of(head);
		}
		if (wordLength >= MIN_LENGTH_FOR_COMPOUND_HEAD && head.length() >= MIN_WORD_LENGTH) {
			List<String> parts = this.splitter.splitWord(head);
			if (parts.size() > 1) {
				return parts;
			}
		}
		return List.of();
	}

	/**
	 * A stop word or a too short part is no search term on its own: it joins the part
	 * after it (the one before it when last).
	 */
	private static List<String> glued(List<String> parts) {
		if (parts.size() < 2) {
			return List.of();
		}
		List<String> result = new ArrayList<>();
		String pending = "";
		for (String part : parts) {
			String joined = pending + part;
			if (isWeak(part)) {
				pending = joined;
			}
			else {
				result.add(joined);
				pending = "";
			}
		}
		if (!pending.isEmpty()) {
			if (result.isEmpty()) {
				return List.of();
			}
			result.set(result.size() - 1, result.get(result.size() - 1) + pending);
		}
		return (result.size() > 1) ? result : List.of();
	}

	private static boolean isWeak(String part) {
		return part.length() < MIN_PART_LENGTH || (part.length() <= MAX_WEAK_LENGTH && STOP_PARTS.contains(part));
	}

	private static boolean isLetters(String word) {
		for (int i = 0; i < word.length(); i++) {
			if (!Character.isLetter(word.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasDigraph(String word) {
		return word.contains("ae") || word.contains("oe") || word.contains("ue");
	}

	private static List<int[]> digraphs(String word) {
		List<int[]> found = new ArrayList<>();
		for (int i = 0; i < word.length() - 1; i++) {
			char c = word.charAt(i);
			if ((c == 'a' || c == 'o' || c == 'u') && word.charAt(i + 1) == 'e') {
				found.add(new int[] { i, c });
				i++;
			}
		}
		return found;
	}

	private static String withUmlauts(String word, List<int[]> digraphs, int mask) {
		StringBuilder spelled = new StringBuilder(word);
		for (int d = digraphs.size() - 1; d >= 0; d--) {
			if (d < 3 && (mask & (1 << d)) != 0) {
				int at = digraphs.get(d)[0];
				char umlaut = switch (digraphs.get(d)[1]) {
					case 'a' -> 'ä';
					case 'o' -> 'ö';
					default -> 'ü';
				};
				spelled.replace(at, at + 2, String.valueOf(umlaut));
			}
		}
		return spelled.toString();
	}

	private static void loadProjectList(Map<String, List<String>> splits, Set<String> words) {
		try (InputStream in = CompoundSplitter.class.getResourceAsStream("projektwoerter.txt")) {
			if (in == null) {
				throw new IllegalStateException("Missing resource projektwoerter.txt");
			}
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line : reader.lines().map(String::strip).toList()) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				String lower = line.toLowerCase(Locale.ROOT);
				int colon = lower.indexOf(':');
				if (colon < 0) {
					words.add(lower);
					continue;
				}
				String word = lower.substring(0, colon).strip();
				List<String> parts = List.of(lower.substring(colon + 1).strip().split("\\s+"));
				if (!String.join("", parts).equals(word)) {
					throw new IllegalStateException(
							"projektwoerter.txt: the parts must spell the word in '" + line + "'");
				}
				splits.put(word, parts);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The library's dictionary, loaded once (about 64,000 words, 11 MB). */
	private static final class EmbeddedDictionary {

		static final Set<String> WORDS = de.danielnaber.jwordsplitter.EmbeddedGermanDictionary.getWords();

	}

	/** The library's dictionary plus the project's words, open to the fallback split. */
	private static final class Splitter extends GermanWordSplitter {

		Splitter(Set<String> projectWords) throws IOException {
			super(false, union(EmbeddedDictionary.WORDS, projectWords));
		}

		boolean isWord(String word) {
			return this.words.contains(word);
		}

		private static Set<String> union(Set<String> a, Set<String> b) {
			Set<String> all = new java.util.HashSet<>(a);
			all.addAll(b);
			return all;
		}

	}

}
