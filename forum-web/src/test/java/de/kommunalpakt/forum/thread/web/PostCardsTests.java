package de.kommunalpakt.forum.thread.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.SafeHtml;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadPage;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The post list of a thread page as {@link PostCards} writes it: what each member may do
 * on each post, and every member-written value inert.
 */
class PostCardsTests {

	private static final Actor ASKER = ActorMapper.fromClaims(Members.DARMSTADT.claims());

	private static final Actor OTHER = ActorMapper.fromClaims(Members.KOELN.claims());

	private static final Actor MODERATOR = ActorMapper.fromClaims(Members.DSTGB.claims());

	private static final Instant AT = Instant.parse("2026-11-02T09:15:00Z");

	private final PostCards cards = new PostCards(messages());

	private final ThreadId id = new ThreadId("tpostcards");

	private final Thread question = Thread.start(this.id, new SpaceId("fragen"), ThreadType.QUESTION,
			"Wie treten wir dem Dienst bei?", Set.of(), Set.of(), ASKER, AT);

	@Test
	void membersSeeTheActionsTheyMayTake() {
		Thread thread = withPosts(this.question, 3);
		List<Post> posts = List.of(post(1, ASKER, Set.of()), post(2, OTHER, Set.of(ASKER.id())),
				post(3, OTHER, Set.of()));

		Document asker = render(thread, posts, ASKER, true, false);
		Element own = asker.getElementById("post-1");
		assertThat(own.select(".helpful-count").text()).isEqualTo("0 × hilfreich");
		// German time whatever the server's zone (09:15 UTC is 10:15 in November).
		assertThat(own.select("time").text()).isEqualTo("02.11.2026 10:15");
		assertThat(own.select("time").attr("datetime")).isEqualTo("2026-11-02T09:15:00Z");
		assertThat(own.select("button[formaction]")).isEmpty();
		assertThat(own.select("a[href=/beitraege/tpostcards-1/bearbeiten]")).hasSize(1);
		Element answer = asker.getElementById("post-2");
		Element helpful = answer.selectFirst("button[formaction=/beitraege/tpostcards-2/hilfreich]");
		assertThat(helpful.attr("form")).isEqualTo("post-actions");
		assertThat(helpful.attr("name") + "=" + helpful.attr("value")).isEqualTo("wert=false");
		assertThat(helpful.attr("aria-pressed")).isEqualTo("true");
		assertThat(helpful.text()).isEqualTo("Hilfreich (1)");
		assertThat(answer.select("button[form=post-actions][formaction=/beitraege/tpostcards-2/akzeptieren]"))
			.hasSize(1);
		assertThat(answer.select("a[href$=/bearbeiten]")).isEmpty();
		assertThat(asker.select("a.quote-link")).extracting((a) -> a.attr("data-quote-number"))
			.containsExactly("1", "2", "3");

		Document other = render(thread, posts, OTHER, false, false);
		assertThat(other.select("button[formaction$=/akzeptieren]")).isEmpty();
		assertThat(other.getElementById("post-1").select("button[formaction$=/hilfreich]").attr("value"))
			.isEqualTo("true");
		assertThat(other.getElementById("post-2").select(".helpful-count").text()).isEqualTo("1 × hilfreich");

		Document moderator = render(thread, posts, MODERATOR, true, true);
		assertThat(moderator.select("a[href$=/bearbeiten]")).hasSize(3);
	}

	@Test
	void theAcceptedAnswerIsMarkedAndALockedThreadOffersNoReplyActions() {
		Thread answered = withPosts(this.question, 3).acceptAnswer(2, ASKER);
		List<Post> posts = List.of(post(1, ASKER, Set.of()), post(2, OTHER, Set.of()), post(3, OTHER, Set.of()));

		Document page = render(answered, posts, ASKER, true, false);
		assertThat(page.select("li.post--accepted")).extracting(Element::id).containsExactly("post-2");
		assertThat(page.getElementById("post-2").select(".kern-badge--success").text())
			.isEqualTo("Akzeptierte Antwort");
		assertThat(page.select("button[formaction$=/akzeptieren]")).extracting((b) -> b.attr("formaction"))
			.containsExactly("/beitraege/tpostcards-3/akzeptieren");

		Document locked = render(answered.lock(MODERATOR), posts, ASKER, true, false);
		assertThat(locked.select("a.quote-link, button[formaction$=/akzeptieren]")).isEmpty();
		assertThat(locked.select("button[formaction$=/hilfreich]")).hasSize(2);
	}

	@Test
	void whatMembersWroteStaysInert() {
		String hostile = "Eve <script>alert(1)</script>\" onmouseover=\"alert(2)";
		String source = "</template><script>alert(3)</script> & 'zitiert'";
		Post post = new Post(new PostId(this.id, 2), OTHER.id(), hostile, "eve/../../admin",
				new OrganisationId("kommune-x"), "<b>Stadt</b>", OrganisationKind.KOMMUNE, new Markdown(source),
				new SafeHtml("<p>Gereinigter Text</p>"), AT, AT, hostile, 1, 1, Set.of());

		Document page = render(withPosts(this.question, 2), List.of(post(1, ASKER, Set.of()), post), ASKER, true,
				false);

		assertThat(page.select("script, [onmouseover], b")).isEmpty();
		Element card = page.getElementById("post-2");
		assertThat(card.select(".post__author").text()).isEqualTo(hostile);
		assertThat(card.select(".post__author a").attr("href")).isEqualTo("/mitglieder/eve%2F..%2F..%2Fadmin");
		assertThat(card.select(".post__org span").first().text()).isEqualTo("<b>Stadt</b>");
		assertThat(card.select(".post__edited").text()).isEqualTo("bearbeitet von " + hostile + " – Verlauf ansehen");
		assertThat(card.select("a.quote-link").attr("data-quote-author")).isEqualTo(hostile);
		// The source is fetched when quoting, never sent with the page.
		assertThat(card.html()).doesNotContain("zitiert");
		assertThat(card.select(".post__quotes a").attr("href")).isEqualTo("/beitraege/tpostcards-1");
		assertThat(card.select(".post-body").html()).isEqualTo("<p>Gereinigter Text</p>");
		assertThat(card.select("time").attr("datetime")).isEqualTo("2026-11-02T09:15:00Z");
	}

	private Document render(Thread thread, List<Post> posts, Actor actor, boolean canAccept, boolean canModerate) {
		ThreadPage view = new ThreadPage(thread,
				new Space(new SpaceId("fragen"), "Fragen", "", Visibility.ALL_MEMBERS, null, 1), posts, 0);
		String html = this.cards.render(view, actor, canAccept, canModerate);
		return Jsoup.parseBodyFragment("<ol id=\"posts\">" + html + "</ol>");
	}

	private Post post(int number, Actor author, Set<MemberId> helpful) {
		return new Post(new PostId(this.id, number), author.id(), author.displayName(), author.username(),
				author.organisation(), "Wissenschaftsstadt Darmstadt", author.organisationKind(),
				new Markdown("Beitrag " + number), new SafeHtml("<p>Beitrag " + number + "</p>"), AT, null, null, 0,
				null, helpful);
	}

	private static Thread withPosts(Thread thread, int count) {
		return new Thread(thread.id(), thread.space(), thread.type(), thread.title(), thread.tags(), thread.lands(),
				thread.author(), thread.authorName(), thread.authorOrganisation(), thread.authorOrganisationKind(),
				thread.createdAt(), thread.lastActivityAt(), thread.lastPosterName(), count, thread.state(),
				thread.pinned(), thread.acceptedAnswer(), thread.version());
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasenames("i18n/messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

}
