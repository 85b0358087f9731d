package de.kommunalpakt.forum.reusemodel.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.reusemodel.LandModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelProfile;

/**
 * The comparison as CSV for Excel, written by Commons CSV: UTF-8 with byte order mark,
 * semicolons (the German Excel default), CRLF, fields quoted where needed, and cells that
 * Excel would take for a formula defused with a leading apostrophe.
 */
final class ModelCsv {

	static final char BOM = '\uFEFF';

	private static final CSVFormat EXCEL_DE = CSVFormat.Builder.create(CSVFormat.EXCEL)
		.setDelimiter(';')
		.setRecordSeparator("\r\n")
		.setQuoteMode(QuoteMode.MINIMAL)
		.get();

	private ModelCsv() {
	}

	static String write(List<LandModel> rows, ReuseTexts t, Map<EfaServiceId, EfaService> services) {
		StringBuilder csv = new StringBuilder().append(BOM);
		List<String> header = new ArrayList<>(List.of(t.msg("models.csv.land"), t.msg("models.csv.code")));
		for (String field : List.of("name", "status", "operator", "legalRoute", "legalRouteNote", "toSign")) {
			header.add(t.msg("reuse.field." + field));
		}
		header.addAll(List.of(t.msg("reuse.field.oneOffCost") + " – " + t.msg("reuse.cost.payer"),
				t.msg("reuse.field.oneOffCost") + " – " + t.msg("reuse.cost.note"),
				t.msg("reuse.field.runningCost") + " – " + t.msg("reuse.cost.payer"),
				t.msg("reuse.field.runningCost") + " – " + t.msg("reuse.cost.note"),
				t.msg("reuse.field.onboardingSteps"), t.msg("reuse.field.typicalDuration"),
				t.msg("reuse.field.prerequisites"), t.msg("reuse.field.services"), t.msg("models.csv.contacts"),
				t.msg("reuse.field.lastReview")));
		line(csv, header);
		for (LandModel row : rows) {
			List<String> cells = new ArrayList<>(List.of(row.land().displayName(), row.land().name()));
			if (!row.hasModel()) {
				cells.add("");
				cells.add(t.msg("reuse.status.NONE"));
				line(csv, cells);
				continue;
			}
			ReuseModelProfile p = row.model().profile();
			cells.addAll(List.of(p.name(), t.status(p.status()), p.operator(), t.route(p.legalRoute()),
					p.legalRouteNote(), p.toSign(), t.payer(p.oneOffCost().payer()), p.oneOffCost().note(),
					t.payer(p.runningCost().payer()), p.runningCost().note(), numbered(p.onboardingSteps()),
					p.typicalDuration(), String.join("\n", p.prerequisites()),
					p.services().stream().map((id) -> t.single(id, services)).collect(Collectors.joining(", ")),
					p.contacts().stream().map(t::contact).collect(Collectors.joining("\n")), t.date(p.lastReview())));
			line(csv, cells);
		}
		return csv.toString();
	}

	private static String numbered(List<String> steps) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < steps.size(); i++) {
			if (i > 0) {
				s.append('\n');
			}
			s.append(i + 1).append(". ").append(steps.get(i));
		}
		return s.toString();
	}

	private static void line(StringBuilder csv, List<String> cells) {
		try {
			EXCEL_DE.printRecord(csv, cells.stream().map(ModelCsv::cell).toArray());
		}
		catch (IOException ex) {
			// A StringBuilder does not fail.
			throw new UncheckedIOException(ex);
		}
	}

	/** A cell with line breaks as in Excel and formulas defused. */
	static String cell(String raw) {
		String value = (raw != null) ? raw.replace("\r\n", "\n") : "";
		if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
			value = "'" + value;
		}
		return value;
	}

}
