package de.kommunalpakt.forum.audit.web;

import de.kommunalpakt.forum.audit.AuditEntry;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberRepository;
import org.springframework.stereotype.Component;

/**
 * Names in the audit log as administrators see them. The stored entry is the legal record
 * and stays as written.
 */
@Component
class AuditNames {

	private final MemberRepository members;

	AuditNames(MemberRepository members) {
		this.members = members;
	}

	AuditEntry forDisplay(AuditEntry e) {
		return e;
	}

	String subjectName(AuditEntry e) {
		return (e.subject() != null) ? this.members.findById(e.subject()).map(Member::displayName).orElse("") : "";
	}

}
