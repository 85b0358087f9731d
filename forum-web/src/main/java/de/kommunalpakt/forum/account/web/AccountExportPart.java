package de.kommunalpakt.forum.account.web;

import de.kommunalpakt.forum.member.MemberId;

/**
 * A part of a member's export that another part of the forum keeps (mail, feeds), so that
 * the export holds everything stored about the member without the account knowing each
 * part.
 */
public interface AccountExportPart {

	/** The part for this member. */
	Section section(MemberId member);

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
