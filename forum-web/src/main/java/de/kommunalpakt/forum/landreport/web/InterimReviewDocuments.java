package de.kommunalpakt.forum.landreport.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import org.jsoup.Jsoup;
import org.jsoup.helper.W3CDom;

import de.kommunalpakt.forum.landreport.InterimReview;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.web.ReuseTexts;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;

/**
 * The Zwischenbilanz as documents: Markdown written here, PDF rendered from the Thymeleaf
 * template {@code landreport/review-pdf} with openhtmltopdf (tagged PDF/UA, the font
 * embedded).
 */
@Component
class InterimReviewDocuments {

	/**
	 * Liberation Sans as shipped inside PDFBox: a metric-compatible Arial with all German
	 * letters.
	 */
	private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

	private final ReuseTexts t;

	private final SpringTemplateEngine templates;

	private final ApplicationContext context;

	InterimReviewDocuments(ReuseTexts texts, SpringTemplateEngine templates, ApplicationContext context) {
		this.t = texts;
		this.templates = templates;
		this.context = context;
	}

	String markdown(InterimReview review) {
		StringBuilder md = new StringBuilder();
		md.append("# ").append(t.msg("review.title", escape(review.round().title()))).append("\n\n");
		md.append(t.msg("review.meta", t.date(review.round().sessionDate()), t.dateTime(review.round().deadline()),
				t.dateTime(review.compiledAt())))
			.append("\n\n");
		if (review.preliminary()) {
			md.append("**").append(t.msg("review.preliminary")).append("**\n\n");
		}
		md.append(t.msg("review.summary", review.reports().size(), review.lateCount())).append("\n\n");
		md.append("## ").append(t.msg("review.table.caption")).append("\n\n");
		md.append("| ")
			.append(String.join(" | ", t.msg("review.col.land"), t.msg("review.col.status"), t.msg("review.col.taken"),
					t.msg("review.col.planned")))
			.append(" |\n|---|---|---|---|\n");
		for (LandReport r : review.reports()) {
			md.append("| ")
				.append(r.land().displayName())
				.append(" | ")
				.append(status(r))
				.append(" | ")
				.append(cell(r.content().measuresTaken()))
				.append(" | ")
				.append(cell(r.content().measuresPlanned()))
				.append(" |\n");
		}
		md.append('\n').append(missing(review.missing())).append("\n\n");
		md.append("## ").append(t.msg("review.details")).append("\n");
		for (LandReport r : review.reports()) {
			md.append("\n### ").append(r.land().displayName()).append("\n\n*").append(status(r)).append("*\n");
			section(md, t.msg("report.measuresTaken"), r.content().measuresTaken());
			section(md, t.msg("report.measuresPlanned"), r.content().measuresPlanned());
			section(md, t.msg("report.obstacles"), r.content().obstacles());
			section(md, t.msg("report.supportNeeded"), r.content().supportNeeded());
		}
		md.append("\n---\n\n").append(t.msg("review.footer")).append('\n');
		return md.toString();
	}

	byte[] pdf(InterimReview review) {
		Context ctx = new Context(Locale.GERMAN, Map.of("review", review, "missingText", missing(review.missing())));
		ctx.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
				new ThymeleafEvaluationContext(this.context, null));
		String html = this.templates.process("landreport/review-pdf", ctx);
		org.w3c.dom.Document document = new W3CDom().fromJsoup(Jsoup.parse(html));
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PdfRendererBuilder builder = new PdfRendererBuilder();
			builder.useFastMode();
			builder.usePdfUaAccessibility(true);
			for (int weight : new int[] { 400, 700 }) {
				builder.useFont(() -> InterimReviewDocuments.class.getResourceAsStream(FONT), "Liberation Sans", weight,
						BaseRendererBuilder.FontStyle.NORMAL, true);
			}
			builder.withW3cDocument(document, "about:blank");
			builder.toStream(out);
			builder.run();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String status(LandReport r) {
		return t.msg(r.late() ? "review.status.late" : "review.status.onTime", t.date(r.submittedAt()));
	}

	String missing(List<LandCode> missing) {
		return missing.isEmpty() ? t.msg("review.missing.none") : t.msg("review.missing",
				missing.stream().map(LandCode::displayName).collect(Collectors.joining(", ")));
	}

	private void section(StringBuilder md, String heading, Object value) {
		md.append("\n#### ").append(heading).append("\n\n");
		if (value instanceof List<?> items) {
			if (items.isEmpty()) {
				md.append(t.msg("report.empty")).append('\n');
			}
			items.forEach((i) -> md.append("- ").append(escape(i.toString())).append('\n'));
		}
		else {
			String text = value.toString();
			md.append(text.isBlank() ? t.msg("report.empty") : escape(text).replace("\n", "  \n")).append('\n');
		}
	}

	private static String cell(List<String> items) {
		return items.stream().map((i) -> escape(i)).collect(Collectors.joining("<br>"));
	}

	/**
	 * Plain text as Markdown that shows the same text: Markdown and HTML characters
	 * escaped.
	 */
	static String escape(String text) {
		StringBuilder s = new StringBuilder();
		for (char c : text.replace("\r", "").toCharArray()) {
			if ("\\`*_[]<>#|".indexOf(c) >= 0) {
				s.append('\\');
			}
			s.append(c);
		}
		return s.toString();
	}

}
