package de.kommunalpakt.forum.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.kommunalpakt.forum.support.WebTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Styles, scripts and fonts are linked under content-hashed URLs and may be kept by the
 * browser for a year; pages themselves are never cached.
 */
class StaticAssetTests extends WebTestSupport {

	private static final Pattern STYLESHEET = Pattern.compile("href=\"(/css/forum-[0-9a-f]{32}\\.css)\"");

	@Test
	void pagesLinkAssetsByContentHash() throws Exception {
		String page = this.mvc.perform(get("/barrierefreiheit")).andReturn().getResponse().getContentAsString();
		assertThat(page).containsPattern("href=\"/vendor/kern/kern\\.min-[0-9a-f]{32}\\.css\"")
			.containsPattern("src=\"/js/forum-[0-9a-f]{32}\\.js\"")
			.doesNotContain("href=\"/css/forum.css\"");
	}

	@Test
	void versionedAssetsAreCachedForAYearAndImmutable() throws Exception {
		String page = this.mvc.perform(get("/barrierefreiheit")).andReturn().getResponse().getContentAsString();
		Matcher m = STYLESHEET.matcher(page);
		assertThat(m.find()).as("versioned forum.css in the page").isTrue();
		var response = this.mvc.perform(get(m.group(1))).andReturn().getResponse();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getHeader("Cache-Control")).contains("max-age=31536000")
			.contains("immutable")
			.doesNotContain("no-store");
		assertThat(response.getContentAsString()).contains(".skip-link");
	}

	@Test
	void aChangedHashIsNotServedAsTheCurrentFile() throws Exception {
		var response = this.mvc.perform(get("/css/forum-00000000000000000000000000000000.css"))
			.andReturn()
			.getResponse();
		assertThat(response.getStatus()).isEqualTo(404);
	}

	@Test
	void fontLinksInsideStyleSheetsAreVersionedToo() throws Exception {
		String page = this.mvc.perform(get("/barrierefreiheit")).andReturn().getResponse().getContentAsString();
		Matcher m = Pattern.compile("href=\"(/vendor/kern/fonts/fira-sans-[0-9a-f]{32}\\.css)\"").matcher(page);
		assertThat(m.find()).isTrue();
		String css = this.mvc.perform(get(m.group(1))).andReturn().getResponse().getContentAsString();
		assertThat(css).containsPattern("FiraSans-Regular-[0-9a-f]{32}\\.woff2");
	}

	@Test
	void theTabIconIsLinkedAndServedToEveryoneAtTheRoot() throws Exception {
		String page = this.mvc.perform(get("/barrierefreiheit")).andReturn().getResponse().getContentAsString();
		assertThat(page).contains("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">")
			.contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">");
		var ico = this.mvc.perform(get("/favicon.ico")).andReturn().getResponse();
		assertThat(ico.getStatus()).isEqualTo(200);
		// An ICO file (reserved 0, type 1: icon, one image) holding a PNG.
		byte[] bytes = ico.getContentAsByteArray();
		assertThat(java.util.Arrays.copyOf(bytes, 6)).containsExactly(0, 0, 1, 0, 1, 0);
		assertThat(new String(bytes, 23, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
		assertThat(ico.getHeader("Cache-Control")).contains("max-age=604800");
		var svg = this.mvc.perform(get("/favicon.svg")).andReturn().getResponse();
		assertThat(svg.getStatus()).isEqualTo(200);
		assertThat(svg.getContentType()).startsWith("image/svg+xml");
		assertThat(svg.getContentAsString()).startsWith("<svg");
	}

	@Test
	void pagesStayUncached() throws Exception {
		var response = this.mvc.perform(get("/barrierefreiheit")).andReturn().getResponse();
		assertThat(response.getHeader("Cache-Control")).contains("no-store");
	}

}
