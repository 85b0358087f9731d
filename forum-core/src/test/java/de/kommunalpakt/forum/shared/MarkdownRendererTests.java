package de.kommunalpakt.forum.shared;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarkdownRendererTests {

	private final MarkdownRenderer renderer = new MarkdownRenderer();

	static Stream<String> xssVectors() throws IOException {
		try (InputStream in = MarkdownRendererTests.class.getResourceAsStream("/xss-vectors.txt")) {
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return text.lines().filter((l) -> !l.isBlank() && !l.startsWith("# ")).toList().stream();
		}
	}

	@Test
	void corpusHoldsAtLeastFiftyVectors() throws IOException {
		assertThat(xssVectors().count()).isGreaterThanOrEqualTo(50);
	}

	@ParameterizedTest
	@MethodSource("xssVectors")
	void attackRendersInert(String vector) {
		String html = this.renderer.render(new Markdown(vector)).html();
		Document doc = Jsoup.parseBodyFragment(html);

		assertThat(doc.select("script, iframe, object, embed, svg, math, style, link, meta, base, form, input, button, "
				+ "video, audio, img, details, marquee, template, noscript"))
			.as("dangerous elements in %s", html)
			.isEmpty();
		for (Element element : doc.getAllElements()) {
			element.attributes().forEach((attribute) -> {
				String name = attribute.getKey().toLowerCase(Locale.ROOT);
				String value = attribute.getValue().toLowerCase(Locale.ROOT).replaceAll("\\s", "");
				assertThat(name).as("handler attribute in %s", html).doesNotStartWith("on");
				assertThat(name).as("style attribute in %s", html).isNotEqualTo("style");
				assertThat(value).as("script URL in %s", html)
					.doesNotContain("javascript:")
					.doesNotContain("vbscript:")
					.doesNotStartWith("data:");
			});
		}
	}

	@Test
	void ordinaryMarkdownSurvives() {
		String html = this.renderer
			.render(new Markdown("## Ablauf\n\n1. **Rahmenvertrag** mit d-NRW\n2. Abruf je Leistung\n\n"
					+ "> Zitat aus dem Kommunalpakt\n\n| Land | Weg |\n|---|---|\n| NW | Rahmenvertrag |\n\n"
					+ "Siehe [Marktplatz](https://www.example.org/marktplatz) und `FIT-Connect`."))
			.html();

		assertThat(html).contains("<h2>Ablauf</h2>", "<strong>Rahmenvertrag</strong>", "<ol>", "<blockquote>", "<table",
				"<td>NW</td>", "<code>FIT-Connect</code>");
		assertThat(Jsoup.parseBodyFragment(html).selectFirst("a").attr("rel")).contains("nofollow", "noopener");
	}

	@Test
	void codeKeepsAngleBracketsAsText() {
		String html = this.renderer.render(new Markdown("`<script>alert(1)</script>`")).html();
		assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>");
	}

	@Test
	void mentionsAreFoundOncePerName() {
		List<String> mentions = MarkdownRenderer
			.mentions(new Markdown("Danke @hessen und @Darmstadt, siehe auch @hessen. Mail: info@example.org"));
		assertThat(mentions).containsExactly("hessen", "darmstadt");
	}

	@Test
	void blankOrOversizedMarkdownIsRefused() {
		assertThatThrownBy(() -> new Markdown("   \n ")).isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("post.body.empty");
		String tooLong = "ä".repeat(Markdown.MAX_CHARS + 1);
		assertThatThrownBy(() -> Markdown.of(tooLong)).isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("post.body.tooLong");
		assertThat(Markdown.of("ä".repeat(Markdown.MAX_CHARS)).source()).hasSize(Markdown.MAX_CHARS);
		// A post stored under the earlier 64 KiB limit still loads.
		assertThat(new Markdown("a".repeat(64 * 1024)).source()).hasSize(64 * 1024);
	}

	@Test
	void droppedHtmlIsReportedButPlainMarkdownIsNot() {
		assertThat(this.renderer.dropsContent(new Markdown("Hallo <script>alert(1)</script> Welt"))).isTrue();
		assertThat(this.renderer.dropsContent(new Markdown("<iframe src=\"https://example.org\"></iframe>"))).isTrue();
		assertThat(this.renderer.dropsContent(
				new Markdown("**fett**, [Link](https://example.org), `<script>`\n\n| a | b |\n|---|:-:|\n| 1 | 2 |")))
			.isFalse();
	}

}
