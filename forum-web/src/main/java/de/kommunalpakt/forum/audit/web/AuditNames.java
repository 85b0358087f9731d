package de.kommunalpakt.forum.audit.web;

import de.kommunalpakt.forum.audit.AuditAction;
import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.web.ProblemResponses;
import org.springframework.stereotype.Component;

/**
 * Names in the audit log as administrators see them. The stored entry is the legal record
 * and stays as written; a member who deleted their account is shown as "ehemaliges
 * Mitglied", as actor and as the member a decision concerns. On the page and in the CSV
 * file, the states of a First-Mover decision (stored as {@code IN_REVIEW},
 * {@code SELECTED}, …) read as the pilot pages name them ("in Prüfung", "ausgewählt");
 * the API keeps the stored values.
 */
@Component
class AuditNames {

	private final MemberRepository members;

	private final MemberErasures erasures;

	private final ProblemResponses messages;

	AuditNames(MemberRepository members, MemberErasures erasures, ProblemResponses messages) {
		this.members = members;
		this.erasures = erasures;
		this.messages = messages;
	}

	/** As {@link #forDisplay}, with the states of a decision in words (page and CSV). */
	AuditEntry forPage(AuditEntry raw) {
		AuditEntry e = forDisplay(raw);
		if (e.action() != AuditAction.PILOT_DECIDED) {
			return e;
		}
		return new AuditEntry(e.id(), e.at(), e.actor(), e.actorName(), e.action(), e.targetType(), e.targetId(),
				e.targetLabel(), e.subject(), pilotState(e.before()), pilotState(e.after()), e.reason());
	}

	private String pilotState(String stored) {
		String code = "pilot.status." + stored;
		return (stored != null && !stored.isEmpty() && this.messages.hasMessage(code)) ? this.messages.message(code)
				: stored;
	}

	AuditEntry forDisplay(AuditEntry e) {
		boolean actorErased = e.actor() != null && this.erasures.isErased(e.actor());
		boolean subjectErased = e.subject() != null && this.erasures.isErased(e.subject());
		if (!actorErased && !subjectErased) {
			return e;
		}
		boolean memberTarget = "member".equals(e.targetType());
		return new AuditEntry(e.id(), e.at(), e.actor(), actorErased ? MemberErasures.FORMER_MEMBER : e.actorName(),
				e.action(), e.targetType(),
				(subjectErased && memberTarget) ? MemberErasures.FORMER_MEMBER : e.targetId(),
				(subjectErased && memberTarget) ? MemberErasures.FORMER_MEMBER : e.targetLabel(), e.subject(),
				e.before(), e.after(), e.reason());
	}

	String subjectName(AuditEntry e) {
		if (e.subject() == null) {
			return "";
		}
		if (this.erasures.isErased(e.subject())) {
			return MemberErasures.FORMER_MEMBER;
		}
		return this.members.findById(e.subject()).map(Member::displayName).orElse("");
	}

}
