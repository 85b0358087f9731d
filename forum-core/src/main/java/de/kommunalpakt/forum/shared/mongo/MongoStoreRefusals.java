package de.kommunalpakt.forum.shared.mongo;

import java.util.Optional;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import de.kommunalpakt.forum.shared.StoreRefusals;
import org.springframework.stereotype.Component;

/**
 * The driver's failures that are passing refusals. Out of disk space is MongoDB's error
 * code 14031 ({@code OutOfDiskSpace}), which the embedded stand-in also answers before
 * its disk is full.
 */
@Component
class MongoStoreRefusals implements StoreRefusals {

	static final int OUT_OF_DISK_SPACE = 14031;

	@Override
	public Optional<Refusal> classify(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof MongoException mongo) {
				if (mongo.getCode() == OUT_OF_DISK_SPACE) {
					return Optional.of(Refusal.DISK_FULL);
				}
				if (mongo instanceof MongoTimeoutException || mongo instanceof MongoSocketException
						|| mongo instanceof MongoNotPrimaryException
						|| mongo instanceof MongoNodeIsRecoveringException) {
					return Optional.of(Refusal.UNAVAILABLE);
				}
			}
		}
		return Optional.empty();
	}

}
