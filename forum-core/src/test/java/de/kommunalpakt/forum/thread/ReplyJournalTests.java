package de.kommunalpakt.forum.thread;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.support.CoreFixture;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.ThreadCommands.Reply;
import de.kommunalpakt.forum.thread.ThreadCommands.StartThread;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How often a reply waits for the journal, counted from the commands the driver sends:
 * once, with its last write (the change entry). A repeated submit of the same form waits
 * for the journal before it names the first submit's post, so it never names a post that
 * a crash could still take back.
 */
class ReplyJournalTests {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

	static final List<String> journaled = new CopyOnWriteArrayList<>();

	static MongoTestDatabase mongo;

	CoreFixture core;

	final Actor kommune = TestActors.kommune();

	final Actor land = TestActors.land();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase(false, new CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				if (WRITES.contains(event.getCommandName()) && waitsForJournal(event.getCommand())) {
					journaled.add(event.getCommandName() + " "
							+ event.getCommand().get(event.getCommandName()).asString().getValue());
				}
			}
		});
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void setUp() {
		this.core = new CoreFixture(mongo.client(), "j" + System.nanoTime(), Clock.systemUTC());
		this.core.spaces
			.save(new Space(new SpaceId("fragen"), "Fragen zur Nachnutzung", "", Visibility.ALL_MEMBERS, null, 1));
	}

	@AfterEach
	void tearDown() {
		this.core.close();
	}

	@Test
	void aReplyWaitsForTheJournalOnceWithItsChangeEntry() {
		PostId opening = this.core.threadService.start(this.kommune, new StartThread("fragen", ThreadType.QUESTION,
				"Wer zahlt den Betrieb?", "Unsere Frage zum Betrieb.", Set.of(), Set.of(), "start-1"));
		journaled.clear();

		PostId reply = this.core.threadService.reply(this.land,
				new Reply(opening.thread().value(), "Das Land.", null, "reply-1"));

		assertThat(reply.number()).isEqualTo(2);
		assertThat(journaled).containsExactly("insert changes");
	}

	@Test
	void aRepeatedSubmitWaitsForTheJournalBeforeItNamesThePost() {
		PostId opening = this.core.threadService.start(this.kommune, new StartThread("fragen", ThreadType.QUESTION,
				"Wer zahlt den Betrieb?", "Unsere Frage zum Betrieb.", Set.of(), Set.of(), "start-2"));
		Reply form = new Reply(opening.thread().value(), "Das Land.", null, "reply-2");
		PostId first = this.core.threadService.reply(this.land, form);
		journaled.clear();

		PostId second = this.core.threadService.reply(this.land, form);

		assertThat(second).isEqualTo(first);
		assertThat(journaled).containsExactly("update submissions");
	}

	/**
	 * Whether the write waits for the journal: the forum's clients ask for it unless a
	 * write concern says {@code j: false}.
	 */
	static boolean waitsForJournal(BsonDocument command) {
		BsonValue concern = command.get("writeConcern");
		if (concern == null || !concern.isDocument()) {
			return true;
		}
		BsonValue journal = concern.asDocument().get("j");
		return journal == null || journal.asBoolean().getValue();
	}

}
