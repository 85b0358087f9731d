package de.kommunalpakt.forum.landreport.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import de.kommunalpakt.forum.landreport.BoardEntry;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.landreport.LandReportContent;
import de.kommunalpakt.forum.landreport.LandReportService;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.reusemodel.web.LandPaths;
import de.kommunalpakt.forum.shared.ForumException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reporting rounds and the Länder's Kurzberichte in the API, read only, with the
 * checks of the pages {@code /berichte}: every member sees which Land has submitted and
 * reads submitted reports; a draft only its Land's writers and those who may see drafts.
 */
@RestController
@RequestMapping(path = "/api/v1/reporting-rounds", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Kurzberichte", description = "Berichtsrunden und Kurzberichte der Länder")
class LandReportApiController {

	private final LandReportService reports;

	LandReportApiController(LandReportService reports) {
		this.reports = reports;
	}

	@GetMapping
	@Operation(summary = "Alle Berichtsrunden")
	List<RoundDto> rounds() {
		return this.reports.rounds().stream().map(RoundDto::of).toList();
	}

	@GetMapping("/{roundId}")
	@Operation(summary = "Eine Berichtsrunde mit den 16 Ländern: state MISSING, DRAFT (nur wer ihn lesen darf), "
			+ "SUBMITTED oder LATE, mit dem Kurzbericht, wo lesbar")
	RoundBoardDto round(Actor actor, @PathVariable String roundId) {
		ReportingRound round = this.reports.round(roundId);
		return new RoundBoardDto(RoundDto.of(round),
				this.reports.board(actor, round).stream().map(BoardDto::of).toList());
	}

	@GetMapping("/{roundId}/reports/{land}")
	@Operation(
			summary = "Der Kurzbericht eines Landes in einer Runde (404, wenn es keinen gibt oder er nicht lesbar ist)")
	ReportDto report(Actor actor, @PathVariable String roundId, @PathVariable String land) {
		ReportingRound round = this.reports.round(roundId);
		return this.reports.report(actor, round, LandPaths.land(land))
			.map(ReportDto::of)
			.orElseThrow(() -> new ForumException.NotFound("landReport.notFound"));
	}

	record RoundDto(String id, String title, LocalDate sessionDate, Instant deadline, String htmlUrl) {

		static RoundDto of(ReportingRound r) {
			return new RoundDto(r.id().value(), r.title(), r.sessionDate(), r.deadline(),
					"/berichte/" + r.id().value());
		}

	}

	record RoundBoardDto(RoundDto round, List<BoardDto> lands) {
	}

	record BoardDto(String land, String landName, String state, ReportDto report) {

		static BoardDto of(BoardEntry e) {
			return new BoardDto(e.land().name(), e.land().displayName(), e.state().name(),
					(e.report() != null) ? ReportDto.of(e.report()) : null);
		}

	}

	record ReportDto(String round, String land, String status, boolean late, List<String> measuresTaken,
			List<String> measuresPlanned, String obstacles, String supportNeeded, Instant submittedAt,
			String submittedBy, Instant updatedAt, String updatedBy, long version, String htmlUrl) {

		static ReportDto of(LandReport r) {
			LandReportContent c = r.content();
			return new ReportDto(r.round().value(), r.land().name(), r.status().name(), r.late(), c.measuresTaken(),
					c.measuresPlanned(), c.obstacles(), c.supportNeeded(), r.submittedAt(), r.submittedByName(),
					r.updatedAt(), r.updatedByName(), r.version(),
					"/berichte/" + r.round().value() + "/" + r.land().name().toLowerCase(Locale.ROOT));
		}

	}

}
