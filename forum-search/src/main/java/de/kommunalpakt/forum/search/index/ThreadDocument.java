package de.kommunalpakt.forum.search.index;

import java.util.List;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadState;

/**
 * A thread as the index holds it: its fields for filters and facets and the plain text of
 * its posts (index 0 is the opening post) for matching and snippets. A hidden or deleted
 * post keeps its place with an empty text: nobody finds it by its words.
 *
 * @param space space id
 * @param type thread type
 * @param state thread state
 * @param answered whether a reply is accepted
 * @param pinned pinned in its space
 * @param tags tags
 * @param lands Land codes
 * @param authorOrganisationKind kind of the starter's organisation
 * @param createdAt start (ISO-8601)
 * @param lastActivityAt last post (ISO-8601)
 * @param postCount number of posts
 * @param title title
 * @param posts plain text of the posts
 */
public record ThreadDocument(String space, String type, String state, boolean answered, boolean pinned,
		List<String> tags, List<String> lands, String authorOrganisationKind, String createdAt, String lastActivityAt,
		int postCount, String title, List<String> posts) {

	static ThreadDocument of(Thread t, List<Post> posts) {
		return new ThreadDocument(t.space().value(), t.type().name(), t.state().name(),
				t.acceptedAnswer() != null || t.state() == ThreadState.ANSWERED, t.pinned(), List.copyOf(t.tags()),
				t.lands().stream().map(LandCode::name).sorted().toList(), t.authorOrganisationKind().name(),
				t.createdAt().toString(), t.lastActivityAt().toString(), t.postCount(), t.title(),
				posts.stream().map((p) -> p.isVisible() ? MarkdownRenderer.plainText(p.html()) : "").toList());
	}

}
