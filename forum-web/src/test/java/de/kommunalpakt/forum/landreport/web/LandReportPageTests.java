package de.kommunalpakt.forum.landreport.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import com.mongodb.client.MongoDatabase;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.landreport.EditLandReport;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.OpenReportingRound;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Rounds, drafts, submission, deadline and the Zwischenbilanz as Markdown and PDF. */
class LandReportPageTests extends WebTestSupport {

	static final ReuseLogins HESSEN = ReuseLogins.land(LandCode.HE);

	static final ReuseLogins NRW = ReuseLogins.land(LandCode.NW);

	static final ReuseLogins DARMSTADT = ReuseLogins.kommune("kommune-darmstadt", "Anna Becker", LandCode.HE);

	@Autowired
	LandReportService reports;

	@Autowired
	MongoDatabase database;

	@Autowired
	de.kommunalpakt.forum.audit.AuditLog audit;

	@BeforeEach
	void clean() {
		openRounds(this.reports, this.database);
	}

	/**
	 * A past round ({@code it-plr-42}) and a running one ({@code laufend}), no reports.
	 */
	static void openRounds(LandReportService reports, MongoDatabase database) {
		ReuseLogins.clear(database);
		reports.open(ReuseLogins.moderator().actor(), new OpenReportingRound(
				"Kurzberichte zur 42. Sitzung des IT-Planungsrats", "it-plr-42", "03.11.2023", "13.10.2023"));
		reports.open(ReuseLogins.moderator().actor(),
				new OpenReportingRound("Laufende Runde", "laufend", "01.01.2099", "31.12.2098"));
	}

