package de.kommunalpakt.forum.shared.mongo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of forum-core.
 *
 * @param database name of the MongoDB database holding the forum
 * @param changeRetention how long the change log keeps a change (search and live
 * notifications read it; a search index further behind than this is rebuilt)
 * @param serverSelectionTimeout how long a database command waits for a reachable server
 * before it fails (the driver's default is 30 s: a page would wait that long for its 503
 * while the database is down)
 * @param connectTimeout how long opening a connection to the database may take
 * @param readTimeout how long the answer to one database command may take before the
 * connection is given up (a hung server; the longest wait on purpose is a change stream's
 * 200 ms)
 */
@Validated
@ConfigurationProperties("forum.core")
public record CoreProperties(@NotBlank @DefaultValue("forum") String database,
		@NotNull @DefaultValue("P14D") Duration changeRetention,
		@NotNull @DefaultValue("3s") Duration serverSelectionTimeout,
		@NotNull @DefaultValue("2s") Duration connectTimeout, @NotNull @DefaultValue("15s") Duration readTimeout) {

}
