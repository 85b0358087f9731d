package de.kommunalpakt.forum.profile.web;

import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Member;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

@Controller
class ProfilePageController {

	private final MemberRepository members;

	private final OrganisationRepository organisations;

	private final ThreadService threads;

	ProfilePageController(MemberRepository members, OrganisationRepository organisations, ThreadService threads) {
		this.members = members;
		this.organisations = organisations;
		this.threads = threads;
	}

	@GetMapping("/mitglieder/{username}")
	String member(Actor actor, @PathVariable String username, Model model) {
		if (username.length() > 100) {
			throw new ForumException.NotFound("member.notFound");
		}
		Member member = this.members.findByUsername(username)
			.orElseThrow(() -> new ForumException.NotFound("member.notFound"));
		model.addAttribute("member", member);
		model.addAttribute("organisation", this.organisations.findById(member.organisation()).orElse(null));
		model.addAttribute("threads",
				this.threads
					.list(actor, ThreadQuery.in(Set.of()).withAuthor(member.id()).sortedBy(ThreadQuery.Sort.CREATED), 0,
							10)
					.items());
		return "member/member";
	}

	@GetMapping("/organisationen")
	String organisations(Model model) {
		model.addAttribute("organisations", this.organisations.findAll());
		return "member/organisations";
	}

	@GetMapping("/organisationen/{organisationId}")
	String organisation(Actor actor, @PathVariable String organisationId, Model model) {
		OrganisationId id;
		try {
			id = new OrganisationId(organisationId);
		}
		catch (ForumException ex) {
			throw new ForumException.NotFound("organisation.notFound");
		}
		Organisation organisation = this.organisations.findById(id)
			.orElseThrow(() -> new ForumException.NotFound("organisation.notFound"));
		model.addAttribute("organisation", organisation);
		model.addAttribute("members", this.members.findByOrganisation(id));
		model.addAttribute("threads",
				this.threads
					.list(actor, ThreadQuery.in(Set.of()).withOrganisation(id).sortedBy(ThreadQuery.Sort.CREATED), 0,
							10)
					.items());
		return "member/organisation";
	}

}
