package de.kommunalpakt.forum.shared;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/** Random short ids and URL slugs. */
public final class Ids {

	private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	/** A random id of the given length from an alphabet without look-alike characters. */
	public static String random(int length) {
		char[] id = new char[length];
		for (int i = 0; i < length; i++) {
			id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(id);
	}

	/**
	 * A readable URL part in German transliteration: "Förderung für Länder" →
	 * "foerderung-fuer-laender".
	 */
	public static String slug(String text) {
		String s = text.toLowerCase(Locale.GERMAN)
			.replace("ä", "ae")
			.replace("ö", "oe")
			.replace("ü", "ue")
			.replace("ß", "ss");
		s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		s = s.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
		if (s.length() > 60) {
			s = s.substring(0, 60).replaceAll("-+[^-]*$", "");
		}
		return s.isEmpty() ? "thema" : s;
	}

}
