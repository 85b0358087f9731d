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
 * @param moderation hidden or deleted, or null while visible
 */
public record Post(PostId id, MemberId author, String authorName, String authorUsername, OrganisationId organisation,
		String organisationName, OrganisationKind organisationKind, Markdown markdown, SafeHtml html, Instant createdAt,
		Instant editedAt, String editedByName, int revision, Integer quotes, Set<MemberId> helpful,
		PostModeration moderation) {

	/**
	 * The Markdown that stands in for a text that is withheld or deleted (a post's
	 * Markdown is never blank).
	 */
	public static final String WITHHELD = "…";

	/** A visible post. */
	public Post(PostId id, MemberId author, String authorName, String authorUsername, OrganisationId organisation,
			String organisationName, OrganisationKind organisationKind, Markdown markdown, SafeHtml html,
			Instant createdAt, Instant editedAt, String editedByName, int revision, Integer quotes,
			Set<MemberId> helpful) {
		this(id, author, authorName, authorUsername, organisation, organisationName, organisationKind, markdown, html,
				createdAt, editedAt, editedByName, revision, quotes, helpful, null);
	}

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

	/** Neither hidden nor deleted. */
	public boolean isVisible() {
		return this.moderation == null;
	}

	public boolean isHidden() {
		return this.moderation != null && this.moderation.isHidden();
	}

	public boolean isDeleted() {
		return this.moderation != null && this.moderation.isDeleted();
	}

	/**
	 * Whether the actor may read the text: everyone while visible; a hidden post only
	 * moderators and its author; a deleted one nobody (the text is gone).
	 */
	public boolean showsTextTo(Actor actor) {
		return this.moderation == null || this.moderation.isHidden() && (actor.isModerator() || isWrittenBy(actor));
	}

	/**
	 * The post as this actor may see it: a withheld text is replaced, the moderation note
	 * stays. Every read path goes through this.
	 */
	public Post readableBy(Actor actor) {
		return showsTextTo(actor) ? this : withText(new Markdown(WITHHELD), new SafeHtml(""));
	}

	/** The same post with another text (moderation, erasure, anonymisation). */
	public Post withText(Markdown newMarkdown, SafeHtml newHtml) {
		return new Post(this.id, this.author, this.authorName, this.authorUsername, this.organisation,
				this.organisationName, this.organisationKind, newMarkdown, newHtml, this.createdAt, this.editedAt,
				this.editedByName, this.revision, this.quotes, this.helpful, this.moderation);
	}

	public Optional<PostId> quotedPost() {
		return Optional.ofNullable(this.quotes).map((n) -> new PostId(this.id.thread(), n));
	}

}
