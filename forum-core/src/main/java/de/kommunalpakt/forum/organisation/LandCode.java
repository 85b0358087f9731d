package de.kommunalpakt.forum.organisation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The 16 Länder with their ISO 3166-2:DE codes (without "DE-"). */
public enum LandCode {

	BW("Baden-Württemberg"), BY("Bayern"), BE("Berlin"), BB("Brandenburg"), HB("Bremen"), HH("Hamburg"), HE("Hessen"),
	MV("Mecklenburg-Vorpommern"), NI("Niedersachsen"), NW("Nordrhein-Westfalen"), RP("Rheinland-Pfalz"), SL("Saarland"),
	SN("Sachsen"), ST("Sachsen-Anhalt"), SH("Schleswig-Holstein"), TH("Thüringen");

	private final String displayName;

	LandCode(String displayName) {
		this.displayName = displayName;
	}

	public String displayName() {
		return this.displayName;
	}

	/** Parses a code such as "he", "HE" or "DE-HE"; empty for anything else. */
	public static Optional<LandCode> parse(String code) {
		if (code == null) {
			return Optional.empty();
		}
		String c = code.strip().toUpperCase(Locale.ROOT);
		String normalized = c.startsWith("DE-") ? c.substring(3) : c;
		return Arrays.stream(values()).filter((l) -> l.name().equals(normalized)).findFirst();
	}

}
