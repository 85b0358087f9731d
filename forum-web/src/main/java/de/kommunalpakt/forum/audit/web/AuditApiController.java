package de.kommunalpakt.forum.audit.web;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;

import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.audit.AuditLog;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Page;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/admin/audit}: the audit log for administrators, newest first. */
@RestController
class AuditApiController {

	private final AuditLog audit;

	private final AuditNames names;

	AuditApiController(AuditLog audit, AuditNames names) {
		this.audit = audit;
		this.names = names;
	}

	@GetMapping(path = "/api/v1/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Prüfprotokoll der Moderation und Administration (nur Administration), neueste zuerst")
	PageDto api(Actor actor, @RequestParam(required = false) String action,
			@RequestParam(name = "actor", required = false) String person,
			@RequestParam(required = false) String target, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		AuditPageController.requireAdmin(actor);
		if (page < 0 || size < 1 || size > 200) {
			throw new ForumException.Invalid("size", "api.paging.invalid", 200);
		}
		Page<AuditEntry> entries = this.audit.find(AuditPageController.query(action, person, target, from, to), page,
				size);
		return new PageDto(entries.items().stream().map(this.names::forDisplay).map(EntryDto::of).toList(),
				entries.number(), entries.size(), entries.total());
	}

	record EntryDto(String id, Instant at, String actor, String action, String targetType, String targetId,
			String targetLabel, String before, String after, String reason) {

		static EntryDto of(AuditEntry e) {
			return new EntryDto(e.id(), e.at(), e.actorName(), e.action().name(), e.targetType(), e.targetId(),
					e.targetLabel(), e.before(), e.after(), e.reason());
		}

	}

	record PageDto(List<EntryDto> items, int page, int size, long total) {
	}

}
