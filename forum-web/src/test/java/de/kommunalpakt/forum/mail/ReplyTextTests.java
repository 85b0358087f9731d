package de.kommunalpakt.forum.mail;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reply mails as common mail programs write them (plain text part). */
class ReplyTextTests {

	private static final String KEY = "antwort+0123456789abcdef0123456789abcdef@forum.example";

	@Test
	void gmailWrapsTheQuoteHeaderOverTwoOrThreeLines() {
		assertThat(ReplyText.of("""
				Das klären wir im Kreistag.

				Am Sa., 5. Dez. 2026 um 10:15 Uhr schrieb Forum Kommunalpakt <
				%s>:

				> Anna Becker hat geantwortet:
				> Wir nutzen civento seit März.
				""".formatted(KEY))).isEqualTo("Das klären wir im Kreistag.");
		assertThat(ReplyText.of("""
				Thanks, that helps.

				On Sat, Dec 5, 2026 at 10:15 AM Forum Kommunalpakt <
				%s>
				wrote:

				> Anna Becker replied
				""".formatted(KEY))).isEqualTo("Thanks, that helps.");
	}

	@Test
	void appleMailAndThunderbirdWriteItOnOneLine() {
		assertThat(ReplyText.of("Danke!\r\n\r\nOn Tue, Dec 2, 2026 at 10:00 Forum wrote:\r\n> alt\r\n"))
			.isEqualTo("Danke!");
		assertThat(ReplyText.of("Gern.\n\nAm 05.12.26 um 10:15 schrieb Forum Kommunalpakt:\n> Frage\n"))
			.isEqualTo("Gern.");
	}

	@Test
	void outlooksHeaderBlockAndTheRuleAboveItGo() {
		assertThat(ReplyText.of("""
				Passt so, danke.

				________________________________
				Von: Forum Kommunalpakt <%s>
				Gesendet: Samstag, 5. Dezember 2026 10:15
				An: anna.becker@darmstadt.example
				Betreff: Neue Antwort: Rahmenvertrag

				Anna Becker hat geantwortet: Wir nutzen civento seit März.
				""".formatted(KEY))).isEqualTo("Passt so, danke.");
		assertThat(ReplyText.of("-----Ursprüngliche Nachricht-----\nVon: x")).isEmpty();
	}

	/**
	 * GMX and WEB.DE put "Gesendet:" above "Von:"; HCL Notes, common in administrations,
	 * pads its header fields with blanks or tabs and introduces a quote with "… schrieb
	 * am …:"; Outlook for Mac starts its block with "Von:" and "Datum:".
	 */
	@Test
	void otherMailProgramsOfAdministrationsAndTheirQuotesGo() {
		assertThat(ReplyText.of("""
				Danke, wir melden uns.

				Gesendet: Samstag, 05. Dezember 2026 um 10:15 Uhr
				Von: "Forum Kommunalpakt" <%s>
				An: anna.becker@gmx.example
				Betreff: Neue Antwort: Rahmenvertrag

				Anna Becker hat geantwortet: Wir nutzen civento seit März.
				""".formatted(KEY))).isEqualTo("Danke, wir melden uns.");
		assertThat(ReplyText.of("""
				Wir schließen uns an.



				Von:	"Forum Kommunalpakt" <%s>
				An:	anna.becker@kreis.example
				Datum:	05.12.2026 10:15
				Betreff:	Neue Antwort: Rahmenvertrag

				Anna Becker hat geantwortet.
				""".formatted(KEY))).isEqualTo("Wir schließen uns an.");
		assertThat(ReplyText.of("""
				Ja, bei uns auch.

				"Forum Kommunalpakt" <%s> schrieb am 05.12.2026 10:15:31:

				> Anna Becker hat geantwortet.
				""".formatted(KEY))).isEqualTo("Ja, bei uns auch.");
		assertThat(ReplyText.of("""
				Gut.

				Von: Forum Kommunalpakt <%s>
				Datum: Samstag, 5. Dezember 2026 um 10:15
				An: Anna Becker <anna.becker@stadt.example>
				Betreff: Neue Antwort

				Anna Becker hat geantwortet.
				""".formatted(KEY))).isEqualTo("Gut.");
	}

