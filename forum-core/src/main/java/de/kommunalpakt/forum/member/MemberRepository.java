package de.kommunalpakt.forum.member;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import de.kommunalpakt.forum.organisation.OrganisationId;

/** Members as last seen at login. */
public interface MemberRepository {

	Optional<Member> findById(MemberId id);

	Optional<Member> findByUsername(String username);

	List<Member> findAllById(Collection<MemberId> ids);

	List<Member> findByOrganisation(OrganisationId organisation);

	/**
	 * Members whose user name or display name starts with the prefix (mention
	 * autocomplete).
	 */
	List<Member> findByNamePrefix(String prefix, int limit);

	/** Records a login: creates the member or refreshes the copied claims. */
	Member recordLogin(Actor actor);

}
