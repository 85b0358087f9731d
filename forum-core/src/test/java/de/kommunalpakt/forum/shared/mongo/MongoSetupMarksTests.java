package de.kommunalpakt.forum.shared.mongo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.support.MongoTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Marks of set-up steps against a wire-protocol server: a step begun and not finished
 * empties the database, a finished one or another step's mark leaves it alone.
 */
class MongoSetupMarksTests {

	private final MongoTestDatabase mongo = new MongoTestDatabase();

	@AfterEach
	void stop() {
		this.mongo.close();
	}

	@Test
	void aStepBegunAndNotFinishedEmptiesTheDatabaseOnce() {
		MongoDatabase database = this.mongo.database("marks-" + System.nanoTime());
		MongoSetupMarks marks = new MongoSetupMarks(database, Clock.systemUTC());
		marks.begin("demo-content");
		database.getCollection("spaces").insertOne(new Document("_id", "nachnutzung-fragen"));
		database.getCollection("threads").insertOne(new Document("_id", "halb"));

		assertThat(marks.unfinished("demo-content")).isTrue();
		assertThat(MongoSetupMarks.discardUnfinished(database, "demo-content")).isTrue();

		assertThat(collections(database)).as("every collection, the marks too").isEmpty();
		assertThat(marks.unfinished("demo-content")).isFalse();
		assertThat(MongoSetupMarks.discardUnfinished(database, "demo-content")).as("nothing left to discard").isFalse();
	}

	@Test
	void aFinishedStepAndOtherStepsKeepTheData() {
		MongoDatabase database = this.mongo.database("marks-" + System.nanoTime());
		MongoSetupMarks marks = new MongoSetupMarks(database, Clock.systemUTC());
		marks.finish("demo-content");
		assertThat(marks.unfinished("demo-content")).as("finish without begin marks nothing").isFalse();
		marks.begin("demo-content");
		database.getCollection("threads").insertOne(new Document("_id", "ganz"));
		marks.finish("demo-content");
		marks.begin("anderer-schritt");

		assertThat(marks.unfinished("demo-content")).isFalse();
		assertThat(MongoSetupMarks.discardUnfinished(database, "demo-content")).isFalse();
		assertThat(database.getCollection("threads").countDocuments()).isEqualTo(1);

		marks.begin("demo-content");
		assertThat(marks.unfinished("demo-content")).as("begun again").isTrue();
	}

	private static List<String> collections(MongoDatabase database) {
		List<String> names = new ArrayList<>();
		database.listCollectionNames().into(names);
		names.removeIf((n) -> n.startsWith("system."));
		return names;
	}

}
