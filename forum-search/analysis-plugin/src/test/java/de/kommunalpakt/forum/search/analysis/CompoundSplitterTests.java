package de.kommunalpakt.forum.search.analysis;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The splitter on words that no list of the project holds, and the project's list. */
class CompoundSplitterTests {

	private final CompoundSplitter splitter = CompoundSplitter.instance();

	@Test
	void splitsAdministrativeCompoundsWithTheLibrarysDictionary() {
		assertThat(this.splitter.parts("bauaufsichtsbehörden")).containsExactly("bau", "aufsichts", "behörden");
		assertThat(this.splitter.parts("zahlungsverkehrsplattform")).containsExactly("zahlungs", "verkehrs",
				"plattform");
		assertThat(this.splitter.parts("fachverfahrensanbindung")).containsExactly("fach", "verfahrens", "anbindung");
		assertThat(this.splitter.parts("kooperationsvereinbarung")).containsExactly("kooperations", "vereinbarung");
		assertThat(this.splitter.parts("wohngeldantrag")).containsExactly("wohn", "geld", "antrag");
	}

	@Test
	void stopWordPartJoinsItsNeighbour() {
		assertThat(this.splitter.parts("nachnutzungsvereinbarung")).containsExactly("nachnutzungs", "vereinbarung");
		assertThat(this.splitter.parts("nachnutzung")).isEmpty();
		assertThat(this.splitter.parts("zwischenbilanz")).containsExactly("zwischen", "bilanz");
	}

	@Test
	void umlautsWrittenAsDigraphsSplitLikeUmlauts() {
		assertThat(this.splitter.parts("bundeslaender")).containsExactly("bundes", "länder");
		assertThat(this.splitter.parts("gebuehrenbescheid")).containsExactly("gebühren", "bescheid");
	}

	@Test
	void knownHeadBeforeACompoundSplitsWhereTheLibraryGivesUp() {
		assertThat(this.splitter.libraryParts("onlinezugangsgesetz")).containsExactly("onlinezugangsgesetz");
		assertThat(this.splitter.parts("onlinezugangsgesetz")).containsExactly("online", "zugangs", "gesetz");
		assertThat(this.splitter.libraryParts("kommunalverwaltung")).containsExactly("kommunalverwaltung");
		assertThat(this.splitter.parts("kommunalverwaltung")).containsExactly("kommunal", "verwaltung");
		assertThat(this.splitter.parts("ordnungsamt")).containsExactly("ordnungs", "amt");
		assertThat(this.splitter.parts("datenschutzfolgenabschätzung")).containsExactly("daten", "schutz", "folgen",
				"abschätzung");
	}

	@Test
	void wordsThatAreNoCompoundsStayWhole() {
		assertThat(this.splitter.parts("hundert")).isEmpty();
		assertThat(this.splitter.parts("kommunen")).isEmpty();
		assertThat(this.splitter.parts("verwaltung")).isEmpty();
		assertThat(this.splitter.parts("steuerung")).isEmpty();
	}

	@Test
	void projectListStaysSmallAndHoldsOnlyWhatTheLibraryMisses() {
		Map<String, List<String>> splits = this.splitter.projectSplits();
		assertThat(splits.size() + this.splitter.projectWords().size()).isLessThanOrEqualTo(40);
		splits.forEach((word, parts) -> assertThat(this.splitter.libraryParts(word)).as(word).isNotEqualTo(parts));
		assertThat(this.splitter.projectWords()).noneMatch(this.splitter::libraryKnows);
	}

}
