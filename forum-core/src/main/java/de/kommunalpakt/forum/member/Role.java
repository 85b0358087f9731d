package de.kommunalpakt.forum.member;

/** What a member may do beyond reading and writing. */
public enum Role {

	MEMBER, MODERATOR, ADMIN

}
