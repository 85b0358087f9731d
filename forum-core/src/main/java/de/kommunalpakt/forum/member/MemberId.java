package de.kommunalpakt.forum.member;

import de.kommunalpakt.forum.shared.ForumException;

/**
 * The OIDC subject of a member.
 *
 * @param value the {@code sub} claim
 */
public record MemberId(String value) {

	public MemberId {
		if (value == null || value.isBlank() || value.length() > 255) {
			throw new ForumException.Invalid("member", "member.id.invalid");
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
