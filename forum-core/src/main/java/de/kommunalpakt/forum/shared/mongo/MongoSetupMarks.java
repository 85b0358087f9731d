package de.kommunalpakt.forum.shared.mongo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import de.kommunalpakt.forum.shared.SetupMarks;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id: step, state: "begun" | "finished", at}} in {@value #COLLECTION}.
 * The step's writes come after "begun" and before "finished"; the MongoDB stand-in
 * answers a write only once it is in its file, so after a crash the file holds "begun"
 * whenever it holds any of the step's writes, and "finished" only with all of them.
 */
@Repository
public class MongoSetupMarks implements SetupMarks {

	/** The collection of the marks. */
	public static final String COLLECTION = "setup_marks";

	private static final String BEGUN = "begun";

	private final MongoCollection<Document> marks;

	private final Clock clock;

	MongoSetupMarks(MongoDatabase database, Clock clock) {
		this.marks = database.getCollection(COLLECTION);
		this.clock = clock;
	}

	@Override
	public void begin(String step) {
		this.marks.replaceOne(Filters.eq("_id", step),
				new Document("_id", step).append("state", BEGUN).append("at", Date.from(this.clock.instant())),
				new ReplaceOptions().upsert(true));
	}

	@Override
	public void finish(String step) {
		this.marks.updateOne(Filters.and(Filters.eq("_id", step), Filters.eq("state", BEGUN)),
				Updates.combine(Updates.set("state", "finished"), Updates.set("at", Date.from(this.clock.instant()))));
	}

	@Override
	public boolean unfinished(String step) {
		return unfinished(this.marks, step);
	}

	private static boolean unfinished(MongoCollection<Document> marks, String step) {
		return marks.find(Filters.and(Filters.eq("_id", step), Filters.eq("state", BEGUN))).first() != null;
	}

	/**
	 * If {@code step} was begun and not finished, empties {@code database}: drops every
	 * collection, the marks last, so that a stop in the middle of this leaves the step
	 * still unfinished and the next call drops the rest. Before the application starts
	 * (nothing may hold the database's data in memory); for a step whose data is all the
	 * database holds, such as the demo content of a first start.
	 * @return whether it emptied the database
	 */
	public static boolean discardUnfinished(MongoDatabase database, String step) {
		if (!unfinished(database.getCollection(COLLECTION), step)) {
			return false;
		}
		List<String> names = new ArrayList<>();
		database.listCollectionNames().into(names);
		for (String name : names) {
			if (!name.equals(COLLECTION) && !name.startsWith("system.")) {
				database.getCollection(name).drop();
			}
		}
		database.getCollection(COLLECTION).drop();
		return true;
	}

}
