package de.kommunalpakt.forum.mail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * What a member wrote in a reply mail, without what the mail program added: the quoted
 * mail with its header line or block, the signature after {@code -- } or under a closing
 * ("Mit freundlichen Grüßen"), and the line mobile mail programs sign with. Cut
 * conservatively: a line that only looks like a quote header ("Am Montag schrieb uns das
 * Land:") stays when no quote follows it.
 */
final class ReplyText {

	/**
	 * The line that introduces a quote ("Am 05.12.2026 um 10:15 schrieb …:", "On …
	 * wrote:"), as Gmail, Apple Mail and Thunderbird write it, or "… schrieb am …:" as
	 * HCL Notes does; Gmail wraps a long one over two or three lines.
	 */
	private static final Pattern ATTRIBUTION = Pattern
		.compile("^(Am .+ schrieb .*|On .+ wrote|.+ schrieb am .+|.+ wrote on .+):$");

	/** Outlook's separator line above the quoted mail. */
	private static final Pattern ORIGINAL = Pattern
		.compile("^-{2,} ?(Original Message|Ursprüngliche Nachricht|Originalnachricht) ?-{2,}$");

	/**
	 * The sender's line of the header block above the quoted mail (Outlook, Outlook for
	 * Mac, GMX, WEB.DE, HCL Notes; Notes pads the fields with blanks or a tab).
	 */
	private static final Pattern HEADER_FROM = Pattern.compile("^(Von|From):\\s+\\S.*$");

	/**
	 * Further lines of that block; GMX and WEB.DE put "Gesendet:" above the sender's.
	 */
	private static final Pattern HEADER_FIELD = Pattern
		.compile("^(Gesendet|Datum|An|Cc|Betreff|Sent|Date|To|Subject):(\\s.*)?$");

	/** The line mobile mail programs add ("Von meinem iPhone gesendet"). */
	private static final Pattern MOBILE = Pattern.compile("^(Von meinem .{1,60} gesendet|Gesendet von meinem .{1,60}"
			+ "|Diese Nachricht wurde von meinem .{1,80} gesendet|Gesendet (von|mit) .{1,40} für (iOS|Android|Windows)"
			+ "|Holen Sie sich Outlook für .{1,30}|Sent from my .{1,60}|Get Outlook for .{1,30})\\.?$");

	/**
	 * A line of only underscores, dashes or equals signs (Outlook draws one above the
	 * header).
	 */
	private static final Pattern RULE = Pattern.compile("^[_\\-=]{5,}$");

	/**
	 * A closing on a line of its own ("Mit freundlichen Grüßen", "Viele Grüße aus Köln,",
	 * "MfG", "Best regards"): what follows is the sender's signature block (name, "Im
	 * Auftrag", office, address, telephone), which administrations' mail servers add
	 * without {@code -- }.
	 */
	private static final Pattern CLOSING = Pattern.compile("^(((mit )?(freundlichen|besten|herzlichen|vielen|lieben"
			+ "|kollegialen|freundlichem|bestem|herzlichem) (grüßen|grüssen|gruß|gruss)"
			+ "|(viele|beste|liebe|herzliche|freundliche|schöne|sonnige) (grüße|grüsse)|grüße|grüsse|gruß|gruss)"
			+ "( aus .{1,40})?|mfg|vg|lg|bg|best regards|kind regards|regards|best wishes|cheers)[,.!]?$",
			Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

	/**
	 * "i. A.", "i.V.", "Im Auftrag", "gez." before a name that signs a mail.
	 */
	private static final Pattern ON_BEHALF = Pattern
		.compile("^(i\\. ?a\\.|i\\. ?v\\.|im auftrag|in vertretung|gez\\.)\\s*", Pattern.CASE_INSENSITIVE);

	/**
	 * Most lines a signature block after a closing has; with more, the closing was part
	 * of the text and stays.
	 */
	private static final int SIGNATURE_LINES = 15;

	private ReplyText() {
	}

	/** The reply in {@code body} (a mail's plain text). */
	static String of(String body) {
		return of(body, List.of());
	}

	/**
	 * The reply in {@code body} (a mail's plain text) of someone called by one of
	 * {@code names} (the member's name in the forum, the name in the mail's
	 * {@code From}): a line of only that name that starts a paragraph under the text
	 * (also "Becker, Anna", or after "i. A.") starts the signature block, as a closing
	 * does, for the signatures that mail programs add under a reply without a closing.
	 */
	static String of(String body, Collection<String> names) {
		Set<String> signers = new HashSet<>();
		for (String name : names) {
			if (name != null && !name.isBlank()) {
				signers.add(normalName(name));
				int comma = name.indexOf(',');
				if (comma > 0) {
					signers.add(normalName(name.substring(comma + 1) + " " + name.substring(0, comma)));
				}
			}
		}
		List<String> lines = List.of(body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
		int end = lines.size();
		for (int i = 0; i < end; i++) {
			String line = lines.get(i).strip();
			if (lines.get(i).equals("-- ") || lines.get(i).equals("--")) {
				end = i;
			}
			else if (ORIGINAL.matcher(line).matches()) {
				end = i;
			}
			else if (HEADER_FROM.matcher(line).matches() && headerBlockFollows(lines, i + 1)) {
				end = i;
				// Fields above the sender's line belong to the block too.
				while (end > 0 && HEADER_FIELD.matcher(lines.get(end - 1).strip()).matches()) {
					end--;
				}
			}
			else if (line.startsWith("Am ") || line.startsWith("On ") || line.contains(" schrieb am ")
					|| line.contains(" wrote on ")) {
				int last = attribution(lines, i);
				if (last >= 0 && quoteFollows(lines, last + 1)) {
					end = i;
				}
			}
		}
		List<String> kept = new ArrayList<>();
		for (String line : lines.subList(0, end)) {
			if (!line.startsWith(">")) {
				kept.add(line);
			}
		}
		// A closing with the signature block under it, when text stands above it.
		for (int i = Math.max(1, kept.size() - SIGNATURE_LINES - 1); i < kept.size(); i++) {
			String line = kept.get(i).strip();
			// A name only as the first line of a paragraph: in a list of names it stays.
			boolean signs = CLOSING.matcher(line).matches() || (kept.get(i - 1).isBlank()
					&& signers.contains(normalName(ON_BEHALF.matcher(line).replaceFirst(""))));
			if (signs && kept.subList(0, i).stream().anyMatch((above) -> !above.isBlank())) {
				kept = new ArrayList<>(kept.subList(0, i));
				break;
			}
		}
		// Trailing blank lines, rules and the mobile signature line, from the end.
		while (!kept.isEmpty()) {
			String last = kept.get(kept.size() - 1).strip();
			if (last.isEmpty() || RULE.matcher(last).matches() || MOBILE.matcher(last).matches()) {
				kept.remove(kept.size() - 1);
			}
			else {
				break;
			}
		}
		return String.join("\n", kept).strip();
	}

	/**
	 * The plain text of a mail that came as HTML only, without the quoted mail: block
	 * elements and {@code br} become line breaks, and what the common mail programs put
	 * the quoted mail into is left out (Apple Mail and Thunderbird: {@code blockquote};
	 * Gmail: {@code div.gmail_quote}; GMX and WEB.DE: {@code div[name=quote]}; Outlook:
	 * everything from its {@code appendonsend} marker or {@code divRplyFwdMsg} header on,
	 * or its header block as text, which {@link #of} finds).
	 */
	static String fromHtml(String html) {
		Document document = Jsoup.parse(html);
		document.select("#appendonsend ~ *, #divRplyFwdMsg ~ *").remove();
		document
			.select("blockquote, div.gmail_quote, div.moz-cite-prefix, #appendonsend, #divRplyFwdMsg, div[name=quote]")
			.remove();
		StringBuilder text = new StringBuilder();
		NodeTraversor.traverse(new NodeVisitor() {

			@Override
			public void head(Node node, int depth) {
				if (node instanceof TextNode textNode) {
					text.append(textNode.text());
				}
				else if (node instanceof Element element && element.nameIs("br")) {
					text.append('\n');
				}
				else if (node instanceof Element element && breaks(element)) {
					endLine(text);
				}
			}

			@Override
			public void tail(Node node, int depth) {
				if (node instanceof Element element && breaks(element)) {
					endLine(text);
				}
			}

		}, document.body());
		// A no-break space (&nbsp;, as GMX writes the header fields) as a space: the
		// header patterns and strip() know only the plain one.
		return text.toString()
			.replace('\u00A0', ' ')
			.lines()
			.map(String::strip)
			.collect(Collectors.joining("\n"))
			.replaceAll("\n{3,}", "\n\n");
	}

	/** A name in lower case with single spaces, without a trailing comma or full stop. */
	private static String normalName(String name) {
		return name.strip().replaceAll("[,.]+$", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
	}

	/** A line break, unless the text is empty or ends with one. */
	private static void endLine(StringBuilder text) {
		if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
			text.append('\n');
		}
	}

	private static boolean breaks(Element element) {
		return element.isBlock() && !element.nameIs("body");
	}

	/**
	 * The last line of a quote attribution starting at line {@code from} (at most three
	 * lines), or -1.
	 */
	private static int attribution(List<String> lines, int from) {
		StringBuilder joined = new StringBuilder();
		for (int i = from; i < Math.min(lines.size(), from + 3); i++) {
			String line = lines.get(i).strip();
			if (line.isEmpty() || line.startsWith(">")) {
				return -1;
			}
			if (!joined.isEmpty()) {
				joined.append(' ');
			}
			joined.append(line);
			if (ATTRIBUTION.matcher(joined).matches()) {
				return i;
			}
		}
		return -1;
	}

	/** After blank lines, a quoted line ({@code >}) comes, or nothing. */
	private static boolean quoteFollows(List<String> lines, int from) {
		for (int i = from; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (!line.isEmpty()) {
				return line.startsWith(">");
			}
		}
		return true;
	}

	/** One of the next three lines is a further field of a header block. */
	private static boolean headerBlockFollows(List<String> lines, int from) {
		for (int i = from; i < Math.min(lines.size(), from + 3); i++) {
			if (HEADER_FIELD.matcher(lines.get(i).strip()).matches()) {
				return true;
			}
		}
		return false;
	}

}
