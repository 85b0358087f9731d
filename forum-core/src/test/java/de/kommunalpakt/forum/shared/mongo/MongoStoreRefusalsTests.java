package de.kommunalpakt.forum.shared.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.shared.StoreRefusals.Refusal;

import static org.assertj.core.api.Assertions.assertThat;

class MongoStoreRefusalsTests {

	private final MongoStoreRefusals refusals = new MongoStoreRefusals();

	@Test
	void outOfDiskSpaceIsARefusalEvenWhenWrapped() {
		MongoCommandException full = command(14031, "OutOfDiskSpace");
		assertThat(this.refusals.classify(full)).contains(Refusal.DISK_FULL);
		assertThat(this.refusals.classify(new IllegalStateException("wrapped", full))).contains(Refusal.DISK_FULL);
	}

	@Test
	void anUnreachableDatabaseIsARefusal() {
		assertThat(this.refusals.classify(new MongoTimeoutException("no server"))).contains(Refusal.UNAVAILABLE);
	}

	@Test
	void otherFailuresAreDefects() {
		assertThat(this.refusals.classify(command(11000, "DuplicateKey"))).isEmpty();
		assertThat(this.refusals.classify(new IllegalStateException("bug"))).isEmpty();
	}

	private static MongoCommandException command(int code, String name) {
		return new MongoCommandException(new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
			.append("codeName", new BsonString(name))
			.append("errmsg", new BsonString(name)), new ServerAddress());
	}

}
