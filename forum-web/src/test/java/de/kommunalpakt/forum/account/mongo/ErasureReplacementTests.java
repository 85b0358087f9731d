package de.kommunalpakt.forum.account.mongo;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which texts the deletion of an account rewrites, and which it leaves alone. */
class ErasureReplacementTests {

	private final UnaryOperator<String> replace = MongoAccountErasure
		.replacement(List.of("Petra Schulz", "@hessen", "@ps"));

	@Test
	void displayNameAndMentionsBecomeFormerMember() {
		assertThat(this.replace.apply("Danke, Petra Schulz! Frag @hessen oder @Hessen."))
			.isEqualTo("Danke, ehemaliges Mitglied! Frag ehemaliges Mitglied oder ehemaliges Mitglied.");
		assertThat(this.replace.apply("<p>cc @hessen</p>")).isEqualTo("<p>cc ehemaliges Mitglied</p>");
	}

	@Test
	void otherNamesAddressesAndWordsStay() {
		String text = "Land Hessen, @hessen-test, @hessen.nord, mail@hessen.de, https://x.example/@hessen, Petra";
		assertThat(this.replace.apply(text)).isEqualTo(text);
		// Names shorter than three characters are too likely to be something else.
		assertThat(this.replace.apply("Frag @ps")).isEqualTo("Frag @ps");
	}

}
