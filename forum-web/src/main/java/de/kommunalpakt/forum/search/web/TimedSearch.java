package de.kommunalpakt.forum.search.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import org.springframework.stereotype.Component;

/**
 * Search for the page and the API, timed as {@code forum.search} (Prometheus:
 * {@code forum_search_seconds}, with histogram buckets for percentiles; tag
 * {@code outcome}: {@code ok}, {@code unavailable} or {@code failed}).
 */
@Component
class TimedSearch {

	private final ThreadSearch search;

	private final Timer ok;

	private final Timer unavailable;

	private final Timer failed;

	TimedSearch(ThreadSearch search, MeterRegistry registry) {
		this.search = search;
		this.ok = timer(registry, "ok");
		this.unavailable = timer(registry, "unavailable");
		this.failed = timer(registry, "failed");
	}

	SearchResult search(SearchRequest request) {
		long started = System.nanoTime();
		Timer outcome = this.failed;
		try {
			SearchResult result = this.search.search(request);
			outcome = this.ok;
			return result;
		}
		catch (ThreadSearch.SearchUnavailableException ex) {
			outcome = this.unavailable;
			throw ex;
		}
		finally {
			outcome.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

	private static Timer timer(MeterRegistry registry, String outcome) {
		return Timer.builder("forum.search")
			.description("Dauer einer Suche in Elasticsearch (Seite und API)")
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(registry);
	}

}
