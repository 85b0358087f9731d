package de.kommunalpakt.forum.thread;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.support.TestActors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules the thread aggregate guards, without any store. */
class ThreadTests {

	final Actor asker = TestActors.kommune();

	final Actor other = TestActors.otherKommune();

	final Actor moderator = TestActors.moderator();

	@Test
	void titleMustNotBeEmptyOrLongerThan200() {
		assertThatThrownBy(() -> question("   ")).isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("thread.title.empty");
		assertThatThrownBy(() -> question("x".repeat(201))).isInstanceOf(ForumException.Invalid.class)
			.hasMessageContaining("thread.title.tooLong");
		assertThat(question("  Zwei   Leerzeichen ").title()).isEqualTo("Zwei Leerzeichen");
		assertThat(question("ü".repeat(200)).title()).hasSize(200);
	}

	@Test
	void closedThreadRefusesReplies() {
		Thread closed = question("Frage").close(this.asker);
		assertThatThrownBy(closed::ensureAcceptsReplies).isInstanceOf(ForumException.Conflict.class)
			.hasMessageContaining("thread.closed");
	}

	@Test
	void lockedThreadRefusesRepliesAndMemberEditsButNotModeratorEdits() {
		Thread locked = question("Frage").lock(this.moderator);
		assertThatThrownBy(locked::ensureAcceptsReplies).hasMessageContaining("thread.locked");
		assertThatThrownBy(() -> locked.ensureEditableBy(this.asker)).isInstanceOf(ForumException.Conflict.class);
		locked.ensureEditableBy(this.moderator);
	}

	@Test
	void onlyAskerOrModeratorAcceptsAndOnlyRepliesOfQuestions() {
		Thread thread = withReplies(question("Frage"), 3);
		assertThatThrownBy(() -> thread.acceptAnswer(2, this.other)).isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> thread.acceptAnswer(1, this.asker)).isInstanceOf(ForumException.Invalid.class);
		assertThatThrownBy(() -> thread.acceptAnswer(9, this.asker)).isInstanceOf(ForumException.Invalid.class);

		Thread answered = thread.acceptAnswer(3, this.moderator);
		assertThat(answered.state()).isEqualTo(ThreadState.ANSWERED);
		assertThat(answered.acceptedAnswer()).isEqualTo(3);
		assertThat(answered.unacceptAnswer(this.asker).state()).isEqualTo(ThreadState.OPEN);
	}

	@Test
	void discussionsHaveNoAcceptedAnswer() {
		Thread discussion = Thread.start(ThreadId.random(), new SpaceId("fragen"), ThreadType.DISCUSSION, "Austausch",
				Set.of(), Set.of(), this.asker, Instant.now());
		assertThatThrownBy(() -> withReplies(discussion, 2).acceptAnswer(2, this.asker))
			.isInstanceOf(ForumException.Conflict.class);
	}

	@Test
	void municipalitiesCannotAnnounce() {
		assertThatThrownBy(() -> Thread.start(ThreadId.random(), new SpaceId("fragen"), ThreadType.ANNOUNCEMENT,
				"Ankündigung", Set.of(), Set.of(), this.asker, Instant.now()))
			.isInstanceOf(ForumException.Forbidden.class);
	}

	@Test
	void moderationNeedsAModerator() {
		Thread thread = question("Frage");
		assertThatThrownBy(() -> thread.pin(this.asker, true)).isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> thread.lock(this.other)).isInstanceOf(ForumException.Forbidden.class);
		assertThatThrownBy(() -> thread.close(this.other)).isInstanceOf(ForumException.Forbidden.class);
		assertThat(thread.pin(this.moderator, true).pinned()).isTrue();
		assertThat(thread.close(this.moderator).reopen(this.moderator).state()).isEqualTo(ThreadState.OPEN);
		assertThatThrownBy(() -> thread.moveTo(thread.space(), this.moderator))
			.isInstanceOf(ForumException.Conflict.class);
	}

	@Test
	void tagsAreNormalizedAndLimited() {
		assertThat(Tags.parse("FIT-Connect, Rahmenvertrag  Kosten")).containsExactly("fit-connect", "rahmenvertrag",
				"kosten");
		assertThatThrownBy(() -> Tags.parse("a b c d e f")).isInstanceOf(ForumException.Invalid.class);
		assertThatThrownBy(() -> Tags.parse("<script>")).isInstanceOf(ForumException.Invalid.class);
	}

	@Test
	void postIdsParseAndRejectGarbage() {
		PostId id = PostId.parse("abcdefghjk-42");
		assertThat(id.number()).isEqualTo(42);
		assertThat(id.page()).isEqualTo(2);
		assertThat(id.toString()).isEqualTo("abcdefghjk-42");
		for (String garbage : new String[] { "", "-1", "abc-", "abcdefghjk-0", "abcdefghjk-x", "ABC DEF-1",
				"abcdefghjk-99999999999" }) {
			assertThatThrownBy(() -> PostId.parse(garbage)).as(garbage).isInstanceOf(ForumException.NotFound.class);
		}
	}

	private Thread question(String title) {
		return Thread.start(ThreadId.random(), new SpaceId("fragen"), ThreadType.QUESTION, title, Set.of(), Set.of(),
				this.asker, Instant.now());
	}

	private static Thread withReplies(Thread t, int posts) {
		return new Thread(t.id(), t.space(), t.type(), t.title(), t.tags(), t.lands(), t.author(), t.authorName(),
				t.authorOrganisation(), t.authorOrganisationKind(), t.createdAt(), t.lastActivityAt(),
				t.lastPosterName(), posts, t.state(), t.pinned(), t.acceptedAnswer(), t.version());
	}

}
