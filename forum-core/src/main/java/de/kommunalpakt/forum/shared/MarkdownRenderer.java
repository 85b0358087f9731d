package de.kommunalpakt.forum.shared;

import java.util.List;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * Renders CommonMark to HTML and cleans it against an allow-list. Used before storing and
 * again before showing, so a change of the allow-list also reaches old posts.
 */
public final class MarkdownRenderer {

	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), AutolinkExtension.create());

	private static final Pattern MENTION = Pattern.compile("(?<![\\w@/])@([a-z0-9][a-z0-9._-]{1,40}[a-z0-9])",
			Pattern.CASE_INSENSITIVE);

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer renderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.sanitizeUrls(true)
		.softbreak("<br>")
		.build();

	private final Safelist safelist = allowList();

	public SafeHtml render(Markdown markdown) {
		return clean(this.renderer.render(this.parser.parse(markdown.source())));
	}

	/**
	 * Whether cleaning drops something the text asked for (scripts, embedded frames,
	 * images, other HTML outside the allow-list), so the preview can say so.
	 */
	public boolean dropsContent(Markdown markdown) {
		Document dirty = Jsoup.parseBodyFragment(this.renderer.render(this.parser.parse(markdown.source())), "");
		for (Element element : dirty.body().getAllElements()) {
			if (element == dirty.body()) {
				continue;
			}
			if (!this.safelist.isSafeTag(element.normalName())) {
				return true;
			}
			for (org.jsoup.nodes.Attribute attribute : element.attributes()) {
				// Links keep address and rel (the renderer adds "nofollow"; the cleaner
				// sets its own).
				if (!this.safelist.isSafeAttribute(element.normalName(), element, attribute)
						&& !(element.normalName().equals("a")
								&& (attribute.getKey().equals("href") || attribute.getKey().equals("rel")))) {
					return true;
				}
			}
		}
		return false;
	}

	/** Cleans HTML from any source (stored posts, imports) against the allow-list. */
	public SafeHtml clean(String html) {
		Document dirty = Jsoup.parseBodyFragment(html, "");
		Document clean = new Cleaner(this.safelist).clean(dirty);
		for (Element link : clean.select("a[href]")) {
			link.attr("rel", "nofollow noopener noreferrer");
			if (link.attr("href").startsWith("http")) {
				link.attr("target", "_blank");
			}
		}
		for (Element table : clean.select("table")) {
			table.addClass("post-table");
		}
		clean.outputSettings().prettyPrint(false);
		return new SafeHtml(clean.body().html().strip());
	}

	/** Plain text of a post, for search snippets, notifications and previews. */
	public static String plainText(SafeHtml html) {
		return Jsoup.parseBodyFragment(html.html()).text();
	}

	/** The user names mentioned as {@code @name} in the Markdown source, lower case. */
	public static List<String> mentions(Markdown markdown) {
		return MENTION.matcher(markdown.source())
			.results()
			.map((m) -> m.group(1).toLowerCase(java.util.Locale.ROOT))
			.distinct()
			.toList();
	}

	private static Safelist allowList() {
		return new Safelist()
			.addTags("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "s", "del", "code",
					"pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "span",
					"sup", "sub")
			.addAttributes("a", "href", "title")
			.addAttributes("ol", "start")
			.addAttributes("th", "align")
			.addAttributes("td", "align")
			.addAttributes("code", "class")
			.addProtocols("a", "href", "https", "http", "mailto")
			.addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer")
			.preserveRelativeLinks(false);
	}

}