	/**
	 * An administration's signature block, which its mail server adds without
	 * {@code -- }, goes from the closing on; a closing inside the text, at its top, or
	 * above more than a signature's lines stays.
	 */
	@Test
	void theSignatureBlockUnderAClosingGoes() {
		assertThat(ReplyText.of("""
				Danke, wir nutzen den Rahmenvertrag seit März.

				Mit freundlichen Grüßen
				Im Auftrag

				Max Mustermann
				Wissenschaftsstadt Darmstadt
				Amt für Digitalisierung
				Luisenplatz 5, 64283 Darmstadt
				Tel.: 06151 13-0
				www.darmstadt.de
				""")).isEqualTo("Danke, wir nutzen den Rahmenvertrag seit März.");
		assertThat(ReplyText.of("Passt.\n\nViele Grüße aus Köln,\nJonas")).isEqualTo("Passt.");
		assertThat(ReplyText.of("Passt.\nMfG\nJ. Weber")).isEqualTo("Passt.");
		assertThat(ReplyText.of("Sounds good.\n\nKind regards,\nAnna")).isEqualTo("Sounds good.");
		// Part of a sentence, or the first line: stays.
		assertThat(ReplyText.of("Wir senden viele Grüße und die Unterlagen.\nBis bald"))
			.isEqualTo("Wir senden viele Grüße und die Unterlagen.\nBis bald");
		assertThat(ReplyText.of("Viele Grüße\n\nDie Antwort steht unten."))
			.isEqualTo("Viele Grüße\n\nDie Antwort steht unten.");
		// Above more than a signature block: part of the text.
		String longer = "Oben.\nViele Grüße\n" + "Zeile\n".repeat(20);
		assertThat(ReplyText.of(longer)).isEqualTo(longer.strip());
		// Quote and closing together.
		assertThat(
				ReplyText.of("Ja.\n\nBeste Grüße\nAnna\n\nAm 05.12.26 um 10:15 schrieb Forum Kommunalpakt:\n> Frage\n"))
			.isEqualTo("Ja.");
	}

	/**
	 * A signature that the mail program adds without a closing: it starts with a line of
	 * only the sender's name (as in the forum, as in the mail's From, also after "i.
	 * A.").
	 */
	@Test
	void aSignatureUnderTheTextStartingWithTheSendersNameGoes() {
		String signed = """
				Wir nutzen den Rahmenvertrag seit Mai.

				%s
				Stadt Darmstadt – Digitalisierung
				Luisenplatz 5, 64283 Darmstadt
				Tel. 06151 13-0
				""";
		List<String> names = List.of("Anna Becker", "Becker, Anna");
		assertThat(ReplyText.of(signed.formatted("Anna Becker"), names))
			.isEqualTo("Wir nutzen den Rahmenvertrag seit Mai.");
		assertThat(ReplyText.of(signed.formatted("Becker, Anna"), List.of("Anna Becker", "Becker, Anna")))
			.isEqualTo("Wir nutzen den Rahmenvertrag seit Mai.");
		assertThat(ReplyText.of(signed.formatted("i. A. Anna Becker"), List.of("Anna Becker")))
			.isEqualTo("Wir nutzen den Rahmenvertrag seit Mai.");
		// The From's "Becker, Anna" also finds "Anna Becker".
		assertThat(ReplyText.of(signed.formatted("anna becker"), List.of("Becker, Anna")))
			.isEqualTo("Wir nutzen den Rahmenvertrag seit Mai.");
		// Someone else's name, the name in a sentence, the name alone: they stay.
		assertThat(ReplyText.of(signed.formatted("Jonas Weber"), names)).contains("Luisenplatz");
		assertThat(ReplyText.of("Ja.\n\nAnna Becker kommt zum Termin.\n", names))
			.isEqualTo("Ja.\n\nAnna Becker kommt zum Termin.");
		assertThat(ReplyText.of("Anna Becker\n", names)).isEqualTo("Anna Becker");
		String list = "Zum Termin kommen:\nAnna Becker\nJonas Weber";
		assertThat(ReplyText.of(list, names)).isEqualTo(list);
		assertThat(ReplyText.of(signed.formatted("Anna Becker"))).contains("Luisenplatz");
	}

