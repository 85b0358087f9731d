package de.kommunalpakt.forum.shared.mongo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;

/**
 * Settings of forum-core.
 *
 * @param database name of the MongoDB database holding the forum
 */
@Validated
@ConfigurationProperties("forum.core")
public record CoreProperties(@NotBlank @DefaultValue("forum") String database) {

}
