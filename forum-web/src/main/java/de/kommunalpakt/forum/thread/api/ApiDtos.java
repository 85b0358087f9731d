package de.kommunalpakt.forum.thread.api;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.Role;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostRevision;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadType;

/**
 * JSON shapes of the API: records built from the domain, never the domain types
 * themselves.
 */
final class ApiDtos {

	private ApiDtos() {
	}

	record SpaceDto(String id, String name, String description, String visibility, String land) {

		static SpaceDto of(Space s) {
			return new SpaceDto(s.id().value(), s.name(), s.description(), s.visibility().name(),
					(s.land() != null) ? s.land().name() : null);
		}

	}

	record ThreadDto(String id, String space, String type, String title, List<String> tags, List<String> lands,
			String state, boolean pinned, String acceptedPost, int postCount, String author, String authorOrganisation,
			Instant createdAt, Instant lastActivityAt, long version, String htmlUrl) {

		static ThreadDto of(Thread t) {
			return new ThreadDto(t.id().value(), t.space().value(), t.type().name(), t.title(), List.copyOf(t.tags()),
					t.lands().stream().map(LandCode::name).sorted().toList(), t.state().name(), t.pinned(),
					t.acceptedAnswerId().map(Object::toString).orElse(null), t.postCount(), t.authorName(),
					t.authorOrganisation().value(), t.createdAt(), t.lastActivityAt(), t.version(),
					"/t/" + t.id().value() + "/" + t.slug());
		}

	}

	record PostDto(String id, String thread, int number, String author, String authorUsername, String organisation,
			String organisationName, String organisationKind, String markdown, String html, Instant createdAt,
			Instant editedAt, int revision, Integer quotes, int helpful, String htmlUrl, String state,
			String moderationReason) {

		/**
		 * The post as the service handed it out: a withheld text is already replaced;
		 * {@code state} is VISIBLE, HIDDEN or DELETED.
		 */
		static PostDto of(Post p) {
			return new PostDto(p.id().toString(), p.id().thread().value(), p.number(), p.authorName(),
					p.authorUsername(), p.organisation().value(), p.organisationName(), p.organisationKind().name(),
					p.markdown().source(), p.html().html(), p.createdAt(), p.editedAt(), p.revision(), p.quotes(),
					p.helpfulCount(), "/beitraege/" + p.id(),
					(p.moderation() != null) ? p.moderation().state().name() : "VISIBLE",
					(p.moderation() != null) ? p.moderation().reason() : null);
		}

	}

	record ThreadPageDto(ThreadDto thread, int page, int pageCount, List<PostDto> posts) {
	}

	record PageDto<T>(List<T> items, int page, int size, long total, int totalPages) {
	}

	record RevisionDto(int revision, String markdown, String editor, Instant at) {

		static RevisionDto of(PostRevision r) {
			return new RevisionDto(r.revision(), r.markdown().source(), r.editorName(), r.at());
		}

	}

	record OrganisationDto(String id, String kind, String name, String land, String description) {

		static OrganisationDto of(Organisation o) {
			return new OrganisationDto(o.id().value(), o.kind().name(), o.name(),
					(o.land() != null) ? o.land().name() : null, o.description());
		}

	}

	record MeDto(String id, String username, String name, String organisation, String organisationKind, String land,
			Set<Role> roles) {

		static MeDto of(Actor a) {
			return new MeDto(a.id().value(), a.username(), a.displayName(), a.organisation().value(),
					a.organisationKind().name(), (a.land() != null) ? a.land().name() : null, a.roles());
		}

	}

	record NewThreadRequest(String space, ThreadType type, String title, String markdown, Set<String> tags,
			Set<LandCode> lands) {
	}

	record NewPostRequest(String markdown, Integer quotes) {
	}

	record EditPostRequest(String markdown, Integer expectedRevision) {
	}

	record ModerationRequest(String action, String targetSpace) {
	}

}
