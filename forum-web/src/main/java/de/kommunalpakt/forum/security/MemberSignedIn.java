package de.kommunalpakt.forum.security;

import de.kommunalpakt.forum.member.MemberId;

/**
 * A member signed in (published after the member record is written): a browser login, or
 * an API token the forum accepted for the first time ({@link SignIns}).
 *
 * @param member who
 * @param email the address the identity provider gave, or null (only from a browser
 * login: a token without the claim is not announced)
 */
public record MemberSignedIn(MemberId member, String email) {

}