	@Test
	void moderationOpensRoundsWithGermanValidation() throws Exception {
		this.mvc.perform(get("/berichte").with(ReuseLogins.moderator().session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Kurzberichte zur 42. Sitzung"),
					containsString("Neue Berichtsrunde eröffnen"))));
		this.mvc.perform(get("/berichte").with(HESSEN.session()))
			.andExpect(content().string(not(containsString("Neue Berichtsrunde eröffnen"))));
		this.mvc
			.perform(post("/berichte").with(ReuseLogins.moderator().session())
				.with(csrf())
				.param("title", "")
				.param("slug", "Ungültig!")
				.param("sessionDate", "32.13.2023")
				.param("deadline", ""))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(allOf(containsString("Bitte geben Sie einen Titel an."),
					containsString("nur Kleinbuchstaben, Ziffern und Bindestriche"),
					containsString("gültiges Sitzungsdatum"), containsString("Bitte geben Sie eine Frist an."))));
		this.mvc
			.perform(post("/berichte").with(ReuseLogins.moderator().session())
				.with(csrf())
				.param("title", "Kurzberichte zur 44. Sitzung")
				.param("sessionDate", "2024-06-20")
				.param("deadline", "31.05.2024"))
			.andExpect(redirectedUrl("/berichte/kurzberichte-zur-44-sitzung"));
		this.mvc
			.perform(post("/berichte").with(HESSEN.session())
				.with(csrf())
				.param("title", "Eigene Runde")
				.param("sessionDate", "2024-06-20")
				.param("deadline", "31.05.2024"))
			.andExpect(status().isForbidden());
	}

	@Test
	void draftIsSeenOnlyByItsLandAndTheModeration() throws Exception {
		this.mvc
			.perform(post("/berichte/laufend/he").with(HESSEN.session())
				.with(csrf())
				.param("measuresTaken", "Geheimer Entwurf")
				.param("action", "entwurf"))
			.andExpect(redirectedUrl("/berichte/laufend/he"));
		this.mvc.perform(get("/berichte/laufend/he").with(HESSEN.session()))
			.andExpect(
					content().string(allOf(containsString("Geheimer Entwurf"), containsString("Entwurf speichern"))));
		this.mvc.perform(get("/berichte/laufend/he").with(ReuseLogins.moderator().session()))
			.andExpect(content().string(containsString("Geheimer Entwurf")));
		this.mvc.perform(get("/berichte/laufend/he").with(NRW.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(not(containsString("Geheimer Entwurf")),
					containsString("liegt noch kein eingereichter Bericht vor"))));
		this.mvc.perform(get("/berichte/laufend").with(DARMSTADT.session()))
			.andExpect(content()
				.string(allOf(containsString("noch nicht eingereicht"), not(containsString(">Entwurf<")))));
		this.mvc.perform(get("/berichte/laufend/zwischenbilanz.md").with(ReuseLogins.moderator().session()))
			.andExpect(content().string(not(containsString("Geheimer Entwurf"))));
		this.mvc
			.perform(post("/berichte/laufend/he").with(NRW.session())
				.with(csrf())
				.param("measuresTaken", "Fremder Bericht")
				.param("action", "einreichen"))
			.andExpect(status().isForbidden());
	}

	@Test
	void submissionNeedsMeasuresAndALateReportIsKeptAndMarked() throws Exception {
		this.mvc
			.perform(post("/berichte/it-plr-42/he").with(HESSEN.session())
				.with(csrf())
				.param("measuresTaken", "")
				.param("action", "einreichen"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(allOf(containsString("Bitte nennen Sie mindestens eine ergriffene Maßnahme."),
					containsString("Bitte nennen Sie mindestens eine geplante Maßnahme."),
					containsString("Die Frist ist abgelaufen"))));
		this.mvc
			.perform(post("/berichte/it-plr-42/he").with(HESSEN.session())
				.with(csrf())
				.param("measuresTaken", "Rahmenvertrag | ekom21\nFörderprogramm")
				.param("measuresPlanned", "OZG-Koordination in jedem Kreis")
				.param("obstacles", "Fachverfahren")
				.param("action", "einreichen"))
			.andExpect(redirectedUrl("/berichte/it-plr-42/he"));
		this.mvc.perform(get("/berichte/it-plr-42").with(DARMSTADT.session()))
			.andExpect(content()
				.string(allOf(containsString("verspätet eingereicht am"), containsString("data-state=\"LATE\""))));
		this.mvc.perform(get("/berichte/it-plr-42/he").with(DARMSTADT.session()))
			.andExpect(content().string(allOf(containsString("Verspätet eingereicht"), containsString("Förderprogramm"),
					not(containsString("Bericht einreichen")))));
		this.mvc
			.perform(post("/berichte/it-plr-42/he").with(HESSEN.session())
				.with(csrf())
				.param("measuresTaken", "Nachträglich")
				.param("action", "entwurf"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("bereits eingereicht")));
		this.mvc.perform(post("/berichte/it-plr-42/he/zurueckgeben").with(HESSEN.session()).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(post("/berichte/it-plr-42/he/zurueckgeben").with(ReuseLogins.moderator().session()).with(csrf()))
			.andExpect(redirectedUrl("/berichte/it-plr-42/he"));
		// Handing a report back is a decision of the moderation: the audit log has it.
		de.kommunalpakt.forum.audit.AuditEntry reopened = this.audit
			.find(new de.kommunalpakt.forum.audit.AuditQuery(
					de.kommunalpakt.forum.audit.AuditAction.LAND_REPORT_REOPENED, null, "it-plr-42/HE", null, null), 0,
					10)
			.items()
			.getFirst();
		assertThat(reopened.actor()).isEqualTo(ReuseLogins.moderator().actor().id());
		assertThat(reopened.actorName()).isEqualTo("Martin Krüger");
		assertThat(reopened.targetType()).isEqualTo("report");
		assertThat(reopened.targetLabel()).contains("Kurzberichte zur 42. Sitzung", "Hessen");
		assertThat(reopened.before()).isEqualTo("eingereicht (verspätet)");
		assertThat(reopened.after()).isEqualTo("wieder geöffnet (Entwurf)");
		this.mvc.perform(get("/berichte/it-plr-42/he").with(HESSEN.session()))
			.andExpect(content().string(containsString("Bericht einreichen")));
	}

	@Test
	void zwischenbilanzComesAsMarkdownTableAndPrintablePdf() throws Exception {
		this.reports.save(HESSEN.actor(), this.reports.round("laufend"), LandCode.HE,
				new EditLandReport("Rahmenvertrag | ekom21\n*Förderprogramm*", "Kreis-Koordination", "", "", null),
				true);
		this.reports.save(NRW.actor(), this.reports.round("laufend"), LandCode.NW,
				new EditLandReport("148 Rahmenvereinbarungen", "Abruf für Kreise", "Ratsbeschlüsse", "", null), true);
		String md = this.mvc.perform(get("/berichte/laufend/zwischenbilanz.md").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("text/markdown")))
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);
		assertThat(md).startsWith("# Zwischenbilanz: Laufende Runde")
			.contains("**Vorläufig: Die Frist läuft noch.**")
			.contains("| Land | Stand | Ergriffene Maßnahmen | Geplante Maßnahmen |")
			.contains("| Hessen | eingereicht am ")
			.contains("Rahmenvertrag \\| ekom21<br>\\*Förderprogramm\\*")
			.contains("| Nordrhein-Westfalen |")
			.contains("Noch ohne Bericht: Baden-Württemberg, Bayern")
			.contains("### Hessen");
		byte[] pdf = this.mvc.perform(get("/berichte/laufend/zwischenbilanz.pdf").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/pdf"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();
		try (PDDocument document = Loader.loadPDF(pdf)) {
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Zwischenbilanz: Laufende Runde", "Hessen", "Nordrhein-Westfalen",
					"148 Rahmenvereinbarungen", "Förderprogramm", "Ergriffene Maßnahmen");
			assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("de");
			assertThat(document.getDocumentInformation().getTitle()).contains("Zwischenbilanz");
		}
		this.mvc.perform(get("/berichte/laufend/zwischenbilanz").with(DARMSTADT.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Die Länder und ihre Maßnahmen"),
					containsString("148 Rahmenvereinbarungen"))));
		assertThat(new ByteArrayInputStream(pdf).readNBytes(5)).isEqualTo("%PDF-".getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void unknownRoundsAndLaenderAreNotFound() throws Exception {
		this.mvc.perform(get("/berichte/gibt-es-nicht").with(DARMSTADT.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/berichte/it-plr-42/xx").with(DARMSTADT.session())).andExpect(status().isNotFound());
		this.mvc.perform(get("/berichte/%2E%2E/he").with(DARMSTADT.session())).andExpect(status().is4xxClientError());
		this.mvc.perform(get("/berichte/" + "a".repeat(500) + "/zwischenbilanz.pdf").with(DARMSTADT.session()))
			.andExpect(status().isNotFound());
	}

}
