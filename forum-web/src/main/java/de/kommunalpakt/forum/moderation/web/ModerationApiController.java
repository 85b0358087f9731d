package de.kommunalpakt.forum.moderation.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.moderation.ModerationService.QueueItem;
import de.kommunalpakt.forum.moderation.Report;
import de.kommunalpakt.forum.moderation.Suspension;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.thread.Post;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Moderation over the API: reports, the review queue, decisions, suspensions. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Moderation", description = "Meldungen, Prüfliste, Ausblenden, Löschen, Sperren")
class ModerationApiController {

	private final ModerationService moderation;

	private final ModerationState state;

	ModerationApiController(ModerationService moderation, ModerationState state) {
		this.moderation = moderation;
		this.state = state;
	}

	@PostMapping(path = "/posts/{postId}/reports", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Beitrag melden; reason: WRONG, OUTDATED, PERSONAL_DATA, OFF_TOPIC, OTHER (mit note)")
	ResponseEntity<ReportDto> report(Actor actor, @PathVariable String postId, @RequestBody ReportRequest request) {
		Report report = this.moderation.report(actor, postId, ModerationPageController.parseReason(request.reason()),
				request.note());
		this.state.changed();
		return ResponseEntity.created(URI.create("/api/v1/posts/" + postId)).body(ReportDto.of(report, false));
	}

	@GetMapping("/moderation/reports")
	@Operation(summary = "Prüfliste der Moderation: gemeldete Beiträge mit offenen Meldungen, älteste zuerst")
	List<QueueItemDto> queue(Actor actor) {
		return this.moderation.queue(actor).stream().map(QueueItemDto::of).toList();
	}

	@PostMapping(path = "/posts/{postId}/moderation", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Moderation eines Beitrags: action HIDE, RESTORE, DELETE oder DISMISS, mit reason. HIDE des "
			+ "ersten Beitrags blendet das ganze Thema aus (nur noch für die Moderation und die Person sichtbar, die es "
			+ "begonnen hat; nicht mehr in Listen, Feeds, Benachrichtigungen und Suche), RESTORE zeigt es wieder.")
	ResponseEntity<?> decide(Actor actor, @PathVariable String postId, @RequestBody DecisionRequest request) {
		String action = (request.action() != null) ? request.action().strip().toUpperCase(Locale.ROOT) : "";
		Object result = switch (action) {
			case "HIDE" -> ModeratedPostDto.of(this.moderation.hide(actor, postId, request.reason()));
			case "RESTORE" -> ModeratedPostDto.of(this.moderation.restore(actor, postId, request.reason()));
			case "DELETE" -> ModeratedPostDto.of(this.moderation.delete(actor, postId, request.reason()));
			case "DISMISS" -> java.util.Map.of("dismissed", this.moderation.dismiss(actor, postId, request.reason()));
			default -> throw new ForumException.Invalid("action", "moderation.action.unknown");
		};
		this.state.changed();
		return ResponseEntity.ok(result);
	}

	@DeleteMapping("/posts/{postId}")
	@Operation(summary = "Eigenen Beitrag löschen, solange niemand darauf geantwortet hat")
	ResponseEntity<Void> deleteOwn(Actor actor, @PathVariable String postId) {
		this.moderation.deleteOwn(actor, postId);
		return ResponseEntity.noContent().build();
	}

	@PutMapping(path = "/members/{username}/suspension", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Mitglied für days Tage sperren (lesen ja, schreiben nein), mit reason")
	SuspensionDto suspend(Actor actor, @PathVariable String username, @RequestBody SuspensionRequest request) {
		Suspension s = this.moderation.suspend(actor, username, (request.days() != null) ? request.days() : 0,
				request.reason());
		this.state.changed();
		return new SuspensionDto(username, s.until(), s.reason());
	}

	@DeleteMapping("/members/{username}/suspension")
	@Operation(summary = "Sperre aufheben")
	ResponseEntity<Void> lift(Actor actor, @PathVariable String username) {
		this.moderation.lift(actor, username, "");
		this.state.changed();
		return ResponseEntity.noContent().build();
	}

	record ReportRequest(String reason, String note) {
	}

	record DecisionRequest(String action, String reason) {
	}

	record SuspensionRequest(Integer days, String reason) {
	}

	record SuspensionDto(String username, Instant until, String reason) {
	}

	record ReportDto(String post, String reason, String note, String reporter, Instant at, String resolution) {

		static ReportDto of(Report r, boolean withReporter) {
			return new ReportDto(r.post().toString(), r.reason().name(), r.note(),
					withReporter ? r.reporterName() : null, r.at(),
					(r.resolution() != null) ? r.resolution().name() : null);
		}

	}

	record ModeratedPostDto(String id, String state, String reason, String by, Instant at) {

		static ModeratedPostDto of(Post p) {
			return (p.moderation() == null) ? new ModeratedPostDto(p.id().toString(), "VISIBLE", null, null, null)
					: new ModeratedPostDto(p.id().toString(), p.moderation().state().name(), p.moderation().reason(),
							p.moderation().byName(), p.moderation().at());
		}

	}

	record QueueItemDto(String post, String thread, String threadTitle, String author, String state, String text,
			List<ReportDto> reports, String htmlUrl) {

		static QueueItemDto of(QueueItem item) {
			Post p = item.post();
			return new QueueItemDto(p.id().toString(), p.id().thread().value(), item.thread().title(), p.authorName(),
					(p.moderation() != null) ? p.moderation().state().name() : "VISIBLE",
					MarkdownRenderer.plainText(p.html()),
					item.reports().stream().map((r) -> ReportDto.of(r, true)).toList(),
					"/beitraege/" + p.id() + "/moderation");
		}

	}

}
