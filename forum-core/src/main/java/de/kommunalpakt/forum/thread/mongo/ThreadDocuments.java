package de.kommunalpakt.forum.thread.mongo;

import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import org.bson.Document;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadState;
import de.kommunalpakt.forum.thread.ThreadType;

/**
 * The thread document, in one place: {@code {_id, space, type, title, tags[], lands[],
 * author, authorName, authorOrg, authorOrgKind, createdAt, lastActivityAt, lastPosterName,
 * postCount, state, pinned, accepted, version, hidden}}; {@code hidden} (the opening post
 * is hidden by the moderation) is written only when true.
 */
final class ThreadDocuments {

	private ThreadDocuments() {
	}

	static Document toDocument(Thread t) {
		Document document = new Document("_id", t.id().value()).append("space", t.space().value())
			.append("type", t.type().name())
			.append("title", t.title())
			.append("tags", List.copyOf(t.tags()))
			.append("lands", t.lands().stream().map(LandCode::name).sorted().toList())
			.append("author", t.author().value())
			.append("authorName", t.authorName())
			.append("authorOrg", t.authorOrganisation().value())
			.append("authorOrgKind", t.authorOrganisationKind().name())
			.append("createdAt", Date.from(t.createdAt()))
			.append("lastActivityAt", Date.from(t.lastActivityAt()))
			.append("lastPosterName", t.lastPosterName())
			.append("postCount", t.postCount())
			.append("state", t.state().name())
			.append("pinned", t.pinned())
			.append("accepted", t.acceptedAnswer())
			.append("version", t.version());
		if (t.hidden()) {
			document.append("hidden", true);
		}
		return document;
	}

	static Thread fromDocument(Document d) {
		Number accepted = d.get("accepted", Number.class);
		return new Thread(new ThreadId(d.getString("_id")), new SpaceId(d.getString("space")),
				ThreadType.valueOf(d.getString("type")), d.getString("title"),
				new java.util.LinkedHashSet<>(d.getList("tags", String.class, List.of())),
				d.getList("lands", String.class, List.of()).stream().map(LandCode::valueOf).collect(Collectors.toSet()),
				new MemberId(d.getString("author")), d.getString("authorName"),
				new OrganisationId(d.getString("authorOrg")), OrganisationKind.valueOf(d.getString("authorOrgKind")),
				d.getDate("createdAt").toInstant(), d.getDate("lastActivityAt").toInstant(),
				d.getString("lastPosterName"), d.get("postCount", Number.class).intValue(),
				ThreadState.valueOf(d.getString("state")), d.getBoolean("pinned", false),
				(accepted != null) ? accepted.intValue() : null, d.get("version", Number.class).longValue(),
				d.getBoolean("hidden", false));
	}

}
