package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.SafeHtml;

/**
 * A post: Markdown as written plus the sanitized HTML made from it.
 *
 * @param id thread and number
 * @param author who wrote it
 * @param authorName display name at the time
 * @param authorUsername login name (for mentions and profile links)
 * @param organisation organisation of the author
 * @param organisationName its display name at the time
 * @param organisationKind its kind
 * @param markdown current source
 * @param html current sanitized HTML
 * @param createdAt when written
 * @param editedAt when last edited, if ever
 * @param editedByName who last edited it, if ever
 * @param revision number of edits so far
 * @param quotes number of the post it quotes, if any
 * @param helpful members who found it helpful
 */
public record Post(PostId id, MemberId author, String authorName, String authorUsername, OrganisationId organisation,
		String organisationName, OrganisationKind organisationKind, Markdown markdown, SafeHtml html, Instant createdAt,
		Instant editedAt, String editedByName, int revision, Integer quotes, Set<MemberId> helpful) {

	public Post {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(author, "author");
		Objects.requireNonNull(markdown, "markdown");
		Objects.requireNonNull(html, "html");
		helpful = Set.copyOf(helpful);
	}

	public int number() {
		return this.id.number();
	}

	public boolean isEdited() {
		return this.revision > 0;
	}

	public int helpfulCount() {
		return this.helpful.size();
	}

	public boolean isHelpfulFor(MemberId member) {
		return this.helpful.contains(member);
	}

	public boolean isWrittenBy(Actor actor) {
		return this.author.equals(actor.id());
	}

	public Optional<PostId> quotedPost() {
		return Optional.ofNullable(this.quotes).map((n) -> new PostId(this.id.thread(), n));
	}

}