	@Test
	void signaturesAndTheLineOfMobileMailProgramsGo() {
		assertThat(ReplyText.of("Oben.\n> zitiert\nUnten.\n-- \nSignatur")).isEqualTo("Oben.\nUnten.");
		assertThat(ReplyText.of("""
				Ja, gerne.

				Von meinem iPhone gesendet

				> Am 05.12.2026 um 10:15 schrieb Forum Kommunalpakt <%s>:
				>
				> Neue Frage
				""".formatted(KEY))).isEqualTo("Ja, gerne.");
		assertThat(ReplyText.of("Machen wir.\n\nSent from my Android phone")).isEqualTo("Machen wir.");
		assertThat(ReplyText.of("Einverstanden.\n\nHolen Sie sich Outlook für Android")).isEqualTo("Einverstanden.");
		assertThat(ReplyText
			.of("Bis Freitag.\n\nDiese Nachricht wurde von meinem Android Mobiltelefon mit GMX Mail gesendet."))
			.isEqualTo("Bis Freitag.");
	}

	@Test
	void mailsInHtmlOnlyKeepTheirLinesAndLoseTheQuotedMail() {
		// Apple Mail: the header in a div, the quote in a blockquote.
		assertThat(ReplyText.of(ReplyText.fromHtml(
				"""
						<html><body><div>Ja, gerne.</div><div><br></div><div>Zweite Zeile</div>
						<div><br><blockquote type="cite"><div>Am 05.12.2026 um 10:15 schrieb Forum Kommunalpakt &lt;%s&gt;:</div>
						<div>Neue Frage</div></blockquote></div></body></html>"""
					.formatted(KEY))))
			.isEqualTo("Ja, gerne.\n\nZweite Zeile");
		// Gmail.
		assertThat(ReplyText.of(ReplyText.fromHtml(
				"""
						<div dir="ltr">Danke für die Liste.<br>Wir melden uns.</div><br><div class="gmail_quote">
						<div class="gmail_attr">Am Sa., 5. Dez. 2026 um 10:15 Uhr schrieb Forum Kommunalpakt &lt;%s&gt;:<br></div>
						<blockquote class="gmail_quote">Neue Frage</blockquote></div>"""
					.formatted(KEY))))
			.isEqualTo("Danke für die Liste.\nWir melden uns.");
		// Outlook: everything from its marker on.
		assertThat(ReplyText.of(ReplyText.fromHtml("""
				<html><body><div>Passt.</div><div id="appendonsend"></div><hr>
				<div id="divRplyFwdMsg"><b>Von:</b> Forum Kommunalpakt &lt;%s&gt;<br><b>Gesendet:</b> Samstag</div>
				<div>Neue Frage im Forum</div></body></html>""".formatted(KEY)))).isEqualTo("Passt.");
		// GMX and WEB.DE: the quote in a div named "quote", its fields after a no-break
		// space; Outlook for Windows: the header block in a bordered div, no marker.
		assertThat(ReplyText.of(ReplyText.fromHtml(
				"""
						<html><body><div style="font-family: Verdana"><div>Wir sind dabei.</div>
						<div name="quote" style="margin:10px 5px 5px 10px"><div style="margin:0 0 10px 0;"><b>Gesendet:</b>&nbsp;Samstag, 05. Dezember 2026 um 10:15 Uhr<br/>
						<b>Von:</b>&nbsp;&quot;Forum Kommunalpakt&quot; &lt;%s&gt;<br/><b>An:</b>&nbsp;anna@gmx.example</div>
						<div name="quoted-content">Neue Frage</div></div></div></body></html>"""
					.formatted(KEY))))
			.isEqualTo("Wir sind dabei.");
		assertThat(ReplyText.of(ReplyText.fromHtml(
				"""
						<html><body><div class="WordSection1"><p class="MsoNormal">Danke,&nbsp;so machen wir es.</p>
						<p class="MsoNormal">&nbsp;</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
						<p class="MsoNormal"><b>Von:</b>&nbsp;Forum Kommunalpakt &lt;%s&gt;<br><b>Gesendet:</b>&nbsp;Samstag, 5. Dezember 2026 10:15<br>
						<b>An:</b>&nbsp;Becker, Anna<br><b>Betreff:</b>&nbsp;Neue Antwort</p></div>
						<p class="MsoNormal">Anna Becker hat geantwortet.</p></div></body></html>"""
					.formatted(KEY))))
			.isEqualTo("Danke, so machen wir es.");
	}

	@Test
	void textThatOnlyLooksLikeAQuoteHeaderStays() {
		String own = """
				Am Montag schrieb uns das Land:
				Die Frist läuft bis März.
				Von: Landkreis Gießen, Fachdienst Digitalisierung
				""";
		assertThat(ReplyText.of(own)).isEqualTo(own.strip());
	}

}
