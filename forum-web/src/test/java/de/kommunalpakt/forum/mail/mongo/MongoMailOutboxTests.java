package de.kommunalpakt.forum.mail.mongo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.mongodb.client.MongoDatabase;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.mail.OutgoingMail.Status;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.support.WebTestSupport;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of digests goes into the outbox in one write, a second copy of one refused by
 * its id; the dispatcher claims a batch in one write, and what another claim took is not
 * claimed twice.
 */
class MongoMailOutboxTests extends WebTestSupport {

	@Autowired
	MongoDatabase database;

	@Test
	void addAllRefusesSecondCopiesAndClaimAllTakesOnlyPendingMailsOnce() {
		MongoMailOutbox outbox = new MongoMailOutbox(this.database);
		// Due ten years ahead: the forum's own dispatcher leaves them alone.
		Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(3650));
		String run = UUID.randomUUID().toString();
		OutgoingMail first = mail("digest:a:" + run, "Erste", later);
		OutgoingMail second = mail("digest:b:" + run, "Zweite", later);
		OutgoingMail third = mail("digest:c:" + run, "Dritte", later);
		assertThat(outbox.addAll(List.of(first))).isEqualTo(1);

		// Built again after a crash: the first is there already.
		assertThat(outbox.addAll(List.of(mail(first.id(), "Erste, neu gebaut", later), second, third))).isEqualTo(2);
		assertThat(outbox.find(first.id()).orElseThrow().subject()).isEqualTo("Erste");
		assertThat(outbox.find(third.id()).orElseThrow().status()).isEqualTo(Status.PENDING);

		// Another instance took the second one.
		assertThat(outbox.claim(second.id(), later)).isPresent();
		List<OutgoingMail> claimed = outbox.claimAll(List.of(third.id(), second.id(), first.id()), later);
		assertThat(claimed).extracting(OutgoingMail::id).containsExactly(third.id(), first.id());
		assertThat(claimed).allSatisfy((m) -> assertThat(m.status()).isEqualTo(Status.SENDING));
		assertThat(outbox.claimAll(List.of(first.id(), second.id(), third.id()), later)).isEmpty();

		outbox.sentAll(java.util.Map.of(first.id(), later.plusSeconds(3)));
		assertThat(outbox.find(first.id()).orElseThrow().status()).isEqualTo(Status.SENT);
	}

	@Test
	void theThreadsAMailNamesAreKeptAndAMailStoredWithOneThreadIsReadAsNamingIt() {
		MongoMailOutbox outbox = new MongoMailOutbox(this.database);
		// Due in a hundred years: no test's dispatcher, whatever its clock, takes them.
		Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(36500));
		String run = UUID.randomUUID().toString();
		OutgoingMail digest = mail("digest:t:" + run, "Zusammenfassung", later)
			.withThreads(List.of("faden00001", "faden00002", "faden00003"));
		OutgoingMail one = OutgoingMail.compose("eine:" + run, "sub-x", "stapel@test.example", "Antwort", "Text",
				"<p>HTML</p>", run + "@localhost", null, "faden00009", null, later);
		OutgoingMail none = mail("keine:" + run, "Rückmeldung", later);
		outbox.addAll(List.of(digest, one, none));

		assertThat(outbox.find(digest.id()).orElseThrow().threads()).containsExactly("faden00001", "faden00002",
				"faden00003");
		assertThat(outbox.find(one.id()).orElseThrow().threads()).containsExactly("faden00009");
		assertThat(outbox.find(none.id()).orElseThrow().threads()).isEmpty();
		// As mails about one thread were stored before digests named theirs.
		assertThat(this.database.getCollection("mail_outbox")
			.find(new org.bson.Document("_id", one.id()))
			.first()
			.getString("thread")).isEqualTo("faden00009");
	}

	@Test
	void aDigestKeepsItsSourceAndARevisionOfAClaimedMailReplacesItsContent() {
		MongoMailOutbox outbox = new MongoMailOutbox(this.database);
		Instant later = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofDays(36500));
		String run = UUID.randomUUID().toString();
		DigestItem reply = new DigestItem(null, "sub-x", Category.WATCHED, NotificationKind.WATCHED_REPLY, "faden00001",
				4, "Petra Schulz", later.minusSeconds(60));
		DigestItem answer = new DigestItem(null, "sub-x", Category.OWN, NotificationKind.REPLY, "faden00002", 2,
				"Jonas Weber", later.minusSeconds(30));
		OutgoingMail digest = mail("digest:q:" + run, "Zwei Themen", later)
			.withThreads(List.of("faden00001", "faden00002"))
			.withDigest(new OutgoingMail.DigestSource(later.minusSeconds(10), List.of(reply, answer),
					Set.of(LandCode.HE, LandCode.SH)));
		OutgoingMail plain = mail("eine:q:" + run, "Ohne Quelle", later);
		outbox.addAll(List.of(digest, plain));

		OutgoingMail.DigestSource read = outbox.find(digest.id()).orElseThrow().digest();
		assertThat(read.slot()).isEqualTo(later.minusSeconds(10));
		assertThat(read.items()).containsExactly(reply, answer);
		assertThat(read.followed()).containsExactlyInAnyOrder(LandCode.HE, LandCode.SH);
		assertThat(outbox.find(plain.id()).orElseThrow().digest()).isNull();

		// Only a claimed mail is revised.
		OutgoingMail revised = digest.withContent("Ein Thema", "Nur noch eins", "<p>Nur noch eins</p>",
				List.of("faden00002"), new OutgoingMail.DigestSource(read.slot(), List.of(answer), Set.of()));
		outbox.revise(revised);
		assertThat(outbox.find(digest.id()).orElseThrow().subject()).isEqualTo("Zwei Themen");
		// A claim comes without the source (it is read only to build a digest again).
		assertThat(outbox.claimAll(List.of(digest.id()), later)).singleElement()
			.satisfies((m) -> assertThat(m.digest()).isNull());
		outbox.revise(revised);
		OutgoingMail stored = outbox.find(digest.id()).orElseThrow();
		assertThat(stored.subject()).isEqualTo("Ein Thema");
		assertThat(stored.text()).isEqualTo("Nur noch eins");
		assertThat(stored.html()).isEqualTo("<p>Nur noch eins</p>");
		assertThat(stored.threads()).containsExactly("faden00002");
		assertThat(stored.digest().items()).containsExactly(answer);
		assertThat(stored.digest().followed()).isEmpty();
		assertThat(stored.status()).isEqualTo(Status.SENDING);
		// One of the two threads left out: the outbox says so.
		assertThat(revised.leftOut()).isEqualTo(1);
		assertThat(stored.leftOut()).isEqualTo(1);
		assertThat(outbox.find(plain.id()).orElseThrow().leftOut()).isZero();

		// A damaged source is read as none: the mail is still found.
		this.database.getCollection("mail_digest_sources")
			.updateOne(new org.bson.Document("_id", digest.id()),
					new org.bson.Document("$set", new org.bson.Document("items", "kaputt\tohne Zahl\n")));
		assertThat(outbox.find(digest.id()).orElseThrow().digest()).isNull();
		this.database.getCollection("mail_digest_sources").deleteOne(new org.bson.Document("_id", digest.id()));
	}

	private static OutgoingMail mail(String id, String subject, Instant now) {
		return OutgoingMail.compose(id, "sub-x", "stapel@test.example", subject, "Text", "<p>HTML</p>",
				id + "@localhost", null, null, null, now);
	}

}
