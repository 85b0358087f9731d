package de.kommunalpakt.forum.security;

import de.kommunalpakt.forum.member.MemberId;

/**
 * A member completed a browser login (published after the member record is written).
 *
 * @param member who
 * @param email the address the identity provider gave, or null
 */
public record MemberSignedIn(MemberId member, String email) {

}
