package de.kommunalpakt.forum.mail.mongo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

import de.kommunalpakt.forum.mail.DigestItem;
import de.kommunalpakt.forum.mail.DigestItems;
import de.kommunalpakt.forum.mail.MailSettings.Category;
import de.kommunalpakt.forum.mail.OutgoingMail;
import de.kommunalpakt.forum.mail.OutgoingMail.Status;
import de.kommunalpakt.forum.notification.NotificationKind;
import de.kommunalpakt.forum.shared.mongo.DeferredDurability;
import de.kommunalpakt.forum.support.TestMongo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write of a digest batch and of the outbox waits for the journal, even where a
 * caller surrounds it with {@link DeferredDurability#run}: a write that does not leaves
 * its changed pages to the next commit, which may be a post's, and the post then waits
 * for them (the posts' p50 in the paced window of {@code ./forum bench-mail}, see
 * docs/benchmarks.md). Counted from the commands the driver sends, as in
 * {@code ReplyJournalTests}.
 */
class MailJournalTests {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

	private final List<String> journaled = new CopyOnWriteArrayList<>();

	private final List<String> notJournaled = new CopyOnWriteArrayList<>();

	private MongoClient client;

	private MongoDatabase database;

	@BeforeEach
	void connect() {
		// As the forum's client: j: true unless a write asks for less.
		this.client = MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(TestMongo.uri()))
			.writeConcern(WriteConcern.JOURNALED)
			.addCommandListener(new CommandListener() {
				@Override
				public void commandStarted(CommandStartedEvent event) {
					String name = event.getCommandName();
					if (WRITES.contains(name)) {
						String write = name + " " + event.getCommand().getString(name).getValue();
						(skipsJournal(event.getCommand()) ? MailJournalTests.this.notJournaled
								: MailJournalTests.this.journaled)
							.add(write);
					}
				}
			})
			.build());
		this.database = this.client.getDatabase("journal" + System.nanoTime());
	}

	@AfterEach
	void close() {
		this.database.drop();
		this.client.close();
	}

	@Test
	void aDigestBatchAndTheMarkOfItsSentMailWaitForTheJournalEachEvenInADeferredScope() {
		MongoDigestItems items = new MongoDigestItems(this.database);
		MongoMailOutbox outbox = new MongoMailOutbox(this.database);
		Instant slot = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		DigestItem item = new DigestItem("j-1", "anna", Category.WATCHED, NotificationKind.WATCHED_REPLY, "t1", 2,
				"Anna Becker", slot.minusSeconds(60));
		items.add(item);
		List<DigestItems.Due> due = List.of(new DigestItems.Due("anna", List.of(Category.WATCHED), slot));
		OutgoingMail digest = OutgoingMail
			.compose("digest:anna:" + slot, "anna", "anna@test.example", "Ein neuer Beitrag", "Text", "<p>HTML</p>",
					"j-1@localhost", null, null, null, slot)
			.withDigest(new OutgoingMail.DigestSource(slot, List.of(item), Set.of()));
		this.journaled.clear();
		this.notJournaled.clear();

		// The batch's writes as MailDigests and MailDispatcher make them.
		DeferredDurability.run(() -> {
			assertThat(items.takeAll(due).get("anna")).extracting(DigestItem::threadId).containsExactly("t1");
			assertThat(outbox.addAll(List.of(digest))).isEqualTo(1);
			items.doneAll(due);
			assertThat(outbox.claimAll(List.of(digest.id()), slot)).hasSize(1);
			outbox.sentAll(Map.of(digest.id(), slot.plusSeconds(1)));
			return null;
		});

		assertThat(this.notJournaled).isEmpty();
		assertThat(this.journaled).contains("update mail_digests", "insert mail_digest_sources", "insert mail_outbox",
				"update mail_outbox");
		assertThat(this.journaled.stream().filter("update mail_digests"::equals)).hasSizeGreaterThanOrEqualTo(2);
		assertThat(outbox.find(digest.id()).orElseThrow().status()).isEqualTo(Status.SENT);
		assertThat(items.waiting()).doesNotContainKey("anna");
	}

	/** Whether the write asks not to wait for the journal ({@code j: false}). */
	private static boolean skipsJournal(BsonDocument command) {
		BsonValue concern = command.get("writeConcern");
		return concern != null && concern.isDocument() && BsonBoolean.FALSE.equals(concern.asDocument().get("j"));
	}

}
