package de.kommunalpakt.forum.thread.web;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadPage;
import de.kommunalpakt.forum.thread.ThreadState;
import de.kommunalpakt.forum.web.GermanTime;
import org.unbescape.html.HtmlEscape;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The posts of a thread page as HTML list items, for {@code thread/thread.html}.
 *
 * <p>
 * The post list is the one part of a page that repeats: 20 posts with about 30 template
 * expressions each. Through the template engine it took about 60 % of the time of a
 * thread page (profile of {@code ./forum bench}); written here it is a few string
 * appends. Everything else on the page stays in the template. Texts come from the message
 * bundle like the template's {@code #{...}}; every value from a member is escaped as
 * {@code th:text} escapes it, and the post body is the sanitized HTML stored with the
 * post, inserted as {@code th:utext} did.
 *
 * <p>
 * The markup is what the page's script ({@code live.js}: items {@code li.post} with
 * {@code data-number}; {@code thread.js}: {@code .quote-link}, which fetches the quoted
 * post's Markdown when clicked) and the page tests rely on.
 */
@Component
class PostCards {

	private static final Locale GERMAN = Locale.GERMAN;

	/** The id of the form in thread.html that the posts' buttons submit. */
	static final String ACTIONS_FORM = "post-actions";

	/** German time, as on the other pages. */
	private static final GermanTime TIME = new GermanTime();

	private final MessageSource messages;

	/** Fixed texts, escaped once. */
	private final Map<OrganisationKind, String> kindLabels = new EnumMap<>(OrganisationKind.class);

	private final String acceptedBadge;

	private final String quote;

	private final String accept;

	private final String edit;

	private final String report;

	private final String moderate;

	private final String delete;

	PostCards(MessageSource messages) {
		this.messages = messages;
		for (OrganisationKind kind : OrganisationKind.values()) {
			this.kindLabels.put(kind, escape(text("organisation.kind." + kind.name())));
		}
		this.acceptedBadge = escape(text("thread.accepted.badge"));
		this.quote = escape(text("post.quote"));
		this.accept = escape(text("post.accept"));
		this.edit = escape(text("post.edit"));
		this.report = escape(text("post.report"));
		this.moderate = escape(text("post.moderate"));
		this.delete = escape(text("post.delete"));
	}

