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
 */
@Validated
@ConfigurationProperties("forum.core")
public record CoreProperties(@NotBlank @DefaultValue("forum") String database,
		@NotNull @DefaultValue("P14D") Duration changeRetention) {

}
