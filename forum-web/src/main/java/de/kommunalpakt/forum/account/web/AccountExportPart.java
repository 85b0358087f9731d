package de.kommunalpakt.forum.account.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import de.kommunalpakt.forum.member.MemberId;

/**
 * A part of a member's export that another part of the forum keeps (mail, feeds), so that
 * the export holds everything stored about the member without the account knowing each
 * part.
 */
public interface AccountExportPart {

	/** The part for this member. */
	Section section(MemberId member);

	/** A JSON object of these keys and values, in this order (values may be null). */
	static Map<String, Object> fields(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	/** A time for JSON (ISO 8601), or null. */
	static String iso(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * One part.
	 *
	 * @param key its key in {@code daten.json}
	 * @param json its value there (maps, lists, strings, numbers, booleans)
	 * @param markdown its section in {@code daten.md}, from its heading ({@code ##}) on
	 */
	record Section(String key, Object json, String markdown) {

	}

}