	/**
	 * The page's posts as list items ({@code li.post}), with the actions this actor may
	 * take on each: buttons of the page's one form {@value #ACTIONS_FORM} (which carries
	 * the CSRF token), each with its own {@code formaction}.
	 */
	String render(ThreadPage view, Actor actor, boolean canAccept, boolean canModerate) {
		Thread thread = view.thread();
		String threadId = thread.id().value();
		boolean replies = thread.state().acceptsReplies();
		boolean acceptable = canAccept && thread.state() != ThreadState.LOCKED;
		Integer accepted = thread.acceptedAnswer();
		StringBuilder out = new StringBuilder(view.posts().size() * 3000);
		for (Post p : view.posts()) {
			String anchor = p.id().anchor();
			String postId = segment(p.id().toString());
			boolean isAccepted = accepted != null && accepted == p.number();
			boolean own = p.isWrittenBy(actor);
			boolean visible = p.isVisible();
			out.append("<li id=\"")
				.append(anchor)
				.append("\" class=\"post")
				.append(isAccepted ? " post--accepted" : "")
				.append(p.isHidden() ? " post--hidden" : "")
				.append(p.isDeleted() ? " post--deleted" : "")
				.append("\" data-number=\"")
				.append(p.number())
				.append("\">\n<article aria-labelledby=\"")
				.append(anchor)
				.append("-author\">\n<header class=\"post__head\">\n<span class=\"post__author\" id=\"")
				.append(anchor)
				.append("-author\">");
			if (p.authorUsername() == null) {
				// A member who deleted their account: no profile, no organisation.
				out.append(escape(p.authorName())).append("</span>\n");
			}
			else {
				out.append("<a href=\"/mitglieder/")
					.append(segment(p.authorUsername()))
					.append("\">")
					.append(escape(p.authorName()))
					.append("</a></span>\n<a class=\"post__org\" href=\"/organisationen/")
					.append(segment(p.organisation().value()))
					.append("\"><span>")
					.append(escape(p.organisationName()))
					.append("</span> <span class=\"kern-badge kern-badge--small org-kind org-kind--")
					.append(p.organisationKind().name().toLowerCase(Locale.ROOT))
					.append("\">")
					.append(this.kindLabels.get(p.organisationKind()))
					.append("</span></a>\n");
			}
			out.append("<a class=\"post__time\" href=\"/t/")
				.append(segment(threadId))
				.append("?seite=")
				.append(view.page() + 1)
				.append('#')
				.append(anchor)
				.append("\"><time datetime=\"")
				.append(p.createdAt())
				.append("\">")
				.append(TIME.dateTime(p.createdAt()))
				.append("</time></a>\n");
			if (isAccepted) {
				out.append("<span class=\"kern-badge kern-badge--success\">")
					.append(this.acceptedBadge)
					.append("</span>\n");
			}
			if (p.isEdited() && visible) {
				out.append("<a class=\"post__edited\" href=\"/beitraege/")
					.append(postId)
					.append("/verlauf\">")
					.append(escape(text("post.edited", p.editedByName())))
					.append("</a>\n");
			}
			out.append("</header>\n");
			if (p.quotes() != null) {
				out.append("<p class=\"post__quotes\"><a href=\"/beitraege/")
					.append(segment(threadId + "-" + p.quotes()))
					.append("\">")
					.append(escape(text("post.quotes", p.quotes())))
					.append("</a></p>\n");
			}
			if (!visible) {
				moderationNote(out, p);
			}
			if (p.showsTextTo(actor)) {
				out.append("<div class=\"post-body\">").append(p.html().html()).append("</div>\n");
			}
			out.append("<footer class=\"post__actions\">\n");
			// A hidden or deleted post offers nothing to quote, mark or accept.
			if (visible && own) {
				out.append("<span class=\"helpful-count\">")
					.append(escape(text("post.helpful.count", p.helpfulCount())))
					.append("</span>\n");
			}
			else if (visible) {
				boolean mine = p.isHelpfulFor(actor.id());
				out.append("<button class=\"kern-btn kern-btn--tertiary kern-btn--x-small\" type=\"submit\" form=\"")
					.append(ACTIONS_FORM)
					.append("\" formaction=\"/beitraege/")
					.append(postId)
					.append("/hilfreich\" name=\"wert\" value=\"")
					.append(!mine)
					.append("\" aria-pressed=\"")
					.append(mine)
					.append("\"><span class=\"kern-label\">")
					.append(escape(text("post.helpful", p.helpfulCount())))
					.append("</span></button>\n");
			}
			if (replies && visible) {
				out.append("<a class=\"kern-link quote-link\" href=\"#antwort\" data-quote-number=\"")
					.append(p.number())
					.append("\" data-quote-author=\"")
					.append(escape(p.authorName()))
					.append("\">")
					.append(this.quote)
					.append("</a>\n");
			}
			if (acceptable && visible && p.number() > 1 && !isAccepted) {
				out.append("<button class=\"kern-btn kern-btn--tertiary kern-btn--x-small\" type=\"submit\" form=\"")
					.append(ACTIONS_FORM)
					.append("\" formaction=\"/beitraege/")
					.append(postId)
					.append("/akzeptieren\"><span class=\"kern-label\">")
					.append(this.accept)
					.append("</span></button>\n");
			}
			if ((own || canModerate) && visible) {
				out.append("<a class=\"kern-link\" href=\"/beitraege/")
					.append(postId)
					.append("/bearbeiten\">")
					.append(this.edit)
					.append("</a>\n");
			}
			if (own && visible && p.number() == thread.postCount()) {
				// Nobody has answered yet: the author may still take it back.
				action(out, postId, "loeschen", this.delete);
			}
			if (!own && visible) {
				action(out, postId, "melden", this.report);
			}
			if (canModerate && !p.isDeleted()) {
				action(out, postId, "moderation", this.moderate);
			}
			out.append("</footer>\n</article>\n</li>\n");
		}
		return out.toString();
	}

	private static void action(StringBuilder out, String postId, String path, String label) {
		out.append("<a class=\"kern-link\" href=\"/beitraege/")
			.append(postId)
			.append('/')
			.append(path)
			.append("\">")
			.append(label)
			.append("</a>\n");
	}

	/** The visible note in place of (or above) a hidden or deleted text. */
	private void moderationNote(StringBuilder out, Post p) {
		String note;
		if (p.isDeleted()) {
			note = p.moderation().byAuthor() ? text("post.deleted.byAuthor")
					: text("post.deleted.note", p.moderation().reason());
		}
		else {
			note = text("post.hidden.note", p.moderation().reason());
		}
		out.append("<p class=\"post-moderation\">").append(escape(note)).append("</p>\n");
	}

	private String text(String code, Object... args) {
		return this.messages.getMessage(code, args, GERMAN);
	}

	/** As {@code th:text} escapes: {@code & < > " '}. */
	private static String escape(String text) {
		return (text != null) ? HtmlEscape.escapeHtml4Xml(text) : "";
	}

	/** As a path variable of {@code @{...}}. */
	private static String segment(String value) {
		return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
	}

}
