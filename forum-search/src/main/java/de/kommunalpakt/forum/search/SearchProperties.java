package de.kommunalpakt.forum.search;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

/**
 * How the forum reaches Elasticsearch.
 *
 * @param enabled whether search and indexing run at all
 * @param uris node addresses of the cluster (8.19 or 9.x)
 * @param index name of the alias the forum searches; concrete indexes are
 * {@code <index>-v<timestamp>} behind it
 * @param timeout connect and socket timeout of one request
 * @param settle how long the indexer keeps re-reading the change log behind a change it
 * has indexed before its checkpoint moves past it: a change whose id was made earlier but
 * whose insert lands within this time is still indexed (log ids are made before the
 * insert, so concurrent writers can land out of order)
 */
@Validated
@ConfigurationProperties("forum.search")
public record SearchProperties(@DefaultValue("true") boolean enabled,
		@NotEmpty @DefaultValue("http://localhost:9200") List<String> uris,
		@NotBlank @DefaultValue("forum-threads") String index, @DefaultValue("5s") Duration timeout,
		@DefaultValue("5s") Duration settle) {

}
