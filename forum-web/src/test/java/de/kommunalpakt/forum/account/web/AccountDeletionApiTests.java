package de.kommunalpakt.forum.account.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.account.AccountDeletion;
import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailOutbox;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.member.MemberErasures;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.moderation.ModerationService;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.Members;
import de.kommunalpakt.forum.support.ReuseLogins;
import de.kommunalpakt.forum.support.WebTestSupport;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Deleting an account while Keycloak cannot be reached (this context's issuer is a closed
 * port): the forum's part is done at once, the answer says so with 202, the account is
 * refused from then on, and the Keycloak step stays pending for the retry. The full
 * deletion against the real Keycloak is in AccountDeletionBrowserTests.
 */
class AccountDeletionApiTests extends WebTestSupport {

	@Autowired
	AccountDeletion deletion;

	@Autowired
	MemberErasures erasures;

	@Autowired
	de.kommunalpakt.forum.account.AccountErasure erasure;

	@Autowired
	MongoDatabase database;

	@Autowired
	MemberRepository members;

	@Autowired
	ModerationService moderation;

	@Autowired
	DigestItems digests;

	@Autowired
	MailOutbox outbox;

	@Autowired
	de.kommunalpakt.forum.mail.MailTokens mailTokens;

	@Test
	void keycloakUnreachableErasesInTheForumAnswers202AndKeepsTheKeycloakDeletionForTheRetry() throws Exception {
		ReuseLogins member = ReuseLogins.of("sub-loeschung-api", "loeschung-api", "Greta Gelöscht", "kommune-darmstadt",
				"KOMMUNE", "HE");
		RequestPostProcessor token = jwt().jwt((j) -> j.claims((c) -> c.putAll(member.claims())));
		PostId opening = this.threads.start(member.actor(),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "Frage vor der Löschung",
						"Gruß von Greta Gelöscht", Set.of(), Set.of(LandCode.HE), null));

		// A decision about them in the audit log, which names them.
		this.members.recordLogin(member.actor());
		this.moderation.suspend(actor(Members.DSTGB), "loeschung-api", 1, "Probe vor der Löschung");
		// A notification waiting for their digest.
		this.digests.add(new DigestItem("loeschung:" + opening, "sub-loeschung-api", Category.WATCHED,
				NotificationKind.WATCHED_REPLY, opening.thread().value(), 1, "Jemand", Instant.now()));
		// A mail to them, due in ten years (the dispatcher leaves it).
		String mail = "loeschung-mail:" + opening;
		this.outbox.add(OutgoingMail
			.compose(mail, "sub-loeschung-api", "greta@test.example", "Neue Antwort", "Hallo Greta Gelöscht",
					"<p>Hallo Greta Gelöscht</p>", mail + "@localhost", null, null, null,
					Instant.now().plus(java.time.Duration.ofDays(3650)))
			.withDigest(new OutgoingMail.DigestSource(Instant.now(), List.of(), Set.of())));
		assertThat(this.database.getCollection("mail_digest_sources")
			.countDocuments(Filters.eq("member", "sub-loeschung-api"))).isEqualTo(1);
		assertThat(this.outbox.find(mail)).isPresent();
		// Another member's digest naming them, in its text and in its source.
		String digest = "loeschung-digest:" + opening;
		this.outbox.add(OutgoingMail
			.compose(digest, "sub-jemand-anderes", "anderes@test.example", "Zusammenfassung",
					"Neuester Beitrag von Greta Gelöscht", "<p>Neuester Beitrag von Greta Gelöscht</p>",
					digest + "@localhost", null, opening.thread().value(), null,
					Instant.now().plus(java.time.Duration.ofDays(3650)))
			.withDigest(new OutgoingMail.DigestSource(Instant.now(),
					List.of(new DigestItem(null, "sub-jemand-anderes", Category.WATCHED, NotificationKind.WATCHED_REPLY,
							opening.thread().value(), 1, "Greta Gelöscht", Instant.now())),
					Set.of())));

