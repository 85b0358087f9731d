package de.kommunalpakt.forum.shared;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.validation.Problems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextHygieneTests {

	@Test
	void refusesControlAndBidiCharactersButNotLineBreaksTabsOrUmlauts() {
		for (String bad : new String[] { "a\u0000", "a\u0007", "a\u001b", "a\u007f", "a\u0085", "a\u202a", "a\u202e",
				"a\u2066", "a\u2069", "a\r" }) {
			assertThat(TextHygiene.containsRefused(bad)).as("%s", bad.codePoints().boxed().toList()).isTrue();
		}
		assertThat(TextHygiene.containsRefused("Größe\tder Länder\nÄnderung – „ok“ 🙂")).isFalse();
		assertThatThrownBy(() -> TextHygiene.requireClean("title", "Frage\u202Eegarf"))
			.isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining(TextHygiene.REFUSED);
	}

	@Test
	void stripKeepsLineStructure() {
		assertThat(TextHygiene.strip("eins\rzwei\r\ndrei\u0000\u202E vier")).isEqualTo("eins\nzwei\ndrei vier");
		assertThat(new Markdown("Hallo\u0007 Welt\u202E").source()).isEqualTo("Hallo Welt");
	}

	@Test
	void oneLineFormFieldsRefuseWhileTextFieldsClean() {
		Problems problems = new Problems("model");
		problems.line("contactName", "Anna\u202E Becker", true, 100);
		String text = problems.text("notes", "Zeile\u0000 eins\nZeile zwei", false, 1000);
		assertThat(problems.all()).singleElement()
			.satisfies((p) -> assertThat(p.code()).isEqualTo(TextHygiene.REFUSED))
			.satisfies((p) -> assertThat(p.field()).isEqualTo("contactName"));
		assertThat(text).isEqualTo("Zeile eins\nZeile zwei");
	}

}