		this.mvc.perform(delete("/api/v1/me").with(token))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("IDENTITY_PENDING"))
			.andExpect(jsonPath("$.detail").value(containsString("im Forum gelöscht")));

		MemberId id = new MemberId("sub-loeschung-api");
		assertThat(this.erasures.pending()).singleElement().satisfies((p) -> {
			assertThat(p.member()).isEqualTo(id);
			assertThat(p.scrubbed()).isTrue();
			assertThat(p.identityDeleted()).isFalse();
			// Kept for the second scrub.
			assertThat(p.names()).contains("Greta Gelöscht");
			assertThat(p.swept()).isFalse();
		});
		Document post = this.database.getCollection("posts").find(Filters.eq("_id", opening.toString())).first();
		assertThat(this.database.getCollection("mail_digests").find(Filters.eq("_id", id.value())).first()).isNull();
		assertThat(this.outbox.find(mail)).isEmpty();
		assertThat(this.database.getCollection("mail_digest_sources")
			.countDocuments(Filters.eq("member", "sub-loeschung-api"))).isZero();
		OutgoingMail othersDigest = this.outbox.find(digest).orElseThrow();
		assertThat(othersDigest.text()).isEqualTo("Neuester Beitrag von ehemaliges Mitglied");
		assertThat(othersDigest.digest().items()).singleElement()
			.satisfies((i) -> assertThat(i.actorName()).isEqualTo("ehemaliges Mitglied"));
		this.database.getCollection("mail_outbox").deleteOne(Filters.eq("_id", digest));
		this.database.getCollection("mail_digest_sources").deleteOne(Filters.eq("_id", digest));
		assertThat(post.getString("authorName")).isEqualTo("ehemaliges Mitglied");
		assertThat(post.getString("authorUsername")).isNull();
		assertThat(post.getString("md")).isEqualTo("Gruß von ehemaliges Mitglied");
		assertThat(this.database.getCollection("threads")
			.find(Filters.eq("_id", opening.thread().value()))
			.first()
			.getString("authorName")).isEqualTo("ehemaliges Mitglied");

		// The token is still valid at Keycloak; the forum refuses it, on the API and on
		// pages.
		this.mvc.perform(get("/api/v1/me").with(token))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.detail").value("Dieses Konto wurde gelöscht."));
		this.mvc
			.perform(post("/api/v1/threads/" + opening.thread().value() + "/posts").with(token)
				.contentType("application/json")
				.content("{\"markdown\":\"Noch ein Beitrag\"}"))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/konto").with(member.session())).andExpect(status().isForbidden());
		this.mvc.perform(post("/konto/loeschen").with(member.session()).with(csrf()).param("bestaetigung", "LÖSCHEN"))
			.andExpect(status().isForbidden());

		// The audit log keeps its record; the administration sees "ehemaliges Mitglied"
		// on the page, in the CSV and in the API.
		assertThat(this.database.getCollection("audit_log")
			.countDocuments(
					Filters.and(Filters.eq("subject", id.value()), Filters.eq("targetLabel", "Greta Gelöscht"))))
			.isEqualTo(1);
		for (String path : List.of("/admin/protokoll?aktion=MEMBER_SUSPENDED", "/admin/protokoll.csv")) {
			this.mvc.perform(get(path).with(Members.ADMIN.session()))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("ehemaliges Mitglied")))
				.andExpect(content().string(not(containsString("Greta Gelöscht"))))
				.andExpect(content().string(not(containsString("loeschung-api"))));
		}
		this.mvc.perform(get("/api/v1/admin/audit").param("action", "MEMBER_SUSPENDED").with(Members.ADMIN.bearer()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("ehemaliges Mitglied")))
			.andExpect(content().string(not(containsString("Greta Gelöscht"))));
		this.mvc.perform(get("/api/v1/admin/audit").param("action", "ACCOUNT_DELETED").with(Members.ADMIN.bearer()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].targetId").value("ehemaliges Mitglied"));

		// Keycloak still unreachable: the retry fails quietly and keeps the step.
		assertThat(this.deletion.completePending()).isZero();
		assertThat(this.erasures.pending()).singleElement().satisfies((p) -> assertThat(p.identityDeleted()).isFalse());
		this.database.getCollection("member_erasures").deleteOne(Filters.eq("_id", id.value()));
	}

	/**
	 * What is under way when the account is deleted may write after the first scrub: a
	 * request already past the check stores the member's profile again, another member
	 * saves a text naming them. The job's second scrub, not before {@code SETTLE} after
	 * the first, removes both; only then does the ledger forget the names.
	 */
	@Test
	void whatIsWrittenAfterTheFirstScrubGoesWithTheSecond() throws Exception {
		ReuseLogins member = ReuseLogins.of("sub-loeschung-spaet", "loeschung-spaet", "Sven Später",
				"kommune-darmstadt", "KOMMUNE", "HE");
		MemberId id = new MemberId("sub-loeschung-spaet");
		this.members.recordLogin(member.actor());
		this.mvc.perform(delete("/api/v1/me").with(jwt().jwt((j) -> j.claims((c) -> c.putAll(member.claims())))))
			.andExpect(status().isAccepted());
		try {
			assertThat(this.members.findById(id)).isEmpty();
			this.members.recordLogin(member.actor());
			PostId other = this.threads.start(actor(Members.DARMSTADT),
					new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "Frage an Sven Später",
							"Hallo Sven Später, wie lief es?", Set.of(), Set.of(LandCode.HE), null));

			// Too early: the job leaves both.
			this.deletion.completePending();
			assertThat(this.members.findById(id)).isPresent();
			assertThat(ledger(id).getList("names", String.class)).contains("Sven Später");

			this.database.getCollection("member_erasures")
				.updateOne(Filters.eq("_id", id.value()), com.mongodb.client.model.Updates.set("scrubbedAt",
						java.util.Date.from(Instant.now().minus(java.time.Duration.ofMinutes(3)))));
			this.deletion.completePending();
			assertThat(this.members.findById(id)).isEmpty();
			Document post = this.database.getCollection("posts").find(Filters.eq("_id", other.toString())).first();
			assertThat(post.getString("md")).isEqualTo("Hallo ehemaliges Mitglied, wie lief es?");
			assertThat(this.database.getCollection("threads")
				.find(Filters.eq("_id", other.thread().value()))
				.first()
				.getString("title")).isEqualTo("Frage an ehemaliges Mitglied");
			assertThat(ledger(id)).doesNotContainKey("names").containsEntry("swept", true);
			assertThat(this.erasures.pending()).singleElement().satisfies((p) -> {
				assertThat(p.swept()).isTrue();
				assertThat(p.identityDeleted()).isFalse();
			});
		}
		finally {
			this.database.getCollection("member_erasures").deleteOne(Filters.eq("_id", id.value()));
		}
	}

	/**
	 * The unsubscribe link of a mail received before the deletion still answers, but does
	 * not store mail settings for the deleted member again.
	 */
	@Test
	void anUnsubscribeLinkOfAnOldMailStoresNothingForADeletedMember() throws Exception {
		MemberId id = new MemberId("sub-loeschung-abbestellt");
		this.erasures.request(id, List.of("Anna Abbestellt"), Instant.now());
		try {
			this.mvc.perform(post("/mail/abbestellen/" + this.mailTokens.sign("unsubscribe", id.value(), "WATCHED")))
				.andExpect(status().isOk());
			assertThat(this.database.getCollection("mail_settings").countDocuments(Filters.eq("_id", id.value())))
				.isZero();
		}
		finally {
			this.database.getCollection("member_erasures").deleteOne(Filters.eq("_id", id.value()));
		}
	}

	private Document ledger(MemberId id) {
		return this.database.getCollection("member_erasures").find(Filters.eq("_id", id.value())).first();
	}

	/**
	 * The scan by name rewrites another member's thread that names the deleted member;
	 * when it stops after that (a crash before the search index was told), the repeated
	 * scan finds the text changed already and must still name the thread, or the name
	 * stays findable in search. Before 07.12.2026 it did not.
	 */
	@Test
	void aRepeatedScanNamesTheThreadsAStoppedOneRewrote() {
		MemberId id = new MemberId("sub-loeschung-abbruch");
		List<String> names = List.of("Bruno Abbruch", "@loeschung-abbruch");
		PostId other = this.threads.start(actor(Members.DARMSTADT),
				new ThreadCommands.StartThread(OPEN_SPACE.value(), ThreadType.QUESTION, "Wer kennt Bruno Abbruch?",
						"Fragen Sie Bruno Abbruch.", Set.of(), Set.of(LandCode.HE), null));
		this.erasures.request(id, names, Instant.now());
		try {
			assertThat(this.erasure.scrub(id, names)).contains(other.thread().value());
			assertThat(this.database.getCollection("posts")
				.find(Filters.eq("_id", other.toString()))
				.first()
				.getString("md")).isEqualTo("Fragen Sie ehemaliges Mitglied.");

			assertThat(this.erasure.scrub(id, names)).contains(other.thread().value());
			this.erasures.markScrubbed(id, Instant.now());
			assertThat(this.database.getCollection("member_erasures").find(Filters.eq("_id", id.value())).first())
				.doesNotContainKey("threads");
		}
		finally {
			this.database.getCollection("member_erasures").deleteOne(Filters.eq("_id", id.value()));
		}
	}

	@Test
	void wrongConfirmationWordKeepsTheAccount() throws Exception {
		ReuseLogins member = ReuseLogins.of("sub-loeschung-nein", "loeschung-nein", "Nora Nein", "kommune-darmstadt",
				"KOMMUNE", "HE");
		this.mvc.perform(get("/konto/loeschen").with(member.session()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Geben Sie zur Bestätigung LÖSCHEN ein")));
		// A mistake in the form answers 400 like the forum's other forms, with the
		// reason at the field and the field marked invalid.
		for (String word : new String[] { "loeschen", "", "LÖSCHEN!" }) {
			this.mvc.perform(post("/konto/loeschen").with(member.session()).with(csrf()).param("bestaetigung", word))
				.andExpect(status().isBadRequest())
				.andExpect(content().contentTypeCompatibleWith("text/html"))
				.andExpect(content().string(containsString(
						"<p class=\"kern-error\" id=\"f-bestaetigung-error\">Bitte geben Sie genau LÖSCHEN ein, um Ihr Konto zu löschen.</p>")))
				.andExpect(content().string(containsString("aria-invalid=\"true\"")));
		}
		this.mvc.perform(post("/konto/loeschen").with(member.session()).with(csrf()))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Bitte geben Sie genau LÖSCHEN ein")));
		assertThat(this.erasures.isErased(new MemberId("sub-loeschung-nein"))).isFalse();
	}

}
